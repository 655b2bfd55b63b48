//===- SarifReport.cpp - The SARIF 2.1.0 rendering of findings ------------===//
//
// One run; one result per finding at its flush call; one code flow per
// reclaim context, a thread-flow location per call of its path; the
// workqueue allocations and queue sites as related locations. Files under
// the source root are relative URIs against "%SRCROOT%", so two checkouts
// give the same log. See docs/output.md.
//
//===----------------------------------------------------------------------===//
#include "Report/Report.h"
#include "Analysis/CheckRegistry.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>

namespace wqdep {
namespace {

using llvm::json::OStream;

const char *const RootId = "%SRCROOT%";

/// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string encodePath(const std::string &Path) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char Ch : Path) {
    if (isalnum(Ch) || Ch == '-' || Ch == '.' || Ch == '_' || Ch == '~' ||
        Ch == '/') {
      Out += Ch;
    } else {
      Out += '%';
      Out += Hex[Ch >> 4];
      Out += Hex[Ch & 15];
    }
  }
  return Out;
}

/// Writes one SARIF log to a JSON stream; a method per SARIF object.
class SarifWriter {
public:
  SarifWriter(OStream &J, const SarifOptions &Opts) : J(J), Opts(Opts) {}

  void log(const AnalysisResult &R, const Fingerprints &Fps);

private:
  void rule(const CheckInfo &Info);
  void result(const Finding &F, const std::vector<std::string> &Fps);
  /// The checks that ran, in the order of the rules array.
  std::vector<const Check *> Rules;
  void artifactLocation(const std::string &File);
  void physicalLocation(const Location &L);
  void location(const Location &L, const std::string &Message,
                const std::string &Function = "");
  void invocation(const Scope &S);
  void scope(const Scope &S);
  void message(const std::string &Text) {
    J.attributeObject("message", [&] { J.attribute("text", Text); });
  }

  OStream &J;
  const SarifOptions &Opts;
};

void SarifWriter::artifactLocation(const std::string &File) {
  J.attributeObject("artifactLocation", [&] {
    if (std::optional<std::string> Rel = Opts.Root.relative(File)) {
      J.attribute("uri", encodePath(*Rel));
      J.attribute("uriBaseId", RootId);
    } else {
      J.attribute("uri", "file://" + encodePath(File));
    }
  });
}

void SarifWriter::physicalLocation(const Location &L) {
  J.attributeObject("physicalLocation", [&] {
    artifactLocation(L.File);
    J.attributeObject("region", [&] {
      J.attribute("startLine", L.Line);
      if (L.Column)
        J.attribute("startColumn", L.Column);
    });
  });
}

void SarifWriter::location(const Location &L, const std::string &Message,
                           const std::string &Function) {
  if (L.valid())
    physicalLocation(L);
  if (!Function.empty())
    J.attributeArray("logicalLocations", [&] {
      J.object([&] {
        J.attribute("name", Function);
        J.attribute("kind", "function");
      });
    });
  if (!Message.empty())
    message(Message);
}

/// SARIF's result.rank (0.0 to 100.0, higher is more important) of a
/// finding: its confidence class, spaced so a later class can fit between
/// (docs/output.md).
double rankOf(Confidence C) {
  switch (C) {
  case Confidence::Direct:
    return 90.0;
  case Confidence::Narrowed:
    return 60.0;
  case Confidence::Wide:
    return 30.0;
  }
  return 30.0;
}

/// Failed units as errors of the run, each at its file; the rest of what
/// the run could not see as notes.
void SarifWriter::invocation(const Scope &S) {
  J.attributeArray("invocations", [&] {
    J.object([&] {
      J.attribute("executionSuccessful", true);
      Scope Rest = S;
      Rest.FailedUnits.clear();
      std::vector<std::string> Lines = scopeLines(Rest, /*MaxNames=*/0);
      if (S.FailedUnits.empty() && Lines.empty())
        return;
      J.attributeArray("toolExecutionNotifications", [&] {
        for (const std::string &File : S.FailedUnits)
          J.object([&] {
            J.attributeArray("locations", [&] {
              J.object([&] {
                J.attributeObject("physicalLocation",
                                  [&] { artifactLocation(File); });
              });
            });
            message("cannot analyse this translation unit: what it does is "
                    "not seen by this run");
            J.attribute("level", "error");
          });
        for (const std::string &Line : Lines)
          J.object([&] {
            message("scope: " + Line);
            J.attribute("level", "note");
          });
      });
    });
  });
}

void SarifWriter::scope(const Scope &S) {
  auto Strings = [&](const char *Name, const std::vector<std::string> &V) {
    J.attributeArray(Name, [&] {
      for (const std::string &X : V)
        J.value(X);
    });
  };
  J.attributeObject("scope", [&] {
    J.attribute("complete", scopeComplete(S));
    J.attribute("translation_units", S.Units);
    J.attributeArray("failed_units", [&] {
      for (const std::string &File : S.FailedUnits) {
        std::optional<std::string> Rel = Opts.Root.relative(File);
        J.value(Rel ? *Rel : File);
      }
    });
    J.attribute("indirect_calls", S.IndirectCalls);
    J.attribute("unresolved_indirect_calls", S.UnresolvedCalls);
    J.attribute("workqueues", S.Workqueues);
    Strings("workqueues_unknown_flags", S.UnknownFlagWorkqueues);
    J.attribute("queued_work_items", S.QueuedWorkItems);
    Strings("unbound_work_items", S.UnboundWorkItems);
    J.attribute("queue_sites", S.QueueSites);
    J.attribute("queue_sites_unknown_workqueue",
                S.QueueSitesUnknownWorkqueue);
  });
}

/// "wq-flush-dependency" -> "WqFlushDependency".
std::string ruleName(const std::string &Id) {
  std::string Name;
  bool Up = true;
  for (char Ch : Id) {
    if (Ch == '-') {
      Up = true;
      continue;
    }
    Name += Up ? char(toupper((unsigned char)Ch)) : Ch;
    Up = false;
  }
  return Name;
}

void SarifWriter::rule(const CheckInfo &Info) {
  J.object([&] {
    J.attribute("id", Info.Id);
    J.attribute("name", ruleName(Info.Id));
    J.attributeObject("shortDescription",
                      [&] { J.attribute("text", Info.ShortDescription); });
    J.attributeObject("fullDescription",
                      [&] { J.attribute("text", Info.FullDescription); });
    J.attributeObject("help", [&] {
      J.attribute("text", Info.HelpText);
      J.attribute("markdown", Info.HelpMarkdown);
    });
    J.attributeObject("defaultConfiguration",
                      [&] { J.attribute("level", "warning"); });
    J.attributeObject("properties", [&] {
      J.attributeArray("tags", [&] {
        for (const std::string &Tag : Info.Tags)
          J.value(Tag);
      });
      J.attribute("precision", Info.Precision);
      J.attribute("problem.severity", "warning");
    });
  });
}

void SarifWriter::result(const Finding &F,
                         const std::vector<std::string> &Fps) {
  J.object([&] {
    J.attribute("ruleId", F.Check);
    for (size_t I = 0; I < Rules.size(); ++I)
      if (Rules[I]->info().Id == F.Check)
        J.attribute("ruleIndex", int64_t(I));
    J.attribute("level", severityName(F.Level));
    J.attribute("rank", rankOf(F.Conf));
    message(F.Message);
    J.attributeArray("locations", [&] {
      J.object([&] { location(F.FlushLoc, "", F.FlushFunction); });
    });
    J.attributeObject("partialFingerprints", [&] {
      J.attribute("wqdep/v1", findingFingerprint(Fps));
    });
    if (Opts.BaselineApplied)
      J.attribute("baselineState", "new");

    // One code flow per route: SARIF's code flows are the alternative
    // executions that show a result (threadFlows of one code flow would be
    // threads running together), and viewers list each as a path of its
    // own. A context's routes are consecutive, best first.
    J.attributeArray("codeFlows", [&] {
      for (size_t I = 0; I < F.Contexts.size(); ++I) {
        const Context &C = F.Contexts[I];
        std::vector<Route> Routes = contextRoutes(C);
        for (size_t K = 0; K < Routes.size(); ++K)
          J.object([&] {
            std::string Msg =
                contextName(C) +
                (C.isTask() ? " (" + C.SetApi + ")"
                            : " (work item '" + C.WorkItem + "')") +
                " reaches " + F.Api + " in " + F.FlushFunction;
            if (C.RouteCount > 1)
              Msg += ": route " + std::to_string(K + 1) + " of " +
                     routeCountPhrase(C);
            Msg += " (" + confidencePhrase(Routes[K].Conf,
                                           Routes[K].WideHops) + ")";
            message(Msg);
            J.attributeArray("threadFlows", [&] {
              J.object([&] {
                J.attributeArray("locations", [&] {
                  std::vector<Note> Notes = pathNotes(F, Routes[K].Steps);
                  for (size_t Depth = 0; Depth < Notes.size(); ++Depth)
                    J.object([&] {
                      J.attributeObject("location", [&] {
                        location(Notes[Depth].Loc, Notes[Depth].Message);
                      });
                      J.attributeArray("kinds", [&] { J.value("call"); });
                      J.attribute("nestingLevel", Depth);
                      J.attribute("executionOrder", Depth + 1);
                    });
                });
              });
            });
            J.attributeObject("properties", [&] {
              J.attribute("context", I + 1);
              J.attribute("route", K + 1);
              J.attribute("routeCount", C.RouteCount);
              J.attribute("routeCountIsLowerBound", C.RouteCountIsLowerBound);
              J.attribute("confidence", confidenceName(Routes[K].Conf));
              J.attribute("wideHops", Routes[K].WideHops);
              // The context's fingerprint is its best route's (a baseline
              // line), so only that route carries it.
              if (K == 0)
                J.attribute("fingerprint", Fps[I]);
            });
          });
      }
    });

    // The target's allocation, then each context's allocation and queue
    // site, each once.
    std::vector<Note> Related;
    // A sink's list of implementations has no place of its own.
    for (const Note &N : targetNotes(F))
      if (N.Loc.valid() || !F.Sink)
        Related.push_back(N);
    auto Add = [&](const Note &N) {
      for (const Note &Old : Related)
        if (Old.Loc == N.Loc && Old.Message == N.Message)
          return;
      Related.push_back(N);
    };
    for (const Context &C : F.Contexts) {
      for (const Note &N : originNotes(C))
        Add(N);
      Add(queueNote(C));
    }
    J.attributeArray("relatedLocations", [&] {
      for (size_t I = 0; I < Related.size(); ++I)
        J.object([&] {
          J.attribute("id", I + 1);
          location(Related[I].Loc, Related[I].Message);
        });
    });

    J.attributeObject("properties", [&] {
      J.attribute("api", F.Api);
      if (F.Sink) {
        J.attribute("sinkFunction", F.FlushFunction);
        J.attribute("sinkThroughSlot", F.Sink->ThroughSlot);
        J.attribute("missingFlags", F.Sink->Missing);
      } else {
        J.attribute("flushFunction", F.FlushFunction);
        J.attribute("targetWorkqueue", F.Target.Name);
        J.attribute("targetKey", F.Target.Key);
      }
      if (!F.TargetWorkItem.empty())
        J.attribute("targetWorkItem", F.TargetWorkItem);
      J.attribute("contexts", F.Contexts.size());
      J.attribute("confidence", confidenceName(F.Conf));
      uint64_t Routes = 0;
      bool AtLeast = false;
      for (const Context &C : F.Contexts) {
        Routes += C.RouteCount;
        AtLeast |= C.RouteCountIsLowerBound;
      }
      J.attribute("routeCount", Routes);
      J.attribute("routeCountIsLowerBound", AtLeast);
    });
  });
}

void SarifWriter::log(const AnalysisResult &R, const Fingerprints &Fps) {
  // A rule per check that ran (every registered one for a result that
  // does not say), and any check a finding names besides.
  const CheckRegistry &Registry = CheckRegistry::global();
  auto AddRule = [&](const std::string &Id) {
    const Check *C = Registry.find(Id);
    if (C && std::find(Rules.begin(), Rules.end(), C) == Rules.end())
      Rules.push_back(C);
  };
  for (const std::string &Id : R.Checks)
    AddRule(Id);
  if (R.Checks.empty())
    for (const auto &C : Registry.all())
      AddRule(C->info().Id);
  for (const Finding &F : R.Findings)
    AddRule(F.Check);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "wqdep");
            J.attribute("version", Opts.ToolVersion);
            J.attribute("semanticVersion", Opts.ToolVersion);
            J.attributeArray("rules", [&] {
              for (const Check *C : Rules)
                rule(C->info());
            });
          });
        });
        if (!Opts.Root.path().empty())
          J.attributeObject("originalUriBaseIds", [&] {
            J.attributeObject(RootId, [&] {
              std::string Dir = Opts.Root.path();
              if (Dir.back() != '/')
                Dir += '/';
              J.attribute("uri", "file://" + encodePath(Dir));
              J.attributeObject("description", [&] {
                J.attribute("text", "The source root (--source-root)");
              });
            });
          });
        J.attribute("columnKind", "unicodeCodePoints");
        J.attributeArray("results", [&] {
          for (size_t I = 0; I < R.Findings.size(); ++I)
            result(R.Findings[I], Fps.Contexts[I]);
        });
        invocation(R.Coverage);
        J.attributeObject("properties", [&] {
          J.attributeObject("stats", [&] {
            for (const auto &[Name, Value] : R.Counters)
              J.attribute(Name, Value);
          });
          scope(R.Coverage);
          modelAttribute(J, R);
        });
      });
    });
  });
}

} // namespace

void renderSarif(const AnalysisResult &R, const Fingerprints &Fps,
                 llvm::raw_ostream &OS, const SarifOptions &Opts) {
  OStream J(OS, 1);
  SarifWriter(J, Opts).log(portableKeys(R, Opts.Root), Fps);
  OS << "\n";
}

} // namespace wqdep
