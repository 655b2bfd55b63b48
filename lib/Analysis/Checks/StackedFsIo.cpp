//===- StackedFsIo.cpp - stacked-fs-io: reclaim-side I/O into a filesystem ===//
//
// The seed thread's real lesson. The writeback flusher (a WQ_MEM_RECLAIM
// worker), or reclaim itself (a PF_MEMALLOC task), is the back end of
// filesystem writeback; when its path submits I/O straight into a
// filesystem's front end (a file's ->write_iter, vfs_iter_write(),
// kernel_write() ...), the lower filesystem's allocations may recurse into
// reclaim and into I/O of the device being cleaned, and its dirty
// throttling may wait on the very writeback that is calling it. Code that
// does this on purpose (the loop driver, NFS localio) does it from a task
// that sets
//
//   current->flags |= PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO;
//
// for the duration of the I/O. This check reports the front-end file I/O a
// reclaim context reaches without that scope.
//
// Contexts: the reclaim contexts of the flush checks, and, since the duty
// follows the I/O across queue_work(), every worker a context's path
// queues (on any workqueue), transitively: its route is the context's route
// to the queue call, a "queued" step, and the worker's own route. A worker
// is a task of its own, so the flags start again from none there.
//
// Sinks: calls of the functions in fileIoSinks() (KernelModel.h) and calls
// through file_operations::write_iter/read_iter. Routes stop at a sink:
// they never enter a sink function (vfs_iter_write()'s own ->write_iter
// call is the same I/O).
//
// The flags of a route are those set where it makes each call (on the
// calls of the route and the sink call: CallSite::TaskFlags, set by the
// caller's own scope), so a scope anywhere above the sink covers it. Three
// searches, each taking no call made with the flags it excludes set:
//   neither:   neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO/PF_MEMALLOC;
//   reclaim:   no PF_MEMALLOC_NOIO or PF_MEMALLOC (the reclaim half);
//   throttle:  no PF_LOCAL_THROTTLE (the throttling half).
// A (context, sink) pair found by the first is a warning; else by the
// second or the third, a note naming the missing half. PF_MEMALLOC counts
// as the reclaim half (no reclaim recursion at all); PF_MEMALLOC_NOFS
// counts for nothing (it still reclaims through the block layer).
//
//===----------------------------------------------------------------------===//
#include "Analysis/Checks/Checks.h"
#include "Analysis/Model.h"
#include "Facts/KernelModel.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

namespace wqdep {
namespace {

constexpr uint8_t ReclaimHalf = TF_MEMALLOC_NOIO | TF_MEMALLOC;
constexpr uint8_t ThrottleHalf = TF_LOCAL_THROTTLE;
/// How many queue_work() crossings a route may make.
constexpr unsigned MaxQueueHops = 3;

/// The searches, most severe first: the flags each excludes.
enum Class : uint8_t { Neither = 0, NoReclaim = 1, NoThrottle = 2 };
constexpr uint8_t Excluded[3] = {ReclaimHalf | ThrottleHalf, ReclaimHalf,
                                 ThrottleHalf};
const char *const ClassName[3] = {"neither", "no-reclaim-half",
                                  "no-throttle-half"};

struct SinkSite {
  size_t Function;
  const CallSite *Call;
  const FileIoSink *Sink;
};

/// A route segment to a queue call: from a base context or a worker to the
/// call that queues the next worker (its last step makes the queue call).
/// Kept as edges: most segments are only compared, and their steps are
/// made for the few that end in a finding.
struct Segment {
  size_t From = 0;
  EdgePath Edges;
  size_t Queue = 0; ///< The queue call (an index into the queue sites).
  unsigned WideHops = 0;
  size_t Calls = 0; ///< Steps: the start and one per edge.
};

/// The best way found from one base context to a worker: the segment that
/// queues it, from the base context (Prev < 0) or from worker Prev, whose
/// own chain comes before. Costs are compared as routes are: wide hops,
/// then calls.
struct Chain {
  const Segment *Seg = nullptr;
  int64_t Prev = -1; ///< The previous worker (its number), or -1.
  unsigned WideHops = 0;
  size_t Calls = 0;
  bool valid() const { return Seg != nullptr; }
};
/// By worker number (the queued functions, numbered in function order).
using Chains = std::vector<Chain>;

/// \p ChainSteps (ending with the worker), then \p R's steps without its
/// start (the worker again).
std::vector<PathStep> compose(std::vector<PathStep> ChainSteps,
                              const std::vector<PathStep> &R) {
  // The worker's step: reached by the queue, making R's first call.
  ChainSteps.back().Loc = R.front().Loc;
  ChainSteps.insert(ChainSteps.end(), R.begin() + 1, R.end());
  return ChainSteps;
}

/// The queue calls and the workers: what a chain's steps are made from.
struct QueueTable {
  std::vector<Location> Loc;       ///< Per queue call.
  std::vector<std::string> Item;   ///< Per queue call: the work item.
  std::vector<size_t> Function;    ///< Per worker number: its function.
};

/// The steps of worker \p Worker's chain in \p R, ending with the
/// worker's step (Resolution::Queued, its Loc left to the caller).
std::vector<PathStep> chainSteps(const CallGraph &G, const Chains &R,
                                 size_t Worker, const QueueTable &T) {
  const Chain &C = R[Worker];
  std::vector<PathStep> Seg =
      routeSteps(G, C.Seg->From, C.Seg->Edges, T.Loc[C.Seg->Queue]);
  std::vector<PathStep> Steps;
  if (C.Prev >= 0) {
    // The previous worker's steps, then this segment without its start.
    Steps = compose(chainSteps(G, R, size_t(C.Prev), T), Seg);
  } else {
    Steps = std::move(Seg);
  }
  PathStep W;
  W.Function = G.nameOf(T.Function[Worker]);
  W.How = Resolution::Queued;
  W.Via = T.Item[C.Seg->Queue];
  Steps.push_back(std::move(W));
  return Steps;
}

class StackedFsIoCheck : public Check {
public:
  StackedFsIoCheck();
  const CheckInfo &info() const override { return Info; }
  void run(const AnalysisModel &M, std::vector<Finding> &Out) const override;
  std::string message(const Finding &F) const override;

private:
  CheckInfo Info;
};

StackedFsIoCheck::StackedFsIoCheck() {
  Info.Id = "stacked-fs-io";
  Info.Contexts = {ContextKind::WorkqueueWorker, ContextKind::PfMemallocTask};
  Info.Tags = {"correctness", "deadlock", "linux-kernel", "writeback"};
  Info.Precision = "medium";
  Info.ShortDescription =
      "A reclaim context does file I/O into a filesystem without "
      "PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO";
  Info.FullDescription =
      "Code on the back end of writeback or reclaim (a WQ_MEM_RECLAIM "
      "worker, a PF_MEMALLOC task, or a worker either of them queues) "
      "submits front-end file I/O into a filesystem (->write_iter, "
      "vfs_iter_write(), kernel_write() ...) without the task flags that "
      "stacked I/O needs: PF_MEMALLOC_NOIO, so that the lower filesystem's "
      "allocations do not recurse into reclaim and I/O of the device being "
      "cleaned, and PF_LOCAL_THROTTLE, so that its dirty throttling does not "
      "wait on the writeback that is calling it. The loop driver and NFS "
      "localio set both in the worker that does the I/O. Adding "
      "WQ_MEM_RECLAIM to a workqueue fixes neither.";
  Info.HelpText =
      "Do the I/O from a worker of its own that sets "
      "current->flags |= PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO around it and "
      "restores the old flags afterwards, as loop_process_work() and NFS "
      "localio's nfs_local_call_write() do; prefer asynchronous direct I/O "
      "where the filesystem offers it. Adding WQ_MEM_RECLAIM to a workqueue "
      "fixes neither half. A note (half of the flags) says which half is "
      "missing. A path through a wide function-pointer slot may not "
      "be possible (see docs/limits.md). See docs/rule.md in the wqdep "
      "sources.";
  Info.HelpMarkdown =
      "Front-end file I/O from the back end of writeback or reclaim needs "
      "both task flags:\n\n"
      "- `PF_MEMALLOC_NOIO`: the lower filesystem's allocations must not "
      "recurse into reclaim and I/O of the device being cleaned;\n"
      "- `PF_LOCAL_THROTTLE`: its dirty throttling must not wait on the "
      "writeback that is calling it.\n\n"
      "Do the I/O from a worker of its own that sets `current->flags |= "
      "PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO` and restores the old flags, as "
      "`loop_process_work()` and NFS localio do; prefer asynchronous direct "
      "I/O. **Adding `WQ_MEM_RECLAIM` to a workqueue fixes neither.** A "
      "note says which half is missing. See `docs/rule.md` in the wqdep "
      "sources.";
}

/// "'struct file_operations::write_iter' (xfs_file_write_iter, ...)" or
/// "vfs_iter_write".
std::string sinkWords(const SinkInfo &S) {
  if (!S.ThroughSlot)
    return S.Api;
  std::string W = "'" + S.Api + "'";
  if (S.Implementations.empty())
    return W;
  W += " (";
  const size_t Shown = std::min<size_t>(S.Implementations.size(), 3);
  for (size_t I = 0; I < Shown; ++I)
    W += (I ? ", " : "") + S.Implementations[I];
  if (Shown < S.Implementations.size())
    W += ", and " + std::to_string(S.Implementations.size() - Shown) + " more";
  return W + ")";
}

std::string StackedFsIoCheck::message(const Finding &F) const {
  const Context &First = F.Contexts.front();
  std::string Msg = contextName(First) + " " +
                    (F.Sink && !F.Sink->Write ? "reads from " : "writes into ") +
                    (F.Sink ? sinkWords(*F.Sink) : F.Api) + " " +
                    (F.Sink ? F.Sink->Missing : std::string());
  if (F.Contexts.size() > 1)
    Msg += " (and " + std::to_string(F.Contexts.size() - 1) +
           " more reclaim context" + (F.Contexts.size() > 2 ? "s" : "") + ")";
  return Msg;
}

/// What a route misses, in words, from the flags it has.
std::string missingWords(Class K, uint8_t Has) {
  if (K == Neither)
    return "with neither PF_LOCAL_THROTTLE nor PF_MEMALLOC_NOIO set";
  if (K == NoReclaim)
    return "with PF_LOCAL_THROTTLE set but not PF_MEMALLOC_NOIO";
  // The reclaim half is there: say which flag gives it, when every
  // context's route has the same one.
  return std::string("with ") +
         (Has & TF_MEMALLOC_NOIO ? "PF_MEMALLOC_NOIO"
          : Has & TF_MEMALLOC    ? "PF_MEMALLOC"
                                 : "PF_MEMALLOC_NOIO or PF_MEMALLOC") +
         " set but not PF_LOCAL_THROTTLE";
}

/// A candidate route for a (base context, sink, class): straight from the
/// context, or through a worker reached by Chain.
struct Candidate {
  bool Valid = false;
  /// The worker the last segment starts at; -1: straight from the context.
  int64_t Via = -1;
  std::vector<FoundRoute> Routes; ///< The last segment's routes.
  uint64_t Count = 0;
  bool AtLeast = false;
  unsigned WideHops = 0;
  size_t Calls = 0;
  /// The task flags set where the best route makes its calls after its
  /// last queue crossing (and the sink call).
  uint8_t Has = 0;
  bool betterThan(const Candidate &O) const {
    return !O.Valid ||
           std::make_pair(WideHops, Calls) < std::make_pair(O.WideHops, O.Calls);
  }
};

void StackedFsIoCheck::run(const AnalysisModel &M,
                           std::vector<Finding> &Out) const {
  const CallGraph &G = M.graph();
  const std::vector<SiteEffect> &Concrete = M.concrete();

  // Sinks, and the sink functions no route enters. A sink call after a
  // call that never returns is not made (terminal-callees, as its edge).
  const bool Terminal = M.options().Proofs.TerminalCallees;
  std::vector<SinkSite> Sinks;
  std::vector<char> IsSinkFn(G.size(), 0);
  for (size_t F : G.withFileIo()) {
    const FunctionFacts &Fn = G.function(F);
    if (lookupFileIoSink(Fn.Key, /*Slot=*/false))
      IsSinkFn[F] = 1;
    for (const CallSite &CS : Fn.Calls)
      if (const FileIoSink *S = lookupFileIoSink(CS);
          S && !(Terminal && CS.AfterTerminal))
        Sinks.push_back({F, &CS, S});
  }
  // Inside a sink function, its own calls are the same I/O.
  Sinks.erase(std::remove_if(Sinks.begin(), Sinks.end(),
                             [&](const SinkSite &S) {
                               return IsSinkFn[S.Function];
                             }),
              Sinks.end());
  if (Sinks.empty() || M.contexts().empty())
    return;
  auto IntoSink = [&IsSinkFn](const Edge &E) { return bool(IsSinkFn[E.Callee]); };

  // Queue calls, and the workers each runs.
  RouteSites QueueSites;
  std::vector<std::vector<size_t>> WorkersOf;
  std::vector<std::string> ItemOf;
  for (uint32_t I : M.concreteOfKind(EffectKind::Queue)) {
    const SiteEffect &S = Concrete[I];
    if (!S.E.WorkItem.isObject())
      continue;
    std::vector<size_t> Runs;
    if (S.E.Runs.empty())
      Runs = M.functionsBoundTo(S.E.WorkItem.Key);
    else
      for (const FuncRef &Fn : S.E.Runs)
        for (size_t F : G.functionsOf(Fn))
          Runs.push_back(F);
    if (Runs.empty())
      continue;
    QueueSites.add(S.Function, S.E.Loc, S.E.TaskFlags, S.E.GuardClear);
    WorkersOf.push_back(std::move(Runs));
    ItemOf.push_back(S.E.WorkItem.Key);
  }

  // Chains: for each base context, the best way to each worker its path
  // queues, up to MaxQueueHops crossings. Workers are numbered in function
  // order.
  const std::vector<ReclaimContext> &Base = M.contexts();
  QueueTable Table;
  Table.Loc = QueueSites.Loc;
  Table.Item = ItemOf;
  std::vector<int64_t> WorkerNo(G.size(), -1);
  {
    std::set<size_t> Queued;
    for (const auto &Runs : WorkersOf)
      Queued.insert(Runs.begin(), Runs.end());
    for (size_t F : Queued) {
      WorkerNo[F] = int64_t(Table.Function.size());
      Table.Function.push_back(F);
    }
  }
  const size_t NW = Table.Function.size();
  std::vector<Chains> Reach(Base.size(), Chains(NW));
  std::deque<Segment> Segments;
  auto NewSegment = [&](size_t From, const FoundRoute &R, size_t Q) {
    Segment &S = Segments.emplace_back();
    S.From = From;
    S.Edges = R.Edges;
    S.Queue = Q;
    S.WideHops = R.WideHops;
    S.Calls = R.Edges.size() + 1;
    return &S;
  };
  // Offers worker W the chain of worker Prev (-1: none) and Seg; keeps the
  // better (wide hops, then calls; the first of equals).
  auto Offer = [](Chains &To, size_t W, int64_t Prev, const Segment *Seg) {
    unsigned Wide = Seg->WideHops;
    size_t Calls = Seg->Calls;
    if (Prev >= 0) {
      Wide += To[size_t(Prev)].WideHops;
      Calls += To[size_t(Prev)].Calls;
    }
    Chain &Old = To[W];
    if (Old.valid() && !(std::make_pair(Wide, Calls) <
                         std::make_pair(Old.WideHops, Old.Calls)))
      return false;
    Old.Seg = Seg;
    Old.Prev = Prev;
    Old.WideHops = Wide;
    Old.Calls = Calls;
    return true;
  };
  // Every function a queued item runs, and the queue calls each reaches
  // (its best route to each): searched once, from every such function.
  // Next[w]: for each worker w's route reaches a queue call of, the
  // cheapest such segment (the first of equals): all a chain through w
  // can take.
  RouteQuery ToQueue;
  ToQueue.Skip = IntoSink;
  ToQueue.BestOnly = true;
  ToQueue.EdgesOnly = true;
  std::vector<std::vector<std::pair<size_t, const Segment *>>> Next(NW);
  {
    std::vector<ReclaimContext> All;
    for (size_t F : Table.Function) {
      ReclaimContext W;
      W.Kind = ContextKind::WorkqueueWorker;
      W.Function = F;
      All.push_back(W);
    }
    std::vector<int64_t> At(NW, -1); // Worker -> its index in Next[from].
    ToQueue.Name = "stacked-fs-io/queue-from-worker";
    routeContextsTo(
        M, All, QueueSites, ToQueue,
        [&](const ReclaimContext &C, size_t Q, std::vector<Route> &,
            const FoundRoutes &F) {
          const size_t From = size_t(WorkerNo[C.Function]);
          auto &List = Next[From];
          if (List.empty())
            std::fill(At.begin(), At.end(), -1);
          const Segment *Seg = nullptr;
          for (size_t WF : WorkersOf[Q]) {
            if (WF == C.Function)
              continue;
            if (!Seg)
              Seg = NewSegment(C.Function, F.Best.front(), Q);
            const size_t W = size_t(WorkerNo[WF]);
            if (At[W] < 0) {
              At[W] = int64_t(List.size());
              List.push_back({W, Seg});
              continue;
            }
            const Segment *&Old = List[size_t(At[W])].second;
            if (std::make_pair(Seg->WideHops, Seg->Calls) <
                std::make_pair(Old->WideHops, Old->Calls))
              Old = Seg;
          }
        });
  }
  // The first crossing of each base context. A worker context's routes to
  // the queue calls are those of its function, searched above (the same
  // question: no flags, no scope, no guard); the others (PF_MEMALLOC tasks:
  // their scope, their guards) are searched here.
  std::vector<ReclaimContext> Others;
  std::vector<size_t> OthersBase;
  for (size_t B = 0; B < Base.size(); ++B) {
    const ReclaimContext &C = Base[B];
    if (C.Kind == ContextKind::WorkqueueWorker && WorkerNo[C.Function] >= 0) {
      for (const auto &[W, Seg] : Next[size_t(WorkerNo[C.Function])])
        Offer(Reach[B], W, -1, Seg);
      continue;
    }
    Others.push_back(C);
    OthersBase.push_back(B);
  }
  ToQueue.Name = "stacked-fs-io/queue";
  routeContextsTo(M, Others, QueueSites, ToQueue,
                  [&](const ReclaimContext &C, size_t Q,
                      std::vector<Route> &, const FoundRoutes &F) {
                    const size_t B = OthersBase[size_t(&C - Others.data())];
                    const Segment *Seg = nullptr;
                    for (size_t W : WorkersOf[Q])
                      if (W != C.Function) {
                        if (!Seg)
                          Seg = NewSegment(C.Function, F.Best.front(), Q);
                        Offer(Reach[B], size_t(WorkerNo[W]), -1, Seg);
                      }
                  });
  // The next crossings: from each worker a chain reaches.
  for (unsigned Hop = 1; Hop < MaxQueueHops; ++Hop) {
    bool Changed = false;
    for (Chains &R : Reach) {
      std::vector<size_t> From;
      for (size_t F = 0; F < NW; ++F)
        if (R[F].valid())
          From.push_back(F);
      for (size_t F : From)
        for (const auto &[W, Seg] : Next[F])
          Changed |= Offer(R, W, int64_t(F), Seg);
    }
    if (!Changed)
      break;
  }
  // Every worker some context reaches: a context of its own for the sinks
  // (a worker: no flags, no scope).
  std::vector<ReclaimContext> Workers;
  {
    std::vector<char> Added(NW, 0);
    for (const auto &R : Reach)
      for (size_t F = 0; F < NW; ++F)
        if (R[F].valid() && !Added[F]) {
          Added[F] = 1;
          ReclaimContext W;
          W.Kind = ContextKind::WorkqueueWorker;
          W.Function = Table.Function[F];
          Workers.push_back(W);
        }
  }

  // The sink searches. Best[(base, sink, class)].
  std::map<std::tuple<size_t, size_t, uint8_t>, Candidate> Best;
  // Base contexts reaching each worker, to compose.
  std::vector<std::vector<size_t>> BasesOf(NW);
  for (size_t B = 0; B < Reach.size(); ++B)
    for (size_t F = 0; F < NW; ++F)
      if (Reach[B][F].valid())
        BasesOf[F].push_back(B);
  for (uint8_t K = Neither; K <= NoThrottle; ++K) {
    RouteSites Sites;
    std::vector<size_t> SinkOf;
    for (size_t I = 0; I < Sinks.size(); ++I)
      if (!(Sinks[I].Call->TaskFlags & Excluded[K])) {
        Sites.add(Sinks[I].Function, Sinks[I].Call->Loc,
                  Sinks[I].Call->TaskFlags, Sinks[I].Call->GuardClear,
                  Sinks[I].Call->Atomic);
        SinkOf.push_back(I);
      }
    // A less severe class is searched only for the pairs the ones before
    // did not find: on a tree where wide slots take every context to every
    // sink, not at all.
    std::vector<ReclaimContext> BaseK;
    std::vector<size_t> BaseOfK;
    std::set<size_t> NeedWorker;
    {
      std::set<std::pair<size_t, size_t>> FoundBefore;
      for (const auto &[Key, C] : Best)
        FoundBefore.insert({std::get<0>(Key), std::get<1>(Key)});
      for (size_t B = 0; B < Base.size(); ++B) {
        bool Need = false;
        for (size_t I : SinkOf)
          if (!FoundBefore.count({B, I})) {
            Need = true;
            break;
          }
        if (!Need)
          continue;
        BaseK.push_back(Base[B]);
        BaseOfK.push_back(B);
        for (size_t F = 0; F < NW; ++F)
          if (Reach[B][F].valid())
            NeedWorker.insert(Table.Function[F]);
      }
    }
    std::vector<ReclaimContext> WorkersK;
    for (const ReclaimContext &W : Workers)
      if (NeedWorker.count(W.Function))
        WorkersK.push_back(W);
    RouteQuery Q;
    Q.Name = std::string("stacked-fs-io/") + ClassName[K];
    Q.EdgesOnly = true;
    // A file write sleeps: no route to one runs in an atomic section (the
    // queue calls above may: queueing does not sleep, and the worker runs
    // later in its own context).
    Q.AtomicSections = M.options().Proofs.AtomicSections;
    const uint8_t Ex = Excluded[K];
    Q.Skip = [Ex, &IntoSink](const Edge &E) {
      return (E.Site && (E.Site->TaskFlags & Ex)) || IntoSink(E);
    };
    // What a found route gives every base context that reaches its start
    // (a worker's routes are offered to each context whose chain reaches
    // it): taken once per route, however many contexts share it.
    struct RoutePart {
      unsigned WideHops = 0;
      size_t Calls = 0;
      uint8_t Has = 0;
    };
    auto PartOf = [&](size_t Sink, const FoundRoutes &Found) {
      RoutePart P;
      P.WideHops = Found.Best.front().WideHops;
      P.Calls = Found.Best.front().Edges.size() + 1;
      P.Has = Sinks[Sink].Call->TaskFlags;
      for (const Edge *E : Found.Best.front().Edges)
        if (E->Site)
          P.Has |= E->Site->TaskFlags;
      return P;
    };
    auto Consider = [&](size_t B, size_t Sink, int64_t Via,
                        const FoundRoutes &Found, const RoutePart &P) {
      const Chain *VC =
          Via >= 0 ? &Reach[B][size_t(WorkerNo[size_t(Via)])] : nullptr;
      const unsigned Wide = P.WideHops + (VC ? VC->WideHops : 0);
      const size_t Calls = P.Calls + (VC ? VC->Calls : 0);
      Candidate &Old = Best[{B, Sink, K}];
      if (Old.Valid && !(std::make_pair(Wide, Calls) <
                         std::make_pair(Old.WideHops, Old.Calls))) {
        Old.Count += Found.Count;
        Old.AtLeast |= Found.CountIsLowerBound;
        return;
      }
      // Better: its routes are shown; every way counts, the other
      // candidates' too.
      Old.Count = Found.Count + (Old.Valid ? Old.Count : 0);
      Old.AtLeast = Found.CountIsLowerBound || (Old.Valid && Old.AtLeast);
      Old.Valid = true;
      Old.Via = Via;
      Old.Routes = Found.Best;
      Old.WideHops = Wide;
      Old.Calls = Calls;
      Old.Has = P.Has;
      if (!VC && Base[B].Kind == ContextKind::PfMemallocTask)
        Old.Has |= Base[B].TaskFlags;
    };
    routeContextsTo(M, BaseK, Sites, Q,
                    [&](const ReclaimContext &C, size_t S,
                        std::vector<Route> &, const FoundRoutes &F) {
                      Consider(BaseOfK[size_t(&C - BaseK.data())], SinkOf[S],
                               -1, F, PartOf(SinkOf[S], F));
                    });
    if (WorkersK.empty())
      continue;
    Q.Name += "/worker";
    // A worker's routes only extend a chain: the best one is shown.
    Q.BestOnly = true;
    routeContextsTo(M, WorkersK, Sites, Q,
                    [&](const ReclaimContext &W, size_t S,
                        std::vector<Route> &, const FoundRoutes &F) {
                      const RoutePart P = PartOf(SinkOf[S], F);
                      for (size_t B : BasesOf[size_t(WorkerNo[W.Function])])
                        Consider(B, SinkOf[S], int64_t(W.Function), F, P);
                    });
  }

  // Findings by (sink, class): each (base context, sink) pair once, in its
  // most severe class.
  std::map<std::pair<size_t, uint8_t>, Finding> Findings;
  std::set<std::pair<size_t, size_t>> Done;
  for (uint8_t K = Neither; K <= NoThrottle; ++K)
    for (auto &[Key, C] : Best) {
      auto [B, Sink, Class] = Key;
      if (Class != K || !Done.insert({B, Sink}).second)
        continue;
      const SinkSite &SS = Sinks[Sink];
      std::vector<Route> Rs;
      std::vector<PathStep> Prefix;
      if (C.Via >= 0)
        Prefix = chainSteps(G, Reach[B], size_t(WorkerNo[size_t(C.Via)]),
                            Table);
      const size_t From = C.Via >= 0 ? size_t(C.Via) : Base[B].Function;
      for (const FoundRoute &FR : C.Routes) {
        Route Full;
        Full.Steps = routeSteps(G, From, FR.Edges, SS.Call->Loc);
        if (C.Via >= 0)
          Full.Steps = compose(Prefix, Full.Steps);
        Full.Conf = routeConfidence(Full.Steps, &Full.WideHops);
        Rs.push_back(std::move(Full));
      }
      Finding &Fd = Findings[{Sink, K}];
      if (Fd.Api.empty()) {
        Fd.Check = Info.Id;
        Fd.Api = std::string(SS.Sink->Name);
        Fd.FlushFunction = G.nameOf(SS.Function);
        Fd.FlushLoc = SS.Call->Loc;
        Fd.Level = K == Neither ? Severity::Warning : Severity::Note;
        SinkInfo SI;
        SI.Api = Fd.Api;
        SI.ThroughSlot = SS.Sink->Slot;
        SI.Write = SS.Sink->Write;
        if (SI.ThroughSlot) {
          FuncRef Ref;
          Ref.Key = SI.Api;
          Ref.IsSlot = true;
          for (size_t F : G.functionsOf(Ref))
            SI.Implementations.push_back(G.nameOf(F));
          std::sort(SI.Implementations.begin(), SI.Implementations.end());
          SI.Implementations.erase(std::unique(SI.Implementations.begin(),
                                               SI.Implementations.end()),
                                   SI.Implementations.end());
        }
        SI.Flags = C.Has;
        SI.MissingFlags = K == Neither     ? TF_LOCAL_THROTTLE | TF_MEMALLOC_NOIO
                          : K == NoReclaim ? TF_MEMALLOC_NOIO
                                           : TF_LOCAL_THROTTLE;
        Fd.Sink = std::move(SI);
      }
      // The flags every context's route has.
      Fd.Sink->Flags &= C.Has;
      Fd.Contexts.push_back(makeContext(M, Base[B]));
      setRoutes(Fd.Contexts.back(), std::move(Rs), C.Count, C.AtLeast);
    }

  for (auto &[Key, Fd] : Findings) {
    Fd.Sink->Missing = missingWords(Class(Key.second), Fd.Sink->Flags);
    sortContexts(Fd);
    Fd.Message = message(Fd);
    Out.push_back(std::move(Fd));
  }
}

} // namespace

std::unique_ptr<Check> makeStackedFsIoCheck() {
  return std::make_unique<StackedFsIoCheck>();
}

} // namespace wqdep
