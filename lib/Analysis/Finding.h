//===- Finding.h - The one data model every report is rendered from -*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_FINDING_H
#define WQDEP_ANALYSIS_FINDING_H

#include "Facts/Facts.h"

#include <cstdint>
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

/// One step of a path: Function, and the call it makes at Loc (the call to
/// the next step, or the flush itself for the last step).
struct PathStep {
  std::string Function;
  Location Loc;
  /// The function-pointer slot this step was reached through, empty for a
  /// direct call ("struct address_space_operations::writepages").
  std::string Via;
};

/// Where the flush runs from: rule B (a WQ_MEM_RECLAIM workqueue's work
/// function). Rule A (PF_MEMALLOC tasks) will add kinds; the names are
/// contextKindName()'s (Contexts.h).
struct Context {
  std::string Kind = "workqueue";
  WorkqueueRef Workqueue;
  std::string WorkItem;
  std::string Function;
  Location QueueLoc; ///< A place the work item is queued on the workqueue.
  std::vector<PathStep> Path;
};

/// A flush call site that some reclaim context reaches, of one target
/// workqueue without WQ_MEM_RECLAIM.
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
};

/// What a run did, for the summary and the JSON "stats".
using Stats = std::vector<std::pair<std::string, uint64_t>>;

struct AnalysisResult {
  std::vector<Finding> Findings;
  Stats Counters;
  /// The ids of the checks that ran, in registry order (SARIF's rules).
  std::vector<std::string> Checks;
};

} // namespace wqdep

#endif
