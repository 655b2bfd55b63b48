//===- Fingerprint.h - Identities that survive edits ------------*- C++ -*-===//
//
// A fingerprint names one (finding, reclaim context path) pair by what it is,
// never by where it is: the check, the flush API, the function making the
// flush and the wrappers under it, the target workqueue's name and key and
// the flushed work item, the context's kind, workqueue name and key, work
// item and function, and the function and 'via' slot of every step of the
// path. No line or column enters it, and file names (in keys of static
// objects) only relative to the source root, so moving code, or checking
// the tree out elsewhere, keeps it; a new path, even to an old flush site,
// gets a new one. Identical pairs (two flush_work() calls of one item in
// one function) are told apart by their order in the report.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_REPORT_FINGERPRINT_H
#define WQDEP_REPORT_FINGERPRINT_H

#include "Analysis/Finding.h"
#include "Report/SourceRoot.h"

#include <string>
#include <vector>

namespace wqdep {

/// The fingerprints of a result, parallel to its findings and their
/// contexts: Contexts[I][J] names R.Findings[I].Contexts[J].
struct Fingerprints {
  /// "wqdep/v1" fingerprints, 16 lowercase hex digits each.
  std::vector<std::vector<std::string>> Contexts;
  /// How many identical pairs precede each one in the report (usually 0).
  std::vector<std::vector<unsigned>> Ordinals;
};

/// Fingerprints every (finding, context) of \p R.
Fingerprints fingerprint(const AnalysisResult &R, const SourceRoot &Root);

/// A finding's fingerprint as reported (SARIF partialFingerprints): over the
/// fingerprints of the contexts it is reported with.
std::string findingFingerprint(const std::vector<std::string> &ContextFps);

/// One line a reviewer can read for a (finding, context) pair, as a baseline
/// records it: the flush site's file (no line) and function, what it
/// flushes, the context and the path ("a -> b -[slot]-> c -> flush_work").
std::string contextSummary(const Finding &F, const Context &C, unsigned Ordinal,
                           const SourceRoot &Root);

/// \p R with every object key and slot made portable (SourceRoot::
/// portableKey), for the renderings that name files relative to the root.
AnalysisResult portableKeys(const AnalysisResult &R, const SourceRoot &Root);

/// Whether \p S has the form of a fingerprint.
bool isFingerprint(const std::string &S);

} // namespace wqdep

#endif
