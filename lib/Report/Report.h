//===- Report.h - Render findings as text or JSON ----------------*- C++ -*-===//
#ifndef WQDEP_REPORT_REPORT_H
#define WQDEP_REPORT_REPORT_H

#include "Analysis/Finding.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace wqdep {

struct TextOptions {
  /// Contexts printed per finding; 0 prints all. The JSON always has all.
  unsigned MaxContexts = 3;
};

/// Clang-style diagnostics: a warning at the flush call, notes for the
/// context's workqueue, each call of the path, and the target workqueue.
void renderText(const AnalysisResult &R, llvm::raw_ostream &OS,
                const TextOptions &Opts = {});

/// The JSON document described in docs/output.md ("version": 1).
void renderJson(const AnalysisResult &R, llvm::raw_ostream &OS);

/// "flags: WQ_UNBOUND|WQ_MEM_RECLAIM" style rendering of a flag set.
std::string flagString(const WorkqueueRef &W);

} // namespace wqdep

#endif
