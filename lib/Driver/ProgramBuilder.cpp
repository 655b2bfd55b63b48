//===- ProgramBuilder.cpp - From a compile database to a linked program ---===//
#include "Driver/ProgramBuilder.h"
#include "Extract/Runner.h"
#include "Store/ProgramDatabase.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>

namespace wqdep {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point T) {
  return std::chrono::duration<double>(Clock::now() - T).count();
}

/// "[ 123/2961] 4.1 TU/s, 9:45 left" on one line, redrawn in place.
class ProgressLine {
public:
  ProgressLine(llvm::raw_ostream &OS, bool Enabled)
      : OS(OS), Enabled(Enabled && llvm::sys::Process::StandardErrIsDisplayed()) {}
  void update(size_t Done, size_t Total) {
    if (!Enabled)
      return;
    double Elapsed = secondsSince(Start);
    double Rate = Elapsed > 0 ? Done / Elapsed : 0;
    unsigned Left = Rate > 0 ? unsigned((Total - Done) / Rate) : 0;
    OS << llvm::format("\r[%zu/%zu] %.1f TU/s, %u:%02u left ", Done, Total,
                       Rate, Left / 60, Left % 60);
    OS.flush();
    Shown = true;
  }
  void clear() {
    if (Shown)
      OS << "\r\033[K";
    Shown = false;
  }

private:
  llvm::raw_ostream &OS;
  bool Enabled;
  bool Shown = false;
  Clock::time_point Start = Clock::now();
};

} // namespace

bool buildProgram(const clang::tooling::CompilationDatabase &DB,
                  const std::vector<std::string> &Files,
                  const BuildOptions &Opts, Program &P, BuildStats &Stats,
                  llvm::raw_ostream &Errs) {
  RunOptions RO;
  RO.Jobs = Opts.Jobs;
  RO.ResourceDir = Opts.ResourceDir;
  RO.UnitTimeoutSeconds = Opts.UnitTimeoutSeconds;

  std::unique_ptr<ProgramDatabase> Store;
  if (!Opts.DatabasePath.empty()) {
    std::string Err;
    Store = ProgramDatabase::open(Opts.DatabasePath, Err);
    if (!Store)
      Errs << "wqdep: warning: cannot use program database '"
           << Opts.DatabasePath << "': " << Err
           << "; analysing without it\n";
  }

  auto ReportFailure = [&](const std::string &File, const std::string &Error) {
    Errs << "wqdep: error: cannot analyse '" << File << "': " << Error << "\n";
  };

  if (!Store) {
    // Link each translation unit as it comes, and drop it.
    ProgressLine Progress(Errs, Opts.Progress);
    RO.KeepResults = false;
    RO.OnDone = [&](TUResult &R, size_t Index, size_t Done, size_t Total) {
      Progress.clear();
      if (R.Failed) {
        ReportFailure(R.File, R.Error);
        ++P.TranslationUnits;
        ++P.FailedTranslationUnits;
      } else {
        P.add(std::move(R.Facts), Index);
      }
      Progress.update(Done, Total);
    };
    auto T = Clock::now();
    runExtraction(DB, Files, RO);
    Progress.clear();
    Stats.ParseSeconds = secondsSince(T);
    Stats.Parsed = Files.size();
    P.finalize();
    return true;
  }

  // Which translation units must be parsed; the others are reused.
  std::map<std::string, std::string> Keys;
  std::vector<std::string> ToParse;
  for (const std::string &F : Files) {
    std::string Key = commandKey(DB, F, Opts.ResourceDir);
    if (!Store->isFresh(F, Key))
      ToParse.push_back(F);
    Keys[F] = std::move(Key);
  }
  // A row that does not decode is parsed again, once.
  for (int Round = 0; Round < 2; ++Round) {
    if (!ToParse.empty()) {
      ProgressLine Progress(Errs, Opts.Progress);
      RO.KeepResults = false; // Stored, then dropped.
      RO.OnDone = [&](TUResult &R, size_t, size_t Done, size_t Total) {
        std::string Err;
        if (!Store->store(Keys[R.File], R, Err)) {
          Progress.clear();
          Errs << "wqdep: warning: cannot store '" << R.File
               << "' in the program database: " << Err << "\n";
        }
        Progress.update(Done, Total);
      };
      auto T = Clock::now();
      runExtraction(DB, ToParse, RO);
      Progress.clear();
      Stats.ParseSeconds += secondsSince(T);
      Stats.Parsed += ToParse.size();
    }
    auto T = Clock::now();
    Program Loaded;
    std::vector<StoredFailure> Failures;
    std::vector<std::string> Missing;
    Store->load(Files, Loaded, Failures, Missing);
    Stats.LoadSeconds += secondsSince(T);
    if (!Missing.empty() && Round == 0) {
      ToParse = Missing;
      continue;
    }
    for (const StoredFailure &F : Failures)
      ReportFailure(F.File, F.Error);
    for (const std::string &F : Missing)
      ReportFailure(F, "its facts could not be stored or read back");
    Loaded.TranslationUnits += Missing.size();
    Loaded.FailedTranslationUnits += Missing.size();
    P = std::move(Loaded);
    break;
  }
  Stats.Reused = Files.size() - std::min<size_t>(Files.size(), Stats.Parsed);
  if (Opts.PruneDatabase && Stats.Parsed > 0)
    // Collecting orphaned functions reads every unit's list: only worth it
    // when a good share of the units was parsed again.
    Store->prune(Files, /*CollectFunctions=*/Stats.Parsed * 20 >= Files.size());
  P.finalize();
  return true;
}

} // namespace wqdep
