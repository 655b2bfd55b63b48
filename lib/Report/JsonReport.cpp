//===- JsonReport.cpp - The JSON rendering of findings --------------------===//
#include "Report/Report.h"
#include "Facts/KernelModel.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace wqdep {
namespace {

using llvm::json::OStream;

void location(OStream &J, const Location &L) {
  if (!L.valid()) {
    J.value(nullptr);
    return;
  }
  J.object([&] {
    J.attribute("file", L.File);
    J.attribute("line", L.Line);
    J.attribute("column", L.Column);
  });
}

void workqueue(OStream &J, const WorkqueueRef &W) {
  J.object([&] {
    J.attribute("name", W.Name);
    J.attribute("key", W.Key);
    if (W.FlagsKnown)
      J.attributeArray("flags", [&] {
        for (const std::string &F : W.Flags)
          J.value(F);
      });
    else
      J.attribute("flags", nullptr);
    J.attributeBegin("location");
    location(J, W.Loc);
    J.attributeEnd();
    if (W.Builtin)
      J.attribute("builtin", true);
  });
}

void step(OStream &J, const PathStep &S) {
  J.object([&] {
    J.attribute("function", S.Function);
    J.attributeBegin("location");
    location(J, S.Loc);
    J.attributeEnd();
    if (!S.Via.empty())
      J.attribute("via", S.Via);
    J.attribute("resolution", resolutionName(S.How));
    if (S.How == Resolution::OnlyStore || S.How == Resolution::AllStores ||
        S.How == Resolution::Model || S.How == Resolution::Chain)
      J.attribute("candidates", S.Candidates);
  });
}

void path(OStream &J, const char *Name, const std::vector<PathStep> &Steps) {
  J.attributeArray(Name, [&] {
    for (const PathStep &S : Steps)
      step(J, S);
  });
}

void strings(OStream &J, const char *Name, const std::vector<std::string> &V) {
  J.attributeArray(Name, [&] {
    for (const std::string &S : V)
      J.value(S);
  });
}

void scope(OStream &J, const Scope &S) {
  J.attributeObject("scope", [&] {
    J.attribute("complete", scopeComplete(S));
    J.attribute("translation_units", S.Units);
    strings(J, "failed_units", S.FailedUnits);
    J.attribute("indirect_calls", S.IndirectCalls);
    J.attribute("unresolved_indirect_calls", S.UnresolvedCalls);
    J.attribute("workqueues", S.Workqueues);
    strings(J, "workqueues_unknown_flags", S.UnknownFlagWorkqueues);
    J.attribute("queued_work_items", S.QueuedWorkItems);
    strings(J, "unbound_work_items", S.UnboundWorkItems);
    J.attribute("queue_sites", S.QueueSites);
    J.attribute("queue_sites_unknown_workqueue",
                S.QueueSitesUnknownWorkqueue);
  });
}

} // namespace

void modelAttribute(OStream &J, const AnalysisResult &R) {
  if (R.ModelFile.empty())
    return;
  J.attributeObject("model", [&] {
    J.attribute("file", R.ModelFile);
    J.attributeArray("entries", [&] {
      for (const ModelEntryUse &U : R.ModelEntries)
        J.object([&] {
          J.attribute("at", U.Where);
          J.attribute("entry", U.Entry);
          J.attribute("reason", U.Reason);
          J.attribute("applied", U.applied());
          J.attribute("call_sites", U.CallSites);
          J.attribute("edges_removed", U.EdgesRemoved);
          if (U.OnRoutes)
            J.attribute("functions", U.Functions);
          if (U.Measured)
            J.attribute("pairs_removed", U.PairsRemoved);
          else
            J.attribute("pairs_removed", nullptr);
        });
    });
  });
}

std::vector<std::string> modelLines(const AnalysisResult &R) {
  std::vector<std::string> Out;
  for (const ModelEntryUse &U : R.ModelEntries) {
    std::string L = "model entry " + U.Where + " '" + U.Entry + "': ";
    if (U.OnRoutes && !U.Functions) {
      L += "applied on no route (a function it names is not in the "
           "program)";
    } else if (U.OnRoutes) {
      L += "applied on routes under " + std::to_string(U.Functions) +
           " function" + (U.Functions == 1 ? "" : "s");
      if (U.Measured)
        L += ", " + std::to_string(U.PairsRemoved) +
             " (context, finding) pair" + (U.PairsRemoved == 1 ? "" : "s") +
             " removed";
    } else if (!U.CallSites) {
      L += "applied to no call";
    } else {
      L += "applied to " + std::to_string(U.CallSites) + " call" +
           (U.CallSites == 1 ? "" : "s") + ", " +
           std::to_string(U.EdgesRemoved) + " call edge" +
           (U.EdgesRemoved == 1 ? "" : "s") + " removed";
      if (U.Measured)
        L += ", " + std::to_string(U.PairsRemoved) +
             " (context, finding) pair" + (U.PairsRemoved == 1 ? "" : "s") +
             " removed";
    }
    Out.push_back(std::move(L));
  }
  return Out;
}

void renderJson(const AnalysisResult &R, llvm::raw_ostream &OS) {
  OStream J(OS, 1);
  J.object([&] {
    J.attribute("version", 1);
    J.attributeObject("stats", [&] {
      for (const auto &[Name, Value] : R.Counters)
        J.attribute(Name, Value);
    });
    J.attributeArray("findings", [&] {
      for (const Finding &F : R.Findings) {
        J.object([&] {
          J.attribute("check", F.Check);
          J.attribute("message", F.Message);
          J.attribute("confidence", confidenceName(F.Conf));
          J.attribute("severity", severityName(F.Level));
          if (F.Sink)
            J.attributeObject("sink", [&] {
              J.attribute("api", F.Api);
              J.attribute("through_slot", F.Sink->ThroughSlot);
              J.attribute("io", F.Sink->Write ? "write" : "read");
              J.attribute("function", F.FlushFunction);
              J.attributeBegin("location");
              location(J, F.FlushLoc);
              J.attributeEnd();
              J.attributeArray("implementations", [&] {
                for (const std::string &Fn : F.Sink->Implementations)
                  J.value(Fn);
              });
              J.attributeArray("task_flags", [&] {
                for (const TaskFlagBit &B : taskFlagBits())
                  if (F.Sink->Flags & B.Bit)
                    J.value(std::string(B.Name));
              });
              J.attributeArray("missing_flags", [&] {
                for (const TaskFlagBit &B : taskFlagBits())
                  if (F.Sink->MissingFlags & B.Bit)
                    J.value(std::string(B.Name));
              });
              J.attribute("missing", F.Sink->Missing);
            });
          else
            J.attributeObject("flush", [&] {
              J.attribute("api", F.Api);
              J.attribute("function", F.FlushFunction);
              J.attributeBegin("location");
              location(J, F.FlushLoc);
              J.attributeEnd();
              J.attributeArray("through", [&] {
                for (const PathStep &S : F.Inner)
                  step(J, S);
              });
            });
          if (F.Wait)
            J.attributeObject("wait", [&] {
              J.attribute("completion", F.Wait->Completion);
              J.attribute("qualifier", F.Wait->Qualifier);
              J.attribute("queue_api", F.Wait->QueueApi);
              J.attributeBegin("queued_at");
              location(J, F.Wait->QueueLoc);
              J.attributeEnd();
              J.attribute("completer", F.Wait->Completer);
              J.attributeBegin("completed_at");
              location(J, F.Wait->CompleteLoc);
              J.attributeEnd();
            });
          if (!F.Sink)
            J.attributeObject("target", [&] {
              J.attributeBegin("workqueue");
              workqueue(J, F.Target);
              J.attributeEnd();
              if (F.TargetWorkItem.empty()) {
                J.attribute("work_item", nullptr);
                J.attribute("work_function", nullptr);
              } else {
                J.attribute("work_item", F.TargetWorkItem);
                if (F.TargetWorkFunctions.empty())
                  J.attribute("work_function", nullptr);
                else
                  J.attribute("work_function", F.TargetWorkFunctions.front());
              }
              J.attributeArray("work_functions", [&] {
                for (const std::string &Fn : F.TargetWorkFunctions)
                  J.value(Fn);
              });
            });
          J.attributeArray("contexts", [&] {
            for (const Context &C : F.Contexts)
              J.object([&] {
                J.attribute("kind", C.Kind);
                if (C.isTask()) {
                  J.attribute("function", C.Function);
                  J.attribute("task_flags", C.TaskFlags);
                  J.attribute("set_by", C.SetApi);
                  J.attributeBegin("set_at");
                  location(J, C.QueueLoc);
                  J.attributeEnd();
                } else {
                  J.attributeBegin("workqueue");
                  workqueue(J, C.Workqueue);
                  J.attributeEnd();
                  J.attribute("work_item", C.WorkItem);
                  J.attribute("function", C.Function);
                  J.attributeBegin("queued_at");
                  location(J, C.QueueLoc);
                  J.attributeEnd();
                }
                J.attribute("confidence", confidenceName(C.Conf));
                J.attribute("path_confidence", confidenceName(C.PathConf));
                J.attribute("wide_hops", C.WideHops);
                path(J, "path", C.Path);
                J.attribute("route_count", C.RouteCount);
                J.attribute("route_count_is_lower_bound",
                            C.RouteCountIsLowerBound);
                J.attributeArray("other_routes", [&] {
                  for (const Route &O : C.OtherRoutes)
                    J.object([&] {
                      J.attribute("confidence", confidenceName(O.Conf));
                      J.attribute("wide_hops", O.WideHops);
                      path(J, "path", O.Steps);
                    });
                });
              });
          });
        });
      }
    });
    scope(J, R.Coverage);
    modelAttribute(J, R);
  });
  OS << "\n";
}

} // namespace wqdep
