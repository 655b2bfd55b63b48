//===- Server.h - wqdep-clangd: clangd with wqdep's diagnostics ---*- C++ -*-===//
//
// An LSP server that editors use in place of clangd. It starts the real
// clangd, relays every message both ways unchanged, and adds wqdep's findings
// to the `textDocument/publishDiagnostics` notifications clangd sends (or
// publishes them itself for a file clangd has not published for yet).
//
// Threads:
//  - the main thread reads the editor's messages, keeps the open documents
//    (full and incremental didChange, in the negotiated position encoding)
//    and forwards every message to clangd;
//  - a relay thread reads clangd's messages and forwards them, merging
//    wqdep's diagnostics into publishDiagnostics;
//  - a worker thread loads the program from the program database, and on
//    each save re-extracts the saved file from the editor's text, analyses
//    and republishes the open files whose findings changed.
// Neither relay direction ever waits for the worker.
//
// If clangd exits before the editor asked it to, the editor is told with a
// window/showMessage and wqdep-clangd exits with status 1 (editors restart a
// language server that exits). See docs/editors.md.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_SERVER_H
#define WQDEP_LSP_SERVER_H

#include "Analysis/Analysis.h"

#include <string>
#include <vector>

namespace wqdep::lsp {

struct ServerOptions {
  /// The clangd to start (looked up on PATH when it has no '/').
  std::string Clangd = "clangd-19";
  /// Arguments passed to clangd, as given.
  std::vector<std::string> ClangdArgs;
  /// clangd's --compile-commands-dir, when given: where the compile
  /// database (and by default the program database) is.
  std::string CompileCommandsDir;
  /// The program database; empty: wqdep.db beside the compile database.
  std::string DatabasePath;
  /// Clang's resource directory for re-extraction (the command line's).
  std::string ResourceDir;
  /// The analysis options, the command line's (--checks=,
  /// --max-indirect-calls=).
  AnalysisOptions Analysis;
  /// Contexts spelled out in relatedInformation per finding (0: all).
  unsigned MaxContexts = 3;
  /// Re-analyse this long after the last edit of a file, from the unsaved
  /// text, as well as on save. 0: on save only.
  unsigned ReanalyzeAfterMs = 0;
  /// clangd's lit-test conventions: `---`-delimited input without headers,
  /// pretty-printed output, clangd started with -lit-test. Implies Sync.
  bool LitTest = false;
  /// Deterministic order for tests: after each message from the editor,
  /// wait until clangd has handled it and the analysis it caused is
  /// published, before reading the next.
  bool Sync = false;
  int InFd = 0;
  int OutFd = 1;
};

/// Runs the server until the editor's `exit` (or the end of its input, or
/// clangd's death). Returns the exit status: 0 after shutdown + exit, else
/// 1. Worker threads may still be running: end the process with _Exit().
int runServer(const ServerOptions &Opts);

} // namespace wqdep::lsp

#endif
