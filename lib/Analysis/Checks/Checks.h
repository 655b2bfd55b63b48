//===- Checks.h - The built-in checks -----------------------------*- C++ -*-===//
#ifndef WQDEP_ANALYSIS_CHECKS_CHECKS_H
#define WQDEP_ANALYSIS_CHECKS_CHECKS_H

#include "Analysis/Check.h"

#include <memory>

namespace wqdep {

/// wq-flush-dependency: a WQ_MEM_RECLAIM worker flushes a workqueue or work
/// item without WQ_MEM_RECLAIM (FlushDependency.cpp).
std::unique_ptr<Check> makeFlushDependencyCheck();

} // namespace wqdep

#endif
