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

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

namespace wqdep {
namespace {

using llvm::json::OStream;

const char *const RuleId = "wq-flush-dependency";
const char *const RootId = "%SRCROOT%";

const char *const ShortDescription =
    "A WQ_MEM_RECLAIM workqueue worker can flush work that lacks "
    "WQ_MEM_RECLAIM";

const char *const FullDescription =
    "Code running in a worker of a WQ_MEM_RECLAIM workqueue reaches, through "
    "direct and function-pointer calls, a flush of a workqueue or work item "
    "whose workqueue lacks WQ_MEM_RECLAIM. Under memory pressure the reclaim "
    "worker can then wait for a worker that cannot be created: the deadlock "
    "the kernel's check_flush_dependency() warns about at run time "
    "(\"workqueue: WQ_MEM_RECLAIM ... is flushing !WQ_MEM_RECLAIM ...\").";

const char *const HelpText =
    "Read the path first (one code flow per reclaim context: every call from "
    "the work function to the flush, function-pointer calls naming the slot "
    "they went through). Adding WQ_MEM_RECLAIM to the flushed workqueue is "
    "often the wrong fix: if the path crosses a layer boundary (writeback "
    "into a filesystem's front end, a block driver into a filesystem), move "
    "the work out of the reclaim context instead, onto a workqueue of its "
    "own. Only if the flushed work is itself needed for reclaim to make "
    "progress does its workqueue need WQ_MEM_RECLAIM. A path through a wide "
    "function-pointer slot may not be possible (see docs/limits.md). See "
    "docs/rule.md in the wqdep sources.";

const char *const HelpMarkdown =
    "Read the path first: each code flow is one reclaim context, with every "
    "call from its work function to the flush (function-pointer calls name "
    "the slot they went through).\n\n"
    "**Adding `WQ_MEM_RECLAIM` to the flushed workqueue is often the wrong "
    "fix.**\n\n"
    "- If the path crosses a layer boundary (writeback into a filesystem's "
    "front end, a block driver into a filesystem), move the work out of the "
    "reclaim context: queue it on a workqueue of its own.\n"
    "- If the flushed work is itself needed for reclaim to make progress, "
    "its workqueue does need `WQ_MEM_RECLAIM`.\n"
    "- If the path cannot happen (a function-pointer slot resolved too "
    "widely, see `docs/limits.md`), it is a false positive.\n\n"
    "See `docs/rule.md` in the wqdep sources.";

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
  void rule();
  void result(const Finding &F, const std::vector<std::string> &Fps);
  void artifactLocation(const std::string &File);
  void physicalLocation(const Location &L);
  void location(const Location &L, const std::string &Message,
                const std::string &Function = "");
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

void SarifWriter::rule() {
  J.object([&] {
    J.attribute("id", RuleId);
    J.attribute("name", "WqFlushDependency");
    J.attributeObject("shortDescription",
                      [&] { J.attribute("text", ShortDescription); });
    J.attributeObject("fullDescription",
                      [&] { J.attribute("text", FullDescription); });
    J.attributeObject("help", [&] {
      J.attribute("text", HelpText);
      J.attribute("markdown", HelpMarkdown);
    });
    J.attributeObject("defaultConfiguration",
                      [&] { J.attribute("level", "warning"); });
    J.attributeObject("properties", [&] {
      J.attributeArray("tags", [&] {
        for (const char *Tag :
             {"correctness", "deadlock", "linux-kernel", "workqueue"})
          J.value(Tag);
      });
      J.attribute("precision", "medium");
      J.attribute("problem.severity", "warning");
    });
  });
}

void SarifWriter::result(const Finding &F,
                         const std::vector<std::string> &Fps) {
  J.object([&] {
    J.attribute("ruleId", RuleId);
    J.attribute("ruleIndex", 0);
    J.attribute("level", "warning");
    message(F.Message);
    J.attributeArray("locations", [&] {
      J.object([&] { location(F.FlushLoc, "", F.FlushFunction); });
    });
    J.attributeObject("partialFingerprints", [&] {
      J.attribute("wqdep/v1", findingFingerprint(Fps));
    });
    if (Opts.BaselineApplied)
      J.attribute("baselineState", "new");

    J.attributeArray("codeFlows", [&] {
      for (size_t I = 0; I < F.Contexts.size(); ++I) {
        const Context &C = F.Contexts[I];
        J.object([&] {
          message("WQ_MEM_RECLAIM '" + C.Workqueue.Name + "':" + C.Function +
                  " (work item '" + C.WorkItem + "') reaches " + F.Api +
                  " in " + F.FlushFunction);
          J.attributeArray("threadFlows", [&] {
            J.object([&] {
              J.attributeArray("locations", [&] {
                std::vector<Note> Notes = pathNotes(F, C);
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
          J.attributeObject("properties",
                            [&] { J.attribute("fingerprint", Fps[I]); });
        });
      }
    });

    // The target's allocation, then each context's allocation and queue
    // site, each once.
    std::vector<Note> Related{allocNote(F.Target, /*Reclaim=*/false)};
    auto Add = [&](const Note &N) {
      for (const Note &Old : Related)
        if (Old.Loc == N.Loc && Old.Message == N.Message)
          return;
      Related.push_back(N);
    };
    for (const Context &C : F.Contexts) {
      Add(allocNote(C.Workqueue, /*Reclaim=*/true));
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
      J.attribute("flushFunction", F.FlushFunction);
      J.attribute("targetWorkqueue", F.Target.Name);
      J.attribute("targetKey", F.Target.Key);
      if (!F.TargetWorkItem.empty())
        J.attribute("targetWorkItem", F.TargetWorkItem);
      J.attribute("contexts", F.Contexts.size());
    });
  });
}

void SarifWriter::log(const AnalysisResult &R, const Fingerprints &Fps) {
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
            J.attributeArray("rules", [&] { rule(); });
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
        J.attributeObject("properties", [&] {
          J.attributeObject("stats", [&] {
            for (const auto &[Name, Value] : R.Counters)
              J.attribute(Name, Value);
          });
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
