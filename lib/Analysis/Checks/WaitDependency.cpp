//===- WaitDependency.cpp - wq-wait-dependency (implicit flushes) ---------===//
//
// check_flush_dependency() runs only inside the flush primitives. Code that
// queues a work item and then sleeps on a completion the work function
// completes,
//
//   queue_work(wq, &ctx->work);           work_fn(w):
//   wait_for_completion(&ctx->done);        ...; complete(&ctx->done);
//
// waits for that worker exactly as flush_work() would, and deadlocks the
// same way when wq lacks WQ_MEM_RECLAIM and the waiter is a reclaim context:
// the worker may never be created. The kernel says nothing. This check
// reports it with the same contexts and routes as wq-flush-dependency.
//
// The pattern, per wait site (a concrete Wait effect, in function W):
//  - W also queues (directly or through wrappers) a work item K on a
//    workqueue Q: a concrete Queue effect in W;
//  - a function K runs there (the queue's own binding, or every function K
//    is bound to), or a function it reaches by direct calls (up to
//    MaxCompleterDepth), completes the same completion object (named as
//    every object is: "struct ctx::done", a global, a local of W);
//  - Q is allocated with known flags, without WQ_MEM_RECLAIM, and is not a
//    BH workqueue (BH work runs in softirq and needs no worker).
// Limits (docs/limits.md): the queue and the wait must be in one function;
// a completion reached through a pointer field (`ctx->done = &done`) is a
// different name from the local it points to, so that pairing is missed.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Checks/Checks.h"
#include "Analysis/Model.h"
#include "Facts/KernelModel.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace wqdep {
namespace {

constexpr unsigned MaxCompleterDepth = 4;

struct WaitTarget {
  size_t Alloc;
  std::string WorkItem;
  /// The first queue and complete sites found (indexes into M.concrete()):
  /// what the finding shows; others of the same item and workqueue are the
  /// same finding.
  size_t QueueSite;
  size_t CompleteSite;
  bool operator<(const WaitTarget &O) const {
    return std::tie(Alloc, WorkItem) < std::tie(O.Alloc, O.WorkItem);
  }
};

class WaitDependencyCheck : public Check {
public:
  WaitDependencyCheck();
  const CheckInfo &info() const override { return Info; }
  void run(const AnalysisModel &M, std::vector<Finding> &Out) const override;
  std::string message(const Finding &F) const override;

private:
  CheckInfo Info;
};

WaitDependencyCheck::WaitDependencyCheck() {
  Info.Id = "wq-wait-dependency";
  Info.Contexts = {ContextKind::WorkqueueWorker, ContextKind::PfMemallocTask};
  Info.Tags = {"correctness", "deadlock", "linux-kernel", "workqueue"};
  Info.Precision = "medium";
  Info.ShortDescription =
      "A reclaim context waits for work queued on a workqueue that lacks "
      "WQ_MEM_RECLAIM";
  Info.FullDescription =
      "Code running in a reclaim context (a WQ_MEM_RECLAIM worker, or a task "
      "with PF_MEMALLOC) queues a work item on a workqueue without "
      "WQ_MEM_RECLAIM and then waits for a completion that the work item "
      "completes. That is a flush in all but name: under memory pressure the "
      "worker it waits for may never be created. The kernel's "
      "check_flush_dependency() does not see it, because no flush primitive "
      "is called.";
  Info.HelpText =
      "The wait depends on a worker of a workqueue without WQ_MEM_RECLAIM. "
      "Do the work in the waiting context itself, queue it on a "
      "WQ_MEM_RECLAIM workqueue if it is needed for reclaim to make "
      "progress, or do not wait for it from the reclaim context. Timeouts, "
      "interruptible and killable waits bound or break the wait but still "
      "stall reclaim. See docs/rule.md in the wqdep sources.";
  Info.HelpMarkdown =
      "The wait depends on a worker of a workqueue without "
      "`WQ_MEM_RECLAIM`:\n\n"
      "- do the work in the waiting context itself, or\n"
      "- queue it on a `WQ_MEM_RECLAIM` workqueue if reclaim needs it to "
      "make progress, or\n"
      "- do not wait for it from the reclaim context.\n\n"
      "Timeouts, interruptible and killable waits bound or break the wait "
      "but still stall reclaim. See `docs/rule.md` in the wqdep sources.";
}

std::string WaitDependencyCheck::message(const Finding &F) const {
  const Context &First = F.Contexts.front();
  std::string Msg = contextName(First) + " waits in " + F.Api;
  if (F.Wait && !F.Wait->Qualifier.empty())
    Msg += " (" + F.Wait->Qualifier + ")";
  Msg += " for work item '" + F.TargetWorkItem + "' queued on !WQ_MEM_RECLAIM '" +
         F.Target.Name + "'";
  if (F.Wait)
    Msg += ", which completes '" + F.Wait->Completion + "' in " +
           F.Wait->Completer;
  if (F.Contexts.size() > 1)
    Msg += " (and " + std::to_string(F.Contexts.size() - 1) +
           " more reclaim context" + (F.Contexts.size() > 2 ? "s" : "") + ")";
  return Msg;
}

void WaitDependencyCheck::run(const AnalysisModel &M,
                              std::vector<Finding> &Out) const {
  const Program &P = M.program();
  const CallGraph &G = M.graph();
  const std::vector<SiteEffect> &Concrete = M.concrete();

  // Completes and queues by function.
  std::unordered_map<size_t, std::vector<size_t>> CompletesIn, QueuesIn;
  // (The model lists the concrete effects of each kind.)
  bool AnyWait = false;
  for (uint32_t I : M.concreteOfKind(EffectKind::Wait))
    AnyWait |= Concrete[I].E.Completion.isObject();
  if (!AnyWait)
    return;
  for (uint32_t I : M.concreteOfKind(EffectKind::Complete))
    if (Concrete[I].E.Completion.isObject())
      CompletesIn[Concrete[I].Function].push_back(I);
  if (CompletesIn.empty())
    return;
  for (uint32_t I : M.concreteOfKind(EffectKind::Queue)) {
    const Effect &E = Concrete[I].E;
    if (E.WorkItem.isObject() && E.Workqueue.isObject())
      QueuesIn[Concrete[I].Function].push_back(I);
  }

  // The complete site of \p Completion in what \p Runs reach by direct
  // calls, breadth first; -1 if none.
  auto CompleterOf = [&](const std::vector<size_t> &Runs,
                         const std::string &Completion) -> int64_t {
    std::vector<size_t> Frontier = Runs, Next;
    std::set<size_t> Seen(Runs.begin(), Runs.end());
    for (unsigned Depth = 0; Depth <= MaxCompleterDepth && !Frontier.empty();
         ++Depth) {
      for (size_t F : Frontier) {
        auto It = CompletesIn.find(F);
        if (It != CompletesIn.end())
          for (size_t I : It->second)
            if (Concrete[I].E.Completion.Key == Completion)
              return int64_t(I);
      }
      Next.clear();
      for (size_t F : Frontier)
        for (const Edge &E : G.callees(F))
          if (E.Kind == EdgeKind::Direct && Seen.insert(E.Callee).second)
            Next.push_back(E.Callee);
      std::swap(Frontier, Next);
    }
    return -1;
  };

  std::unordered_map<size_t, std::vector<WaitTarget>> Targets;
  std::vector<uint32_t> Sites;
  for (uint32_t I : M.concreteOfKind(EffectKind::Wait)) {
    const SiteEffect &S = Concrete[I];
    if (!S.E.Completion.isObject())
      continue;
    auto Q = QueuesIn.find(S.Function);
    if (Q == QueuesIn.end())
      continue;
    std::set<WaitTarget> T;
    for (size_t QI : Q->second) {
      const Effect &QE = Concrete[QI].E;
      std::vector<size_t> Runs;
      if (QE.Runs.empty())
        Runs = M.functionsBoundTo(QE.WorkItem.Key);
      else
        for (const FuncRef &Fn : QE.Runs)
          for (size_t F : G.functionsOf(Fn))
            Runs.push_back(F);
      int64_t C = CompleterOf(Runs, S.E.Completion.Key);
      if (C < 0)
        continue;
      for (size_t A : M.allocsOf(QE.Workqueue.Key)) {
        const WorkqueueAlloc &Alloc = P.Allocs[A];
        if (Alloc.Flags && !Alloc.MemReclaim && !Alloc.BH)
          T.insert({A, QE.WorkItem.Key, QI, size_t(C)});
      }
    }
    if (T.empty())
      continue;
    Targets[I].assign(T.begin(), T.end());
    Sites.push_back(I);
  }

  std::map<std::pair<size_t, WaitTarget>, Finding> Findings;
  routeContexts(M, Sites,
                [&](const ReclaimContext &C, size_t SiteIdx,
                    std::vector<Route> &Rs, const FoundRoutes &Found) {
    const SiteEffect &S = Concrete[SiteIdx];
    const auto &Ts = Targets[SiteIdx];
    for (const WaitTarget &T : Ts) {
      Finding &Fd = Findings[{SiteIdx, T}];
      if (Fd.Api.empty()) {
        Fd = siteFinding(M, Info.Id, S, T.Alloc, T.WorkItem);
        WaitInfo W;
        W.Completion = S.E.Completion.Key;
        W.Qualifier = std::string(waitQualifier(S.E.Api));
        const SiteEffect &QS = Concrete[T.QueueSite];
        // As written in the waiting function: the outermost wrapper
        // (queue_work), not the primitive it reaches (queue_work_on).
        W.QueueApi = QS.E.Inner.empty()
                         ? QS.E.Api
                         : G.displayName(QS.E.Inner.front().Function);
        W.QueueLoc = QS.E.Loc;
        const SiteEffect &CS = Concrete[T.CompleteSite];
        W.Completer = G.nameOf(CS.Function);
        W.CompleteLoc = CS.E.Loc;
        Fd.Wait = std::move(W);
      }
      Fd.Contexts.push_back(makeContext(M, C));
      // The last target takes the routes, the others a copy.
      setRoutes(Fd.Contexts.back(),
                &T == &Ts.back() ? std::vector<Route>(std::move(Rs))
                                 : std::vector<Route>(Rs),
                Found.Count, Found.CountIsLowerBound);
    }
  });

  for (auto &[Key, Fd] : Findings) {
    sortContexts(Fd);
    Fd.Message = message(Fd);
    Out.push_back(std::move(Fd));
  }
}

} // namespace

std::unique_ptr<Check> makeWaitDependencyCheck() {
  return std::make_unique<WaitDependencyCheck>();
}

} // namespace wqdep
