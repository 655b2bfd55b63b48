//===- Contexts.h - Where reclaim-sensitive code runs -------------*- C++ -*-===//
//
// A reclaim context is a function that runs in a context the kernel's
// check_flush_dependency() checks. The kinds are a closed set that later
// rules extend (PF_MEMALLOC tasks are rule A, see
// ../shared/kernel-workqueue-rules.md); each kind is found here, once, and
// every check reads the same list.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_ANALYSIS_CONTEXTS_H
#define WQDEP_ANALYSIS_CONTEXTS_H

#include "Facts/Facts.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wqdep {

class AnalysisModel;

enum class ContextKind : uint8_t {
  /// Rule B: the work function of a work item queued on a workqueue with
  /// WQ_MEM_RECLAIM (not __WQ_LEGACY, not WQ_BH).
  WorkqueueWorker,
  /// Rule A: a task with PF_MEMALLOC set: the calls a function makes
  /// between setting the flag and clearing it (memalloc_noreclaim_save()
  /// scopes, kswapd's whole life). Function holds the scope.
  PfMemallocTask,
};

/// The name of a kind in reports ("workqueue").
const char *contextKindName(ContextKind K);

/// A context before any check has looked for paths from it.
struct ReclaimContext {
  ContextKind Kind = ContextKind::WorkqueueWorker;
  /// WorkqueueWorker: the workqueue's allocation (an index into
  /// Program::Allocs), the work item, and a place it is queued there.
  size_t Alloc = 0;
  std::string WorkItem;
  Location QueueLoc;
  /// The function that runs in the context (a CallGraph index).
  size_t Function = 0;
  /// PfMemallocTask: the task flags the function sets (TaskFlag bits,
  /// PF_MEMALLOC among them), by the first setter at SetLoc, with SetApi.
  uint8_t TaskFlags = 0;
  Location SetLoc;
  std::string SetApi;
};

/// Every WorkqueueWorker context of the model, deduplicated by (allocation,
/// work item, function), in a deterministic order.
std::vector<ReclaimContext> workerContexts(const AnalysisModel &M);
/// Every PfMemallocTask context: one per function that sets PF_MEMALLOC,
/// in function order.
std::vector<ReclaimContext> taskContexts(const AnalysisModel &M);

} // namespace wqdep

#endif
