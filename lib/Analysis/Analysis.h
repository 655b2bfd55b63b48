//===- Analysis.h - Reclaim contexts that reach unsafe flushes ---*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_ANALYSIS_H
#define WQDEP_ANALYSIS_ANALYSIS_H

#include "Analysis/Finding.h"

namespace wqdep {

class Program;

struct AnalysisOptions {
  /// Paths with more calls through function pointers than this are not
  /// reported (0: no limit). Each indirect call resolves to every function
  /// stored into its slot anywhere, so long chains of them are where false
  /// paths come from; see docs/limits.md.
  unsigned MaxIndirectCalls = 0;
};

/// Runs the whole analysis over a finalized program:
///  1. summaries: queue and flush effects on parameters are carried up to
///     call sites (through any number of wrapper levels) until concrete;
///  2. contexts: work functions of work items queued on a workqueue with
///     WQ_MEM_RECLAIM and without __WQ_LEGACY or WQ_BH (rule B);
///  3. targets: the workqueues a flushed work item is queued on, or the
///     flushed workqueue, that lack WQ_MEM_RECLAIM;
///  4. reachability over direct and function-pointer calls (queueing is not
///     a call), with the shortest path from each context to each flush.
/// Deterministic: the same program gives the same findings in the same order.
AnalysisResult analyze(const Program &P, const AnalysisOptions &Opts = {});

} // namespace wqdep

#endif
