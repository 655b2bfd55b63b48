//===- TextReport.cpp - Clang-style text diagnostics ----------------------===//
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>

namespace wqdep {

std::string flagString(const WorkqueueRef &W) {
  if (!W.FlagsKnown)
    return "unknown flags";
  if (W.Flags.empty())
    return "0";
  std::string S;
  for (const std::string &F : W.Flags)
    S += (S.empty() ? "" : "|") + F;
  return S;
}

namespace {

std::string where(const Location &L) {
  if (!L.valid())
    return "";
  return fmt::format("{}:{}:{}: ", L.File, L.Line, L.Column);
}

std::string wqName(const WorkqueueRef &W) {
  std::string S = fmt::format("'{}'", W.Name);
  if (!W.Key.empty())
    S += fmt::format(" ({})", W.Key);
  return S;
}

void note(llvm::raw_ostream &OS, const Location &L, const std::string &Msg) {
  OS << where(L) << "note: " << Msg << "\n";
}

void renderAlloc(llvm::raw_ostream &OS, const WorkqueueRef &W, bool Reclaim) {
  if (W.Builtin) {
    note(OS, W.Loc,
         fmt::format("{} is a system workqueue, allocated without "
                     "WQ_MEM_RECLAIM in workqueue_init_early()",
                     wqName(W)));
    return;
  }
  note(OS, W.Loc,
       fmt::format("workqueue {} is allocated {} WQ_MEM_RECLAIM here (flags: {})",
                   wqName(W), Reclaim ? "with" : "without", flagString(W)));
}

} // namespace

void renderText(const AnalysisResult &R, llvm::raw_ostream &OS,
                const TextOptions &Opts) {
  for (const Finding &F : R.Findings) {
    OS << where(F.FlushLoc) << "warning: " << F.Message << " [" << F.Check
       << "]\n";
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (Opts.MaxContexts && Shown == Opts.MaxContexts)
        break;
      ++Shown;
      renderAlloc(OS, C.Workqueue, /*Reclaim=*/true);
      note(OS, C.QueueLoc,
           fmt::format("work item '{}' ({}) is queued on '{}' here, so {} "
                       "runs in a WQ_MEM_RECLAIM worker",
                       C.WorkItem, C.Function, C.Workqueue.Name, C.Function));
      for (size_t I = 0; I + 1 < C.Path.size(); ++I) {
        const PathStep &S = C.Path[I], &Next = C.Path[I + 1];
        std::string Msg = fmt::format("{} calls {}", S.Function, Next.Function);
        if (!Next.Via.empty())
          Msg += fmt::format(" through '{}'", Next.Via);
        note(OS, S.Loc, Msg);
      }
      const PathStep &Last = C.Path.back();
      std::string What = F.TargetWorkItem.empty()
                             ? fmt::format("workqueue '{}'", F.Target.Name)
                             : fmt::format("work item '{}'", F.TargetWorkItem);
      if (F.Inner.empty()) {
        note(OS, Last.Loc, fmt::format("{} calls {}, flushing {}",
                                       Last.Function, F.Api, What));
      } else {
        note(OS, Last.Loc, fmt::format("{} calls {}", Last.Function,
                                       F.Inner.front().Function));
        for (size_t I = 0; I < F.Inner.size(); ++I) {
          bool IsLast = I + 1 == F.Inner.size();
          note(OS, F.Inner[I].Loc,
               IsLast ? fmt::format("{} calls {}, flushing {}",
                                    F.Inner[I].Function, F.Api, What)
                      : fmt::format("{} calls {}", F.Inner[I].Function,
                                    F.Inner[I + 1].Function));
        }
      }
    }
    if (Shown < F.Contexts.size())
      note(OS, Location(),
           fmt::format("{} more reclaim context{} this flush (shown "
                       "with --max-contexts=0 or --format=json)",
                       F.Contexts.size() - Shown,
                       F.Contexts.size() - Shown == 1 ? " reaches"
                                                      : "s reach"));
    renderAlloc(OS, F.Target, /*Reclaim=*/false);
  }
}

} // namespace wqdep
