//===- FlushDependency.cpp - wq-flush-dependency (rule B) -----------------===//
//
// A WQ_MEM_RECLAIM workqueue's worker that reaches, through direct and
// function-pointer calls, a flush whose target lacks WQ_MEM_RECLAIM: what
// check_flush_dependency() warns about at run time.
//
// Targets: for each concrete flush, the allocations without WQ_MEM_RECLAIM
// of the flushed workqueue, or of every workqueue the flushed item is
// queued on. Findings are keyed by flush site and target; every context
// that reaches it is attached with its best path.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Checks/Checks.h"
#include "Analysis/Model.h"
#include "Graph/Routes.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace wqdep {
namespace {

/// A flush target: an allocation, and the work item when one was flushed.
struct Target {
  size_t Alloc;
  std::string WorkItem;
  bool operator<(const Target &O) const {
    return std::tie(Alloc, WorkItem) < std::tie(O.Alloc, O.WorkItem);
  }
};

class FlushDependencyCheck : public Check {
public:
  FlushDependencyCheck();
  const CheckInfo &info() const override { return Info; }
  void run(const AnalysisModel &M, std::vector<Finding> &Out) const override;
  std::string message(const Finding &F) const override;

private:
  CheckInfo Info;
};

FlushDependencyCheck::FlushDependencyCheck() {
  Info.Id = "wq-flush-dependency";
  Info.Contexts = {ContextKind::WorkqueueWorker, ContextKind::PfMemallocTask};
  Info.Tags = {"correctness", "deadlock", "linux-kernel", "workqueue"};
  Info.Precision = "medium";
  Info.ShortDescription =
      "A WQ_MEM_RECLAIM workqueue worker can flush work that lacks "
      "WQ_MEM_RECLAIM";
  Info.FullDescription =
      "Code running in a worker of a WQ_MEM_RECLAIM workqueue reaches, "
      "through direct and function-pointer calls, a flush of a workqueue or "
      "work item whose workqueue lacks WQ_MEM_RECLAIM. Under memory pressure "
      "the reclaim worker can then wait for a worker that cannot be created: "
      "the deadlock the kernel's check_flush_dependency() warns about at run "
      "time (\"workqueue: WQ_MEM_RECLAIM ... is flushing !WQ_MEM_RECLAIM "
      "...\").";
  Info.HelpText =
      "Read the paths first (one code flow per route of each reclaim "
      "context, best first: every call from the work function to the flush, "
      "function-pointer calls naming the slot they went through and how "
      "they were resolved; the rank follows the route's confidence). Adding WQ_MEM_RECLAIM to the flushed "
      "workqueue is often the wrong fix: if the path crosses a layer boundary "
      "(writeback into a filesystem's front end, a block driver into a "
      "filesystem), move the work out of the reclaim context instead, onto a "
      "workqueue of its own. Only if the flushed work is itself needed for "
      "reclaim to make progress does its workqueue need WQ_MEM_RECLAIM. A "
      "path through a wide function-pointer slot may not be possible (see "
      "docs/limits.md). See docs/rule.md in the wqdep sources.";
  Info.HelpMarkdown =
      "Read the paths first: each code flow is one route of a reclaim "
      "context (best first), with every call from its work function to the "
      "flush (function-pointer calls name the slot they went through and "
      "how they were resolved).\n\n"
      "**Adding `WQ_MEM_RECLAIM` to the flushed workqueue is often the wrong "
      "fix.**\n\n"
      "- If the path crosses a layer boundary (writeback into a filesystem's "
      "front end, a block driver into a filesystem), move the work out of "
      "the reclaim context: queue it on a workqueue of its own.\n"
      "- If the flushed work is itself needed for reclaim to make progress, "
      "its workqueue does need `WQ_MEM_RECLAIM`.\n"
      "- If the path cannot happen (a function-pointer slot resolved too "
      "widely, see `docs/limits.md`), it is a false positive.\n\n"
      "See `docs/rule.md` in the wqdep sources.";
}

std::string FlushDependencyCheck::message(const Finding &F) const {
  const Context &First = F.Contexts.front();
  std::string Msg = contextName(First) + " is flushing !WQ_MEM_RECLAIM '" +
                    F.Target.Name + "'";
  if (!F.TargetWorkFunctions.empty())
    Msg += ":" + F.TargetWorkFunctions.front();
  if (F.Contexts.size() > 1)
    Msg += " (and " + std::to_string(F.Contexts.size() - 1) +
           " more reclaim context" + (F.Contexts.size() > 2 ? "s" : "") + ")";
  return Msg;
}

void FlushDependencyCheck::run(const AnalysisModel &M,
                               std::vector<Finding> &Out) const {
  const Program &P = M.program();
  const std::vector<SiteEffect> &Concrete = M.concrete();

  // Flush sites and their non-reclaim targets: the flushes and cancels
  // alone (the model lists them), in concrete order.
  const std::vector<uint32_t> &Flushes = M.concreteOfKind(EffectKind::Flush),
                              &Exempts = M.concreteOfKind(EffectKind::Exempt);
  std::vector<uint32_t> Candidates;
  Candidates.reserve(Flushes.size() + Exempts.size());
  std::merge(Flushes.begin(), Flushes.end(), Exempts.begin(), Exempts.end(),
             std::back_inserter(Candidates));
  std::unordered_map<size_t, std::vector<Target>> Targets;
  std::vector<uint32_t> Sites;
  for (uint32_t I : Candidates) {
    const SiteEffect &S = Concrete[I];
    if (!M.isCheckedFlush(S.E))
      continue;
    std::set<Target> T;
    auto Consider = [&](const std::string &Wq, const std::string &Work) {
      for (size_t A : M.allocsOf(Wq)) {
        const WorkqueueAlloc &Alloc = P.Allocs[A];
        if (Alloc.Flags && !Alloc.MemReclaim)
          T.insert({A, Work});
      }
    };
    if (S.E.WorkItem.isObject()) {
      auto It = M.queuedOn().find(S.E.WorkItem.Key);
      if (It != M.queuedOn().end())
        for (const QueueSite &Q : It->second)
          Consider(Q.Workqueue, S.E.WorkItem.Key);
    } else if (S.E.Workqueue.isObject()) {
      Consider(S.E.Workqueue.Key, "");
    }
    if (T.empty())
      continue;
    Targets[I].assign(T.begin(), T.end());
    Sites.push_back(I);
  }

  std::map<std::pair<size_t, Target>, Finding> Findings;
  routeContexts(M, Sites,
                [&](const ReclaimContext &C, size_t SiteIdx,
                    std::vector<Route> &Rs, const FoundRoutes &Found) {
    const SiteEffect &S = Concrete[SiteIdx];
    const auto &Ts = Targets[SiteIdx];
    for (const Target &T : Ts) {
      Finding &Fd = Findings[{SiteIdx, T}];
      if (Fd.Api.empty())
        Fd = siteFinding(M, Info.Id, S, T.Alloc, T.WorkItem);
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

std::unique_ptr<Check> makeFlushDependencyCheck() {
  return std::make_unique<FlushDependencyCheck>();
}

} // namespace wqdep
