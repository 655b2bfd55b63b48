//===- Checks.h - The built-in checks -----------------------------*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_CHECKS_CHECKS_H
#define WQDEP_ANALYSIS_CHECKS_CHECKS_H

#include "Analysis/Check.h"

#include <memory>

namespace wqdep {

/// wq-flush-dependency: a WQ_MEM_RECLAIM worker flushes a workqueue or work
/// item without WQ_MEM_RECLAIM (FlushDependency.cpp).
std::unique_ptr<Check> makeFlushDependencyCheck();

/// wq-wait-dependency: a reclaim context queues work on a workqueue
/// without WQ_MEM_RECLAIM and waits for a completion that work completes:
/// a flush check_flush_dependency() never sees (WaitDependency.cpp).
std::unique_ptr<Check> makeWaitDependencyCheck();

/// stacked-fs-io: a reclaim context, or a worker it queues, does front-end
/// file I/O into a filesystem without PF_LOCAL_THROTTLE | PF_MEMALLOC_NOIO
/// (StackedFsIo.cpp).
std::unique_ptr<Check> makeStackedFsIoCheck();

} // namespace wqdep

#endif
