//===- Diagnostics.h - Findings as LSP diagnostics ----------------*- C++ -*-===//
//
// A finding becomes one diagnostic in the file of its flush call: severity
// warning, source "wqdep", code: the check's id ("wq-flush-dependency"),
// the command line's
// message, and one relatedInformation entry per note the command line prints
// (the reclaim workqueue's allocation, the queue call, each call of the path,
// the calls inside flush wrappers, the target workqueue's allocation), so an
// editor can walk the path. The message ends with the finding's confidence,
// the queue note with the context's and its route count; each other route
// shown (--wqdep-max-routes) is one more entry, "route 2 of 3 (confidence:
// wide, 1 wide hop): a -> b -[slot]-> c -> flush_work", at the call where it
// leaves the best route. Notes that have no location of their own (a
// system workqueue, "N more contexts") are attached to the flush call.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_DIAGNOSTICS_H
#define WQDEP_LSP_DIAGNOSTICS_H

#include "Analysis/Finding.h"
#include "Lsp/Protocol.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wqdep::lsp {

struct RelatedNote {
  Location Loc;
  std::string Message;
  bool operator==(const RelatedNote &O) const {
    return Loc == O.Loc && Message == O.Message;
  }
};

/// One finding, ready to become an LSP diagnostic (positions still in
/// clang's 1-based byte columns).
struct FileDiagnostic {
  Location Loc;
  std::string Check; ///< The diagnostic's code: the finding's check id.
  std::string Message;
  std::vector<RelatedNote> Related;
  /// LSP DiagnosticSeverity: 2 (warning), 3 (information) for a finding
  /// of severity note.
  int Severity = 2;
  bool operator==(const FileDiagnostic &O) const {
    return Loc == O.Loc && Check == O.Check && Message == O.Message &&
           Related == O.Related && Severity == O.Severity;
  }
};

using DiagnosticsByFile = std::map<std::string, std::vector<FileDiagnostic>>;

/// A finding's diagnostic message: the command line's, with its
/// confidence ("... (confidence: narrowed)").
std::string diagnosticMessage(const Finding &F);

/// The findings grouped by the file of their flush call. At most
/// \p MaxContexts contexts per finding are spelled out (0: all), as in the
/// command line's text format. \p MinConfidence is the analysis's (what
/// the note on routes not shown names).
DiagnosticsByFile
diagnosticsByFile(const AnalysisResult &R, unsigned MaxContexts,
                  Confidence MinConfidence = Confidence::Wide);

/// The text of a file: an open document's or the disk's; nothing when it
/// cannot be read.
using TextSource =
    std::function<std::optional<llvm::StringRef>(const std::string &Path)>;

/// The LSP Diagnostic objects of one file, in encoding \p E.
llvm::json::Array toLSP(const std::vector<FileDiagnostic> &Diags,
                        const TextSource &Text, OffsetEncoding E);

} // namespace wqdep::lsp

#endif
