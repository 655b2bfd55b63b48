//===- Finding.h - The one data model every report is rendered from -*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_FINDING_H
#define WQDEP_ANALYSIS_FINDING_H

#include "Facts/Facts.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wqdep {

/// A workqueue as a report names it: its allocation.
struct WorkqueueRef {
  std::string Name; ///< The format string given to alloc_workqueue().
  std::string Key;  ///< Where it is stored ("struct xfs_mount::m_sync_workqueue").
  bool FlagsKnown = false;
  std::vector<std::string> Flags;
  Location Loc; ///< Invalid for a built-in system workqueue.
  bool Builtin = false;
};

/// How the call into a step's function was resolved: the evidence that the
/// previous step calls this function (docs/rule.md, "How each call is
/// resolved").
enum class Resolution : uint8_t {
  Start,      ///< The route's first step (the context's function).
  Direct,     ///< The call names the function.
  OnlyStore,  ///< Through a slot into which only this function is stored.
  AllStores,  ///< Through a slot: one of all N functions stored into it
              ///< anywhere, with no narrowing evidence (a wide hop).
  Callback,   ///< A function pointer the caller on this route passed down.
  WorkBinding, ///< work->func() of an item bound to this function.
  Model,       ///< Through a slot: one of the functions a reviewed model
               ///< file's entry lists for this call.
  Chain,       ///< A notifier_call registered on the notifier chain the
               ///< previous step runs.
  /// stacked-fs-io only: the previous step queues a work item (Via) whose
  /// worker runs this function, later and in a task of its own: the I/O
  /// crosses queue_work() and the task flags start again from none.
  Queued,
};
/// "start", "direct", "only-store", "all-stores", "callback", "work-binding",
/// "model", "chain", "queued".
const char *resolutionName(Resolution R);

/// One step of a path: Function, and the call it makes at Loc (the call to
/// the next step, or the flush itself for the last step).
struct PathStep {
  std::string Function;
  Location Loc;
  /// The function-pointer slot this step was reached through, empty for a
  /// direct call ("struct address_space_operations::writepages").
  std::string Via;
  /// How the call into Function (made by the previous step) was resolved.
  Resolution How = Resolution::Direct;
  /// AllStores, OnlyStore, Model, Chain: how many functions the call
  /// resolves to.
  uint32_t Candidates = 0;
};

/// How much a route rests on: a class of evidence, not a probability
/// (docs/rule.md, "Confidence"). Ordered: a higher value is better evidence.
enum class Confidence : uint8_t {
  /// Some call goes through a slot resolved to every function stored into
  /// it (a wide hop, Resolution::AllStores with more than one candidate).
  Wide = 0,
  /// Calls through function pointers, each resolved by evidence tied to the
  /// route: the only function stored into its slot, a callback passed on
  /// the route, the work item's own binding.
  Narrowed = 1,
  /// Every call names its callee.
  Direct = 2,
};
/// "wide", "narrowed", "direct".
const char *confidenceName(Confidence C);
/// Parses a confidenceName(); false if \p S names none.
bool parseConfidence(const std::string &S, Confidence &Out);
/// The confidence of a route, and its wide hops, from its steps.
Confidence routeConfidence(const std::vector<PathStep> &Steps,
                           unsigned *WideHops = nullptr);

/// One way from a context's function to the flush.
struct Route {
  std::vector<PathStep> Steps;
  Confidence Conf = Confidence::Wide;
  unsigned WideHops = 0;
};

/// Where the flush runs from: rule B, "workqueue" (a WQ_MEM_RECLAIM
/// workqueue's work function), or rule A, "pf_memalloc" (a task with
/// PF_MEMALLOC set: the function holding the scope); the names are
/// contextKindName()'s (Contexts.h).
struct Context {
  std::string Kind = "workqueue";
  WorkqueueRef Workqueue; ///< workqueue: the worker's workqueue.
  std::string WorkItem;   ///< workqueue: the work item it runs.
  std::string Function;
  /// workqueue: a place the work item is queued on the workqueue;
  /// pf_memalloc: where the function sets the flag.
  Location QueueLoc;
  /// pf_memalloc: the flags set ("PF_MEMALLOC | PF_KSWAPD") and how
  /// ("memalloc_noreclaim_save", "flags |= PF_MEMALLOC").
  std::string TaskFlags;
  std::string SetApi;
  bool isTask() const { return Kind == "pf_memalloc"; }
  /// The best route: fewest wide hops, then fewest calls.
  std::vector<PathStep> Path;
  /// The best of its routes' confidences (Path's may be lower: the best
  /// route is chosen by wide hops, then calls).
  Confidence Conf = Confidence::Wide;
  Confidence PathConf = Confidence::Wide; ///< Path's.
  unsigned WideHops = 0;                  ///< Path's.
  /// Other routes that take a different way through function pointers,
  /// best first, at most AnalysisOptions::MaxRoutes - 1 of them.
  std::vector<Route> OtherRoutes;
  /// How many distinct routes were found (Path and OtherRoutes included):
  /// can be more than are shown.
  uint64_t RouteCount = 1;
  /// Counting stopped at a limit: there are at least RouteCount routes.
  bool RouteCountIsLowerBound = false;
};

/// wq-wait-dependency: what the wait waits for. The function that waits
/// queued a work item on the target workqueue, and a function the item runs
/// completes the completion waited for.
struct WaitInfo {
  std::string Completion; ///< "struct foo::done".
  /// How the wait ends besides the completion ("with a timeout",
  /// "interruptible" ...), empty when it does not.
  std::string Qualifier;
  std::string QueueApi; ///< "queue_work".
  Location QueueLoc;    ///< The queue call, in the function that waits.
  std::string Completer; ///< The function that completes it.
  Location CompleteLoc;
};

/// How loud a finding is: the flush and wait checks and stacked-fs-io with
/// no flag set are warnings; stacked-fs-io with half of the flags it asks
/// for is a note (SARIF level "note", LSP information, GitHub notice).
enum class Severity : uint8_t { Warning, Note };
/// "warning", "note".
const char *severityName(Severity S);

/// stacked-fs-io: the front-end file I/O the route ends at.
struct SinkInfo {
  /// The call as written: a function ("vfs_iter_write", "kernel_write") or
  /// the slot called through ("struct file_operations::write_iter").
  std::string Api;
  bool ThroughSlot = false;
  bool Write = true; ///< A write (or fsync), not a read.
  /// ThroughSlot: the functions stored into the slot (sorted), the
  /// filesystems the I/O may enter.
  std::vector<std::string> Implementations;
  /// The task flags (TaskFlag bits) set where the best route makes the
  /// call, and the names of the ones stacked I/O needs that are missing
  /// ("PF_LOCAL_THROTTLE and PF_MEMALLOC_NOIO", "PF_LOCAL_THROTTLE").
  uint8_t Flags = 0;
  std::string Missing;
  /// The flags missing, as TaskFlag bits: both halves (TF_LOCAL_THROTTLE |
  /// TF_MEMALLOC_NOIO, a warning), or one of them (a note).
  uint8_t MissingFlags = 0;
};

/// A flush call site that some reclaim context reaches, of one target
/// workqueue without WQ_MEM_RECLAIM; for wq-wait-dependency, a wait whose
/// completion a work item queued there completes (Wait).
struct Finding {
  /// The check's id (CheckRegistry.h): what every output names it by.
  std::string Check;
  std::string Message;
  std::string Api;           ///< "flush_work", "flush_workqueue" ...
  std::string FlushFunction; ///< The function containing the flush call.
  Location FlushLoc;
  /// When the flush is made by a wrapper: the calls inside the wrappers down
  /// to the primitive, outermost first.
  std::vector<PathStep> Inner;
  WorkqueueRef Target;
  std::string TargetWorkItem; ///< Empty for a whole-workqueue flush.
  std::vector<std::string> TargetWorkFunctions;
  std::vector<Context> Contexts;
  /// wq-wait-dependency only.
  std::optional<WaitInfo> Wait;
  /// stacked-fs-io only: Api, FlushFunction and FlushLoc are the sink call
  /// (the function making it and where); Target is empty.
  std::optional<SinkInfo> Sink;
  Severity Level = Severity::Warning;
  /// The best of its contexts' confidences.
  Confidence Conf = Confidence::Wide;
};

/// How a message names a context: "WQ_MEM_RECLAIM 'xfs-sync':fn" or
/// "PF_MEMALLOC task fn".
std::string contextName(const Context &C);

/// What a run could not see: a clean report over a tree where much is
/// unresolved is not a clean bill of health. Every format states it.
struct Scope {
  uint64_t Units = 0;
  /// Units whose facts are missing (did not parse, timed out, ...).
  std::vector<std::string> FailedUnits;
  uint64_t IndirectCalls = 0;
  /// Calls through a function pointer that resolve to nothing: an
  /// expression wqdep cannot follow, or a slot nothing is stored into.
  uint64_t UnresolvedCalls = 0;
  uint64_t Workqueues = 0;
  /// Allocations whose flags are not a constant: never a context or a
  /// target. Their names ("name (storage)").
  std::vector<std::string> UnknownFlagWorkqueues;
  uint64_t QueuedWorkItems = 0;
  /// Work items queued somewhere but bound to no function wqdep saw: their
  /// workers are no context.
  std::vector<std::string> UnboundWorkItems;
  /// Queue sites whose workqueue wqdep could not tie to an allocation.
  uint64_t QueueSitesUnknownWorkqueue = 0;
  uint64_t QueueSites = 0;
};

/// What a run did, for the summary and the JSON "stats".
using Stats = std::vector<std::pair<std::string, uint64_t>>;

/// A reviewed model file's entry (docs/model-file.md) and what it did.
struct ModelEntryUse {
  std::string Where;  ///< "FILE:LINE".
  std::string Entry;  ///< As written, without its reason.
  std::string Reason;
  uint64_t CallSites = 0;    ///< Calls it decided.
  uint64_t EdgesRemoved = 0; ///< Call edges it removed.
  /// A route entry (`no-path`, `resolve ... under`): the functions of the
  /// program under which it applies; 0 for the others.
  uint64_t Functions = 0;
  bool OnRoutes = false;
  bool applied() const { return CallSites > 0 || Functions > 0; }
  /// (context, finding) pairs it removed: the run without it reports this
  /// many more. Measured only for an entry that decided a call.
  uint64_t PairsRemoved = 0;
  bool Measured = false;
};

struct AnalysisResult {
  std::vector<Finding> Findings;
  /// The model file given (--model=), empty without one, and its entries.
  std::string ModelFile;
  std::vector<ModelEntryUse> ModelEntries;
  Stats Counters;
  /// The ids of the checks that ran, in registry order (SARIF's rules).
  std::vector<std::string> Checks;
  Scope Coverage;
  /// Where the analysis's time went: "model" (graph, summaries, contexts),
  /// then each check that ran, in seconds (--timings).
  std::vector<std::pair<std::string, double>> Seconds;
};

} // namespace wqdep

#endif
