//===- Main.cpp - wqdep-incr-bench: the IDE's per-save analysis, timed ----===//
//
// What wqdep-clangd does on a save, without the editor protocol and clangd:
// loads the program database into a LiveProgram, extracts FILE twice (as it
// is, and with the first OLD replaced by NEW, through the overlay: nothing
// is written), then replaces the unit with one and the other in turn and
// times each analysis. With "check", each result is compared with an
// analysis from scratch of the same linked program (the JSON report).
//
//   wqdep-incr-bench BUILD_DIR DB FILE OLD NEW RUNS [check]
//
// JOBS=N runs the analysis on N threads, as wqdep-clangd does on an
// N-core machine (default 1). SKIP_FIRST=1 saves once before timing (the
// database's facts of FILE may differ in globals from a fresh extraction:
// the first save then links them again). PERF_CTL=FIFO writes "enable" / "disable" there around the
// timed saves (perf record --control=fifo:FIFO -D -1).
//
//===----------------------------------------------------------------------===//
#include "Analysis/Analysis.h"
#include "Driver/KernelTree.h"
#include "Driver/Pipeline.h"
#include "Extract/Runner.h"
#include "Lsp/LiveProgram.h"
#include "Report/Report.h"
#include "Store/ProgramDatabase.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstring>
#include <unistd.h>

using namespace wqdep;
static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
int main(int argc, char **argv) {
  if (isExtractWorker(argc, argv))
    return extractWorkerMain();
  if (argc < 7) {
    llvm::errs() << "usage: wqdep-incr-bench BUILD_DIR DB FILE OLD NEW RUNS [check]\n";
    return 2;
  }
  std::string Dir = argv[1], Db = argv[2], File = argv[3], Old = argv[4],
              New = argv[5];
  int Runs = atoi(argv[6]);
  bool Check = argc > 7 && !strcmp(argv[7], "check");
  std::string Err;
  auto CDB = loadCompileDatabase(Dir, Err);
  if (!CDB) { llvm::errs() << Err << "\n"; return 1; }
  auto Store = ProgramDatabase::open(Db, Err, OpenMode::ReadOnly);
  if (!Store) { llvm::errs() << Err << "\n"; return 1; }
  auto Order = linkOrder(*CDB);
  LiveProgram Live;
  Live.Kernel = findKernelTree(*CDB, Order).traits();
  Live.setUnits(Order);
  std::vector<std::string> Missing;
  double T0 = now();
  Live.loadFrom(*Store, Missing);
  double T1 = now();
  AnalysisOptions O;
  // JOBS=N: the analysis's threads (wqdep-clangd uses the machine's cores).
  if (const char *J = getenv("JOBS"))
    O.Jobs = unsigned(atoi(J));
  AnalysisResult R = Live.analyze(O);
  double T2 = now();
  llvm::errs() << "load " << T1 - T0 << " first analysis " << T2 - T1 << " findings "
               << R.Findings.size() << "\n";
  auto Buf = llvm::MemoryBuffer::getFile(File);
  std::string A = (*Buf)->getBuffer().str();
  size_t At = A.find(Old);
  if (At == std::string::npos) { llvm::errs() << "no OLD\n"; return 1; }
  std::string B = A.substr(0, At) + New + A.substr(At + Old.size());
  RunOptions RO;
  RO.Jobs = 1;
  RO.ResourceDir = WQDEP_RESOURCE_DIR;
  TUFacts FA, FB;
  for (int I = 0; I < 2; ++I) {
    RO.Overlay = {{File, I ? B : A}};
    auto X = runExtraction(*CDB, {File}, RO);
    if (X.empty() || X[0].Failed) { llvm::errs() << "extract failed\n"; return 1; }
    (I ? FB : FA) = std::move(X[0].Facts);
  }
  int Skip = getenv("SKIP_FIRST") ? 1 : 0;
  if (Skip) { Live.replace(File, TUFacts(FA)); Live.analyze(O); }
  if (const char *Ctl = getenv("PERF_CTL")) {
    FILE *F = fopen(Ctl, "w");
    fputs("enable\n", F);
    fclose(F);
  }
  for (int I = 0; I < Runs; ++I) {
    TUFacts F = (I % 2 == 0) ? FB : FA;
    double S = now();
    Live.replace(File, std::move(F));
    double M = now();
    AnalysisResult R = Live.analyze(O);
    double E = now();
    auto C = Live.reuse();
    llvm::errs() << "save " << I << ": replace " << M - S << " analyze " << E - M
                 << " findings " << R.Findings.size() << " replayed " << C.Replayed
                 << " searched " << C.Searched << " dirty " << C.Dirty << " summaries " << (Live.summariesUpdated() ? "updated" : "computed") << " graph " << (Live.graphPatched() ? "patched" : "built");
    for (const auto &[Part, Sec] : R.Seconds)
      llvm::errs() << " " << Part << " " << llvm::format("%.4f", Sec);
    llvm::errs() << "\n";
    if (Check) {
      std::string J1, J2;
      { llvm::raw_string_ostream OS(J1); renderJson(R, OS); }
      AnalysisResult S2 = analyze(Live.program(), O);
      { llvm::raw_string_ostream OS(J2); renderJson(S2, OS); }
      llvm::errs() << "  from scratch " << (J1 == J2 ? "EQUAL" : "DIFFERENT") << "\n";
    }
  }
  stopExtractWorkers();
  if (const char *Ctl = getenv("PERF_CTL")) {
    FILE *F = fopen(Ctl, "w");
    fputs("disable\n", F);
    fclose(F);
  }
  fflush(nullptr);
  _exit(0);
}
