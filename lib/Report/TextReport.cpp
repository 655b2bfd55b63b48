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

/// One diagnostic is one line: a newline, tab or other control character
/// in a file or workqueue name is written as an escape (\n, \t, \x1b).
std::string oneLine(const std::string &S) {
  std::string Out;
  Out.reserve(S.size());
  for (unsigned char C : S) {
    if (C >= 0x20 && C != 0x7f) {
      Out += char(C);
      continue;
    }
    switch (C) {
    case '\n': Out += "\\n"; break;
    case '\t': Out += "\\t"; break;
    case '\r': Out += "\\r"; break;
    default: Out += fmt::format("\\x{:02x}", unsigned(C));
    }
  }
  return Out;
}

void note(llvm::raw_ostream &OS, const Note &N) {
  OS << oneLine(where(N.Loc) + "note: " + N.Message) << "\n";
}

} // namespace

Note allocNote(const WorkqueueRef &W, bool Reclaim) {
  if (W.Builtin)
    return {W.Loc, fmt::format("{} is a system workqueue, allocated without "
                               "WQ_MEM_RECLAIM in workqueue_init_early()",
                               wqName(W))};
  return {W.Loc,
          fmt::format("workqueue {} is allocated {} WQ_MEM_RECLAIM here "
                      "(flags: {})",
                      wqName(W), Reclaim ? "with" : "without", flagString(W))};
}

Note queueNote(const Context &C) {
  return {C.QueueLoc,
          fmt::format("work item '{}' ({}) is queued on '{}' here, so {} "
                      "runs in a WQ_MEM_RECLAIM worker",
                      C.WorkItem, C.Function, C.Workqueue.Name, C.Function)};
}

std::vector<Note> pathNotes(const Finding &F, const Context &C) {
  std::vector<Note> Notes;
  for (size_t I = 0; I + 1 < C.Path.size(); ++I) {
    const PathStep &S = C.Path[I], &Next = C.Path[I + 1];
    std::string Msg = fmt::format("{} calls {}", S.Function, Next.Function);
    if (!Next.Via.empty())
      Msg += fmt::format(" through '{}'", Next.Via);
    Notes.push_back({S.Loc, Msg});
  }
  if (C.Path.empty())
    return Notes; // A check broke the contract (Check.h); say nothing wrong.
  const PathStep &Last = C.Path.back();
  std::string What = F.TargetWorkItem.empty()
                         ? fmt::format("workqueue '{}'", F.Target.Name)
                         : fmt::format("work item '{}'", F.TargetWorkItem);
  if (F.Inner.empty()) {
    Notes.push_back({Last.Loc, fmt::format("{} calls {}, flushing {}",
                                           Last.Function, F.Api, What)});
    return Notes;
  }
  Notes.push_back({Last.Loc, fmt::format("{} calls {}", Last.Function,
                                         F.Inner.front().Function)});
  for (size_t I = 0; I < F.Inner.size(); ++I) {
    bool IsLast = I + 1 == F.Inner.size();
    Notes.push_back({F.Inner[I].Loc,
                     IsLast ? fmt::format("{} calls {}, flushing {}",
                                          F.Inner[I].Function, F.Api, What)
                            : fmt::format("{} calls {}", F.Inner[I].Function,
                                          F.Inner[I + 1].Function)});
  }
  return Notes;
}

void renderText(const AnalysisResult &R, llvm::raw_ostream &OS,
                const TextOptions &Opts) {
  for (const Finding &F : R.Findings) {
    OS << oneLine(where(F.FlushLoc) + "warning: " + F.Message + " [" +
                  F.Check + "]")
       << "\n";
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (Opts.MaxContexts && Shown == Opts.MaxContexts)
        break;
      ++Shown;
      note(OS, allocNote(C.Workqueue, /*Reclaim=*/true));
      note(OS, queueNote(C));
      for (const Note &N : pathNotes(F, C))
        note(OS, N);
    }
    if (Shown < F.Contexts.size())
      note(OS, {Location(),
                fmt::format("{} more reclaim context{} this flush (shown "
                            "with --max-contexts=0 or --format=json)",
                            F.Contexts.size() - Shown,
                            F.Contexts.size() - Shown == 1 ? " reaches"
                                                           : "s reach")});
    note(OS, allocNote(F.Target, /*Reclaim=*/false));
  }
}

} // namespace wqdep
