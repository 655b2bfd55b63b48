//===- Report.h - Render findings in every output format --------*- C++ -*-===//
#ifndef WQDEP_REPORT_REPORT_H
#define WQDEP_REPORT_REPORT_H

#include "Analysis/Finding.h"
#include "Report/Fingerprint.h"
#include "Report/SourceRoot.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace wqdep {

/// Options of the text and GitHub renderings.
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

/// Options of the SARIF rendering.
struct SarifOptions {
  SourceRoot Root;              ///< URIs are relative to it ("%SRCROOT%").
  std::string ToolVersion;      ///< tool.driver.version.
  bool BaselineApplied = false; ///< Mark each result "baselineState": "new".
};

/// A SARIF 2.1.0 log with one run (docs/output.md): a result per finding at
/// its flush call, one code flow per context, the workqueue allocations as
/// related locations, and fingerprints from \p Fps.
void renderSarif(const AnalysisResult &R, const Fingerprints &Fps,
                 llvm::raw_ostream &OS, const SarifOptions &Opts);

/// GitHub Actions workflow commands: one "::warning file=...,line=...::"
/// annotation per finding, its path in the (escaped, multi-line) message.
void renderGithub(const AnalysisResult &R, llvm::raw_ostream &OS,
                  const SourceRoot &Root, const TextOptions &Opts = {});

/// "flags: WQ_UNBOUND|WQ_MEM_RECLAIM" style rendering of a flag set.
std::string flagString(const WorkqueueRef &W);

/// A place in the source and what happens there, in the words of the text
/// format's notes; every rendering uses these.
struct Note {
  Location Loc;
  std::string Message;
};

/// The allocation of a workqueue, with or without WQ_MEM_RECLAIM (a system
/// workqueue has no location).
Note allocNote(const WorkqueueRef &W, bool Reclaim);

/// Where the context's work item is queued on its workqueue.
Note queueNote(const Context &C);

/// One note per call from the context's function down to the flush
/// primitive: "A calls B [through 'slot']" for each step of the path, then
/// the calls inside wrappers, the last one "F calls <api>, flushing ...".
std::vector<Note> pathNotes(const Finding &F, const Context &C);

} // namespace wqdep

#endif
