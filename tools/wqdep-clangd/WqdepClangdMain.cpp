//===- WqdepClangdMain.cpp - clangd, with wqdep's diagnostics added -------===//
//
//   wqdep-clangd [--clangd=PATH] [--wqdep-db=PATH] [wqdep options]
//                [clangd options...]
//
// Options it does not know are clangd's, passed on as they are. The server
// itself is lib/Lsp/Server.
//
//===----------------------------------------------------------------------===//
#include "Driver/Pipeline.h"
#include "Extract/Runner.h"
#include "Lsp/Server.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <thread>

using namespace llvm;

namespace {

const char *Usage =
    "usage: wqdep-clangd [--clangd=PATH] [--wqdep-db=PATH] [options] "
    "[clangd options...]\n"
    "\n"
    "An LSP server for editors, used in place of clangd: it runs clangd and\n"
    "adds wqdep's workqueue flush-dependency warnings to its diagnostics.\n"
    "The whole program comes from the program database the last 'wqdep -p\n"
    "<build dir>' run left beside compile_commands.json; a saved file is\n"
    "re-analysed from the editor's text. See docs/editors.md.\n"
    "\n"
    "  --clangd=PATH              the clangd to run (default: clangd-19)\n"
    "  --wqdep-db=PATH            the program database (default: wqdep.db\n"
    "                             beside compile_commands.json, found through\n"
    "                             --compile-commands-dir or the workspace)\n"
    "  --wqdep-max-contexts=N     reclaim contexts spelled out per warning\n"
    "                             (default 3; 0: all)\n"
    "  --wqdep-checks=GLOBS       which checks run, as wqdep's --checks=\n"
    "  --wqdep-max-indirect-calls=N\n"
    "                             as wqdep's --max-indirect-calls=N: the\n"
    "                             same analysis options give the same\n"
    "                             findings as the command line\n"
    "  --wqdep-max-routes=N       as wqdep's --max-routes=N: routes per\n"
    "                             reclaim context in related information,\n"
    "                             best first (default 3)\n"
    "  --wqdep-min-confidence=C   as wqdep's --min-confidence=C (direct,\n"
    "                             narrowed or wide; default wide: nothing\n"
    "                             hidden)\n"
    "  --wqdep-model=FILE         as wqdep's --model=FILE: a reviewed model\n"
    "                             file (docs/model-file.md); status 4 when\n"
    "                             it cannot be read or is malformed\n"
    "  --wqdep-no-model, --wqdep-no-notifier-chains,\n"
    "  --wqdep-no-init-sections, --wqdep-no-terminal-callees,\n"
    "  --wqdep-no-object-witnesses, --wqdep-no-argument-values,\n"
    "  --wqdep-no-field-values, --wqdep-no-slot-origin,\n"
    "  --wqdep-no-nested-scopes, --wqdep-no-atomic-sections\n"
    "                             as wqdep's --no-model, ...\n"
    "  --wqdep-reanalyze-after-ms=N\n"
    "                             also re-analyse N ms after the last edit,\n"
    "                             unsaved (default 0: on save only)\n"
    "  --wqdep-resource-dir=DIR   clang's resource directory for re-analysis\n"
    "  --wqdep-sync               handle one editor message at a time, with\n"
    "                             its analysis, before the next (tests)\n"
    "  --lit-test                 clangd's lit-test mode: '---'-delimited\n"
    "                             JSON on stdin, pretty output; implies\n"
    "                             --wqdep-sync and passes -lit-test to clangd\n"
    "  --help                     this text\n"
    "  --version                  wqdep-clangd's version, then clangd's\n"
    "\n"
    "Every other option goes to clangd ('clangd-19 --help' lists them).\n";

bool takeValue(StringRef Arg, StringRef Name, std::string &Out) {
  for (StringRef Dashes : {StringRef("--"), StringRef("-")}) {
    std::string Prefix = Dashes.str() + Name.str() + "=";
    if (Arg.starts_with(Prefix)) {
      Out = Arg.drop_front(Prefix.size()).str();
      return true;
    }
  }
  return false;
}

bool takeUnsigned(StringRef Arg, StringRef Name, unsigned &Out,
                  bool &Bad) {
  std::string V;
  if (!takeValue(Arg, Name, V))
    return false;
  Bad = StringRef(V).getAsInteger(10, Out);
  return true;
}

} // namespace

int main(int argc, char **argv) {
  // Re-extraction parses in a copy of this program (lib/Extract/Runner.h).
  if (wqdep::isExtractWorker(argc, argv))
    return wqdep::extractWorkerMain();
  wqdep::lsp::ServerOptions Opts;
  Opts.ResourceDir = WQDEP_RESOURCE_DIR;
  bool ShowVersion = false;
  bool NoModel = false;
  std::string ModelPath;
  // Each save is one analysis: what model entries remove is not measured
  // again there (wqdep's reports say it).
  Opts.Analysis.MeasureModelEntries = false;
  // The checks of a save run at once (they only read the model): on two
  // cores the slowest check, not their sum, is what a save waits for. The
  // findings are the same either way.
  Opts.Analysis.Jobs = std::max(1u, std::thread::hardware_concurrency());
  for (int I = 1; I < argc; ++I) {
    StringRef A = argv[I];
    bool Bad = false;
    std::string V;
    if (A == "--help" || A == "-help" || A == "-h") {
      outs() << Usage;
      return 0;
    }
    if (A == "--version" || A == "-version") {
      ShowVersion = true;
      continue;
    }
    if (takeValue(A, "clangd", Opts.Clangd) ||
        takeValue(A, "wqdep-db", Opts.DatabasePath) ||
        takeValue(A, "wqdep-resource-dir", Opts.ResourceDir) ||
        takeValue(A, "wqdep-checks", Opts.Analysis.Checks))
      continue;
    if (takeValue(A, "wqdep-min-confidence", V)) {
      if (!wqdep::parseConfidence(V, Opts.Analysis.MinConfidence)) {
        errs() << "wqdep-clangd: error: '" << A
               << "' needs direct, narrowed or wide (see 'wqdep-clangd "
                  "--help')\n";
        return 2;
      }
      continue;
    }
    if (takeUnsigned(A, "wqdep-max-contexts", Opts.MaxContexts, Bad) ||
        takeUnsigned(A, "wqdep-max-routes", Opts.Analysis.MaxRoutes, Bad) ||
        takeUnsigned(A, "wqdep-max-indirect-calls",
                     Opts.Analysis.MaxIndirectCalls, Bad) ||
        takeUnsigned(A, "wqdep-reanalyze-after-ms", Opts.ReanalyzeAfterMs,
                     Bad)) {
      if (Bad) {
        errs() << "wqdep-clangd: error: '" << A
               << "' needs a number (see 'wqdep-clangd --help')\n";
        return 2;
      }
      continue;
    }
    if (A == "--wqdep-no-model" || A == "--wqdep-no-notifier-chains" ||
        A == "--wqdep-no-init-sections" ||
        A == "--wqdep-no-terminal-callees" ||
        A == "--wqdep-no-object-witnesses" ||
        A == "--wqdep-no-argument-values" ||
        A == "--wqdep-no-field-values" || A == "--wqdep-no-slot-origin" ||
        A == "--wqdep-no-nested-scopes" ||
        A == "--wqdep-no-atomic-sections") {
      NoModel |= A == "--wqdep-no-model";
      Opts.Analysis.Proofs.NotifierChains &= A != "--wqdep-no-notifier-chains";
      Opts.Analysis.Proofs.InitSections &= A != "--wqdep-no-init-sections";
      Opts.Analysis.Proofs.TerminalCallees &=
          A != "--wqdep-no-terminal-callees";
      Opts.Analysis.Proofs.ObjectWitnesses &=
          A != "--wqdep-no-object-witnesses";
      Opts.Analysis.Proofs.ArgumentValues &=
          A != "--wqdep-no-argument-values";
      Opts.Analysis.Proofs.FieldValues &= A != "--wqdep-no-field-values";
      Opts.Analysis.Proofs.SlotOrigin &= A != "--wqdep-no-slot-origin";
      Opts.Analysis.Proofs.NestedScopes &= A != "--wqdep-no-nested-scopes";
      Opts.Analysis.Proofs.AtomicSections &=
          A != "--wqdep-no-atomic-sections";
      continue;
    }
    if (takeValue(A, "wqdep-model", ModelPath))
      continue;
    if (A == "--wqdep-sync") {
      Opts.Sync = true;
      continue;
    }
    if (A == "--lit-test" || A == "-lit-test") {
      Opts.LitTest = Opts.Sync = true;
      continue;
    }
    // clangd's, passed on; its compile database is ours too.
    Opts.ClangdArgs.push_back(A.str());
    if (takeValue(A, "compile-commands-dir", V))
      Opts.CompileCommandsDir = V;
    else if ((A == "--compile-commands-dir" || A == "-compile-commands-dir") &&
             I + 1 < argc) {
      Opts.CompileCommandsDir = argv[++I];
      Opts.ClangdArgs.push_back(Opts.CompileCommandsDir);
    }
  }
  std::string Err;
  if (!wqdep::checkAnalysisOptions(Opts.Analysis, Err)) {
    errs() << "wqdep-clangd: error: " << Err << "\n";
    return 2;
  }
  if (!ModelPath.empty() &&
      !wqdep::loadModelOption(ModelPath, Opts.Analysis, Err)) {
    errs() << "wqdep-clangd: error: " << Err << "\n";
    return 4;
  }
  if (NoModel)
    Opts.Analysis.Proofs.Model.reset();
  if (std::string W = wqdep::analysisOptionsWarning(Opts.Analysis);
      !W.empty())
    errs() << "wqdep-clangd: warning: " << W << "\n";
  if (ShowVersion) {
    // Then clangd's own line: editor extensions read the clangd version
    // from it ("clangd version 19.1.7").
    outs() << "wqdep-clangd " WQDEP_VERSION "\n";
    outs().flush();
    auto Clangd = sys::findProgramByName(Opts.Clangd);
    if (!Clangd) {
      errs() << "wqdep-clangd: cannot find clangd '" << Opts.Clangd << "'\n";
      return 1;
    }
    return sys::ExecuteAndWait(*Clangd, {*Clangd, "--version"});
  }
  // Relative paths are the user's, from where the editor started us.
  for (std::string *P : {&Opts.DatabasePath, &Opts.CompileCommandsDir})
    if (!P->empty()) {
      SmallString<256> Abs(*P);
      sys::fs::make_absolute(Abs);
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      *P = std::string(Abs);
    }
  int Status = wqdep::lsp::runServer(Opts);
  outs().flush();
  errs().flush();
  std::fflush(nullptr);
  std::_Exit(Status);
}
