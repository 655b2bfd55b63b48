//===- TextReport.cpp - Clang-style text diagnostics ----------------------===//
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>

#include <algorithm>

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

std::vector<Note> waitNotes(const Finding &F) {
  if (!F.Wait)
    return {};
  const WaitInfo &W = *F.Wait;
  return {{W.QueueLoc,
           fmt::format("{} queues work item '{}' on '{}' here ({}) and then "
                       "waits for it",
                       F.FlushFunction, F.TargetWorkItem, F.Target.Name,
                       W.QueueApi)},
          {W.CompleteLoc,
           fmt::format("{} completes '{}' here: the wait ends only when a "
                       "worker of '{}' has run it",
                       W.Completer, W.Completion, F.Target.Name)}};
}

std::vector<Note> targetNotes(const Finding &F) {
  std::vector<Note> Notes = waitNotes(F);
  if (!F.Sink) {
    Notes.push_back(allocNote(F.Target, /*Reclaim=*/false));
    return Notes;
  }
  const SinkInfo &S = *F.Sink;
  if (S.ThroughSlot && !S.Implementations.empty()) {
    std::string Names;
    for (size_t I = 0; I < S.Implementations.size(); ++I) {
      if (I == 10) {
        Names += fmt::format(", and {} more", S.Implementations.size() - I);
        break;
      }
      Names += (I ? ", " : "") + S.Implementations[I];
    }
    Notes.push_back(
        {Location(),
         S.Implementations.size() == 1
             ? fmt::format("the only function stored into '{}' is {}", S.Api,
                           Names)
             : fmt::format("'{}' is any of the {} functions stored into it: "
                           "{}",
                           S.Api, S.Implementations.size(), Names)});
  }
  return Notes;
}

std::string sinkNote(const Finding &F, const std::string &Caller) {
  const SinkInfo &S = *F.Sink;
  return fmt::format("{} calls {}{}{}, front-end file I/O {} a filesystem {}",
                     Caller, S.ThroughSlot ? "through '" : "", S.Api,
                     S.ThroughSlot ? "'" : "", S.Write ? "into" : "from",
                     S.Missing);
}

const char *severityWord(const Finding &F) {
  return F.Level == Severity::Note ? "remark" : "warning";
}

std::vector<Note> originNotes(const Context &C) {
  if (C.isTask())
    return {};
  return {allocNote(C.Workqueue, /*Reclaim=*/true)};
}

Note queueNote(const Context &C) {
  if (C.isTask())
    return {C.QueueLoc,
            fmt::format("{} sets {} here ({}), so the calls it makes until "
                        "the flag is cleared run in a PF_MEMALLOC task",
                        C.Function, C.TaskFlags, C.SetApi)};
  return {C.QueueLoc,
          fmt::format("work item '{}' ({}) is queued on '{}' here, so {} "
                      "runs in a WQ_MEM_RECLAIM worker",
                      C.WorkItem, C.Function, C.Workqueue.Name, C.Function)};
}

std::string resolutionPhrase(const std::string &Caller, const PathStep &Next) {
  // A slot's value passed down as a callback is labelled by the callee it
  // is passed to, not by the slot.
  bool Passed = Next.Via.rfind("callback passed to ", 0) == 0;
  const char *There = Passed ? "stored into the slot whose value is passed "
                               "here"
                             : "stored there";
  switch (Next.How) {
  case Resolution::Start:
  case Resolution::Direct:
    return "";
  case Resolution::OnlyStore:
    return fmt::format(" (the only function {})", There);
  case Resolution::AllStores:
    if (Next.Candidates <= 1)
      return fmt::format(" (the only function {})", There);
    return fmt::format(" (one of all {} functions {})", Next.Candidates,
                       There);
  case Resolution::Callback:
    return fmt::format(" (the callback {} passes here)", Caller);
  case Resolution::WorkBinding:
    return " (the function bound to the work item)";
  case Resolution::Model:
    return fmt::format(" (one of {} functions the model file lists for this "
                       "call)",
                       Next.Candidates);
  case Resolution::Chain:
    return fmt::format(" (one of {} functions registered on the chain {} "
                       "runs)",
                       Next.Candidates, Caller);
  case Resolution::Queued:
    return " (its worker, a task of its own: task flags start again from "
           "none)";
  }
  return "";
}

std::string confidencePhrase(Confidence C, unsigned WideHops) {
  std::string S = fmt::format("confidence: {}", confidenceName(C));
  if (WideHops)
    S += fmt::format(", {} wide hop{}", WideHops, WideHops == 1 ? "" : "s");
  return S;
}

std::string routeCountPhrase(const Context &C) {
  return fmt::format("{}{} route{}", C.RouteCountIsLowerBound ? "at least " : "",
                     C.RouteCount, C.RouteCount == 1 ? "" : "s");
}

std::string routeHeading(const Context &C, size_t Index, const Route &R) {
  return fmt::format("route {} of {}{} ({})", Index + 1,
                     C.RouteCountIsLowerBound ? "at least " : "",
                     C.RouteCount, confidencePhrase(R.Conf, R.WideHops));
}

std::string moreRoutes(const Context &C, size_t Shown, Confidence Min,
                       const std::string &Prefix) {
  if (C.RouteCount <= Shown)
    return "";
  uint64_t More = C.RouteCount - Shown;
  std::string Why =
      Min == Confidence::Wide
          ? fmt::format("{}max-routes=N shows up to N", Prefix)
          : fmt::format("below {}min-confidence={}, or beyond {}max-routes",
                        Prefix, confidenceName(Min), Prefix);
  return fmt::format("{}{} more route{} from {} not shown ({})",
                     C.RouteCountIsLowerBound ? "at least " : "", More,
                     More == 1 ? "" : "s", C.Function, Why);
}

std::string contextConfidencePhrase(const Context &C,
                                    const std::vector<Route> &Routes) {
  // The context's confidence is its best route's class; the first route
  // shown is the one with the fewest wide hops, then calls. When it is of
  // the context's class, its wide hops are the context's; else it says so.
  bool Same = Routes.empty() || Routes.front().Conf == C.Conf;
  std::string S =
      confidencePhrase(C.Conf, Same && !Routes.empty()
                                   ? Routes.front().WideHops
                                   : 0);
  if (C.RouteCount > 1)
    S += "; " + routeCountPhrase(C) + ", best first";
  if (!Same)
    S += "; route 1: " +
         confidencePhrase(Routes.front().Conf, Routes.front().WideHops)
             .substr(std::string("confidence: ").size());
  return S;
}

std::vector<Route> contextRoutes(const Context &C) {
  std::vector<Route> Routes;
  Route First;
  First.Steps = C.Path;
  First.Conf = C.PathConf;
  First.WideHops = C.WideHops;
  Routes.push_back(std::move(First));
  Routes.insert(Routes.end(), C.OtherRoutes.begin(), C.OtherRoutes.end());
  return Routes;
}

std::vector<Note> pathNotes(const Finding &F, const Context &C) {
  return pathNotes(F, C.Path);
}

std::vector<Note> pathNotes(const Finding &F,
                            const std::vector<PathStep> &Path) {
  std::vector<Note> Notes;
  for (size_t I = 0; I + 1 < Path.size(); ++I) {
    const PathStep &S = Path[I], &Next = Path[I + 1];
    std::string Msg =
        Next.How == Resolution::Queued
            ? fmt::format("{} queues work item '{}', whose worker runs {}",
                          S.Function, Next.Via, Next.Function)
            : fmt::format("{} calls {}", S.Function, Next.Function);
    if (!Next.Via.empty() && Next.How != Resolution::Queued)
      Msg += fmt::format(" through '{}'", Next.Via);
    Msg += resolutionPhrase(S.Function, Next);
    Notes.push_back({S.Loc, Msg});
  }
  if (Path.empty())
    return Notes; // A check broke the contract (Check.h); say nothing wrong.
  const PathStep &Last = Path.back();
  if (F.Sink) {
    Notes.push_back({Last.Loc, sinkNote(F, Last.Function)});
    return Notes;
  }
  std::string What =
      F.Wait ? fmt::format("waiting for '{}'", F.Wait->Completion)
      : F.TargetWorkItem.empty()
          ? fmt::format("flushing workqueue '{}'", F.Target.Name)
          : fmt::format("flushing work item '{}'", F.TargetWorkItem);
  if (F.Inner.empty()) {
    Notes.push_back({Last.Loc, fmt::format("{} calls {}, {}",
                                           Last.Function, F.Api, What)});
    return Notes;
  }
  Notes.push_back({Last.Loc, fmt::format("{} calls {}", Last.Function,
                                         F.Inner.front().Function)});
  for (size_t I = 0; I < F.Inner.size(); ++I) {
    bool IsLast = I + 1 == F.Inner.size();
    Notes.push_back({F.Inner[I].Loc,
                     IsLast ? fmt::format("{} calls {}, {}",
                                          F.Inner[I].Function, F.Api, What)
                            : fmt::format("{} calls {}", F.Inner[I].Function,
                                          F.Inner[I + 1].Function)});
  }
  return Notes;
}

bool scopeComplete(const Scope &S) {
  return S.FailedUnits.empty() && !S.UnresolvedCalls &&
         S.UnknownFlagWorkqueues.empty() && S.UnboundWorkItems.empty() &&
         !S.QueueSitesUnknownWorkqueue;
}

std::vector<std::string>
scopeLines(const Scope &S, size_t MaxNames,
           const std::function<std::string(const std::string &)> &File) {
  auto Names = [&](const std::vector<std::string> &V, bool Files) {
    std::string Out;
    size_t Shown = MaxNames ? std::min(MaxNames, V.size()) : V.size();
    for (size_t I = 0; I < Shown; ++I)
      Out += (I ? ", " : ": ") + (Files && File ? File(V[I]) : V[I]);
    if (Shown < V.size())
      Out += fmt::format(", and {} more", V.size() - Shown);
    return Out;
  };
  auto Of = [](size_t N, uint64_t Total, const char *One, const char *Many) {
    // The total can be short of N when a counter is not known (0).
    return fmt::format("{} of {} {}", N, std::max<uint64_t>(Total, N),
                       std::max<uint64_t>(Total, N) == 1 ? One : Many);
  };
  // The verb agrees with the count that is its subject.
  auto Verb = [](size_t N, const char *One, const char *Many) {
    return std::string(N == 1 ? One : Many);
  };
  std::vector<std::string> Lines;
  if (!S.FailedUnits.empty())
    Lines.push_back(Of(S.FailedUnits.size(), S.Units, "translation unit",
                       "translation units") +
                    " failed, and what " +
                    Verb(S.FailedUnits.size(), "it does", "they do") +
                    " is not seen" +
                    Names(S.FailedUnits, /*Files=*/true));
  if (S.UnresolvedCalls)
    Lines.push_back(Of(S.UnresolvedCalls, S.IndirectCalls,
                       "call through a function pointer",
                       "calls through function pointers") +
                    Verb(S.UnresolvedCalls, " resolves", " resolve") +
                    " to no function: routes through " +
                    Verb(S.UnresolvedCalls, "it are", "them are") +
                    " not seen");
  if (!S.UnknownFlagWorkqueues.empty())
    Lines.push_back(Of(S.UnknownFlagWorkqueues.size(), S.Workqueues,
                       "workqueue", "workqueues") +
                    Verb(S.UnknownFlagWorkqueues.size(),
                         " has flags that are not constant, so is neither a "
                         "reclaim context nor a flush target",
                         " have flags that are not constant, so are neither "
                         "reclaim contexts nor flush targets") +
                    Names(S.UnknownFlagWorkqueues, false));
  if (!S.UnboundWorkItems.empty())
    Lines.push_back(Of(S.UnboundWorkItems.size(), S.QueuedWorkItems,
                       "queued work item", "queued work items") +
                    Verb(S.UnboundWorkItems.size(),
                         " is bound to no function wqdep saw, so its worker "
                         "is no reclaim context",
                         " are bound to no function wqdep saw, so their "
                         "workers are no reclaim context") +
                    Names(S.UnboundWorkItems, false));
  if (S.QueueSitesUnknownWorkqueue)
    Lines.push_back(Of(S.QueueSitesUnknownWorkqueue, S.QueueSites,
                       "queue call", "queue calls") +
                    Verb(S.QueueSitesUnknownWorkqueue, " queues", " queue") +
                    " on a workqueue wqdep cannot tie to an allocation");
  return Lines;
}

void renderText(const AnalysisResult &R, llvm::raw_ostream &OS,
                const TextOptions &Opts) {
  for (const Finding &F : R.Findings) {
    OS << oneLine(where(F.FlushLoc) + severityWord(F) + ": " + F.Message + " [" +
                  F.Check + "] (" + confidencePhrase(F.Conf) + ")")
       << "\n";
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (Opts.MaxContexts && Shown == Opts.MaxContexts)
        break;
      ++Shown;
      for (const Note &N : originNotes(C))
        note(OS, N);
      std::vector<Route> Routes = contextRoutes(C);
      note(OS, {C.QueueLoc, queueNote(C).Message + " (" +
                                contextConfidencePhrase(C, Routes) + ")"});
      for (size_t I = 0; I < Routes.size(); ++I) {
        // The first route follows the queue note, which counts the routes;
        // each other one is headed by its number and confidence.
        if (I)
          note(OS, {Location(), routeHeading(C, I, Routes[I]) + ":"});
        for (const Note &N : pathNotes(F, Routes[I].Steps))
          note(OS, N);
      }
      std::string More = moreRoutes(C, Routes.size(), Opts.MinConfidence);
      if (!More.empty())
        note(OS, {Location(), More});
    }
    if (Shown < F.Contexts.size())
      note(OS, {Location(),
                fmt::format("{} more reclaim context{} this {} (shown "
                            "with --max-contexts=0 or --format=json)",
                            F.Contexts.size() - Shown,
                            F.Contexts.size() - Shown == 1 ? " reaches"
                                                           : "s reach",
                            F.Sink ? "call" : "flush")});
    for (const Note &N : targetNotes(F))
      note(OS, N);
  }
  // What the run could not see, even (above all) when nothing was found.
  for (const std::string &Line : scopeLines(R.Coverage))
    note(OS, {Location(), "scope: " + Line});
  for (const std::string &Line : modelLines(R))
    note(OS, {Location(), Line});
}

} // namespace wqdep
