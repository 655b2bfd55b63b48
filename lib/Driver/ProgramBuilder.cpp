//===- ProgramBuilder.cpp - From a compile database to a linked program ---===//
#include "Driver/ProgramBuilder.h"
#include "Driver/KernelTree.h"
#include "Extract/ObjectFacts.h"
#include "Extract/Runner.h"
#include "Facts/Serialize.h"
#include "Store/ProgramDatabase.h"
#include "Support/JoiningThread.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

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

/// Says, one line each, why objects' facts were not used when that is
/// something to act on: facts of another format (a plugin and a wqdep of
/// different versions), or facts that do not read.
void reportObjectFacts(const ObjectFactsReader &Reader,
                       llvm::raw_ostream &Errs) {
  for (const auto &[Other, Count] : Reader.otherFormats())
    Errs << "wqdep: warning: " << Count << " object" << (Count == 1 ? "" : "s")
         << " carry facts of format " << Other.first << " ('" << Other.second
         << "'), this wqdep reads format " << FactsFormatVersion
         << ": parsed instead; rebuild with this wqdep's --plugin-flags\n";
  for (const auto &[Object, Why] : Reader.unreadable())
    Errs << "wqdep: warning: cannot use the facts in '" << Object
         << "': " << Why << "; parsed instead\n";
}

/// Moves the functions of facts taken from an object undecoded
/// (TUResult::Encoded) into R.Facts.Functions, decoding what was not; a
/// function that does not decode fails the unit.
void decodeEncoded(TUResult &R) {
  if (!R.EncodedBytes)
    return;
  for (EncodedFunction &E : R.Encoded) {
    if (!E.Decoded)
      E.Decoded = decodeFunction(E.Blob);
    if (!E.Decoded) {
      R.Failed = true;
      R.Error = "its facts, taken from its object, do not decode";
      R.Facts = TUFacts();
      break;
    }
    R.Facts.Functions.push_back(std::move(*E.Decoded));
  }
  R.Encoded.clear();
  R.EncodedBytes.reset();
}

} // namespace

/// At most this many units to parse (an edit, a header few include) and
/// the others are loaded while they are parsed; more are stored and
/// dropped one by one, then everything is loaded (a kernel's worth of
/// parsed facts does not fit in memory).
constexpr size_t OverlapMaxUnits = 16;

bool buildProgram(const clang::tooling::CompilationDatabase &DB,
                  const std::vector<std::string> &Files,
                  const BuildOptions &Opts, Program &P, BuildStats &Stats,
                  llvm::raw_ostream &Errs) {
  // The tree's version differences, and the drift check: once per run.
  // (Set on the program right before it is finalized: the program loaded
  // from the store replaces P.)
  const KernelTree Tree = findKernelTree(DB, Files);
  reportKernelDrift(Tree, Errs);

  RunOptions RO;
  RO.Jobs = Opts.Jobs;
  RO.ResourceDir = Opts.ResourceDir;
  RO.UnitTimeoutSeconds = Opts.UnitTimeoutSeconds;

  std::unique_ptr<ProgramDatabase> Store;
  if (!Opts.DatabasePath.empty()) {
    std::string Err, Notice;
    Store = ProgramDatabase::open(Opts.DatabasePath, Err, OpenMode::ReadWrite,
                                  &Notice);
    if (!Store)
      Errs << "wqdep: warning: cannot use program database '"
           << Opts.DatabasePath << "': " << Err
           << "; analysing without it\n";
    else if (!Notice.empty())
      Errs << "wqdep: warning: program database '" << Opts.DatabasePath
           << "' was " << Notice << "\n";
  }

  auto ReportFailure = [&](const std::string &File, const std::string &Error) {
    Errs << "wqdep: error: cannot analyse '" << File << "': " << Error << "\n";
  };

  std::optional<ObjectFactsReader> Objects;
  if (Opts.ObjectFacts)
    Objects.emplace(DB, Opts.ResourceDir);

  if (!Store) {
    // Link each translation unit as it comes, and drop it.
    // Units whose objects carry current facts first; the others, parsed,
    // keep their index in Files as their link order.
    auto T = Clock::now();
    std::vector<std::string> ToParse;
    std::vector<size_t> IndexOf;
    // A function whose bytes an earlier unit's object carried is that
    // unit's, already added, which wins (the earlier unit): not decoded.
    std::unordered_set<std::string> Added;
    auto Known = [&](const std::string &Hash) { return Added.count(Hash) != 0; };
    for (size_t I = 0; I < Files.size(); ++I) {
      TUResult R;
      if (Objects && Objects->take(Files[I], R, Known)) {
        for (EncodedFunction &E : R.Encoded)
          if (E.Decoded) {
            P.addFunction(std::move(*E.Decoded), I);
            Added.insert(std::move(E.Hash));
          }
        P.addGlobals(R.Facts);
        ++Stats.FromObjects;
        continue;
      }
      ToParse.push_back(Files[I]);
      IndexOf.push_back(I);
    }
    Stats.LoadSeconds = secondsSince(T);
    if (Objects)
      reportObjectFacts(*Objects, Errs);
    ProgressLine Progress(Errs, Opts.Progress);
    RO.KeepResults = false;
    RO.OnDone = [&](TUResult &R, size_t Index, size_t Done, size_t Total) {
      Progress.clear();
      if (R.Failed) {
        ReportFailure(R.File, R.Error);
        P.addFailedUnit(R.File);
      } else {
        P.add(std::move(R.Facts), IndexOf[Index]);
      }
      Progress.update(Done, Total);
    };
    T = Clock::now();
    if (!ToParse.empty())
      runExtraction(DB, ToParse, RO);
    Progress.clear();
    Stats.ParseSeconds = secondsSince(T);
    Stats.Parsed = ToParse.size();
    P.Kernel = Tree.traits();
    P.finalize();
    return true;
  }

  // Which translation units must be parsed; the others are reused.
  // (Counted as loading: it reads the store and stats every input.)
  auto CheckStart = Clock::now();
  std::map<std::string, std::string> Keys;
  std::vector<std::string> ToParse;
  for (const std::string &F : Files) {
    std::string Key = commandKey(DB, F, Opts.ResourceDir);
    if (!Store->isFresh(F, Key))
      ToParse.push_back(F);
    Keys[F] = std::move(Key);
  }
  Stats.LoadSeconds += secondsSince(CheckStart);
  // What could not be stored (a full disk, a damaged file) is kept in
  // memory and analysed all the same; after the first such failure nothing
  // more is written, and it is said once.
  std::map<std::string, TUResult> Unstored;
  bool StoreFailed = false;
  auto StoreOne = [&](TUResult &R, int Round) {
    std::string Err;
    bool Stored = !StoreFailed && Store->store(Keys[R.File], R, Err);
    if (!Stored && !StoreFailed) {
      // A damaged file is reported once, when it is moved aside.
      if (Store->damage().empty())
        Errs << "wqdep: warning: cannot write program database '"
             << Opts.DatabasePath << "': " << Err
             << "; the rest of this run is analysed without storing it\n";
      StoreFailed = true;
    }
    // The second round does not count on reading back either.
    if (!Stored || Round > 0) {
      R.Deps.clear();
      decodeEncoded(R);
      Unstored[R.File] = std::move(R);
    }
  };
  // Units the plugin already extracted go into the store as a parse's
  // would: the store stays the one place the program is loaded from.
  if (Objects && !ToParse.empty()) {
    auto T = Clock::now();
    std::vector<std::string> Left;
    auto Known = [&](const std::string &Hash) {
      return Store->hasFunction(Hash);
    };
    for (const std::string &F : ToParse) {
      TUResult R;
      if (Objects->take(F, R, Known)) {
        StoreOne(R, 0);
        ++Stats.FromObjects;
      } else {
        Left.push_back(F);
      }
    }
    ToParse = std::move(Left);
    Stats.LoadSeconds += secondsSince(T);
    reportObjectFacts(*Objects, Errs);
  }
  // A row that does not decode is parsed again, once.
  std::set<std::string> ParsedUnits;
  for (int Round = 0; Round < 2; ++Round) {
    // A few units to parse (an edit): the others are loaded from the store
    // meanwhile, on a second connection (a reader beside this writer), and
    // the parsed ones are kept in memory (as they were stored) rather than
    // read back. Whatever that load cannot give (a row that does not
    // decode, a damaged file), the load after the parse below gives, as
    // without the overlap.
    const bool Overlap = Round == 0 && !ToParse.empty() &&
                         ToParse.size() <= OverlapMaxUnits &&
                         ToParse.size() < Files.size();
    std::set<std::string> Parsing(ToParse.begin(), ToParse.end());
    // Not read from the store: what is parsed now, and what could not be
    // stored (from objects, above), whose rows are older.
    std::set<std::string> NotStored = Parsing;
    for (const auto &KV : Unstored)
      NotStored.insert(KV.first);
    std::map<std::string, TUResult> Parsed;
    Program Early;
    std::vector<StoredFailure> EarlyFailures;
    std::vector<std::string> EarlyMissing;
    bool EarlyWhole = false;
    JoiningThread EarlyLoad;
    // Started once the parse's workers are (forked, with no start-up, while
    // this process has one thread).
    RO.OnStarted = [&] {
      if (!Overlap)
        return;
      EarlyLoad = JoiningThread([&] {
        std::string Err;
        std::unique_ptr<ProgramDatabase> Reader = ProgramDatabase::open(
            Opts.DatabasePath, Err, OpenMode::ReadOnly);
        if (!Reader)
          return;
        Reader->load(Files, Early, EarlyFailures, EarlyMissing, &NotStored);
        EarlyWhole = EarlyMissing.empty() && Reader->damage().empty();
      });
    };
    if (!ToParse.empty()) {
      ProgressLine Progress(Errs, Opts.Progress);
      RO.KeepResults = false; // Stored, then dropped.
      RO.OnDone = [&](TUResult &R, size_t, size_t Done, size_t Total) {
        Progress.clear();
        StoreOne(R, Round);
        if (Overlap && !Unstored.count(R.File)) {
          R.Deps.clear();
          decodeEncoded(R);
          Parsed[R.File] = std::move(R);
        }
        Progress.update(Done, Total);
      };
      auto T = Clock::now();
      runExtraction(DB, ToParse, RO);
      Progress.clear();
      Stats.ParseSeconds += secondsSince(T);
      // A unit parsed again in the second round (its rows did not read
      // back) is one unit parsed.
      for (const std::string &F : ToParse)
        ParsedUnits.insert(F);
      Stats.Parsed = ParsedUnits.size();
    }
    auto T = Clock::now();
    Program Loaded;
    std::vector<StoredFailure> Failures;
    std::vector<std::string> Missing;
    std::set<std::string> FromMemory; // Fresher than any row stored.
    EarlyLoad.join();
    bool UseEarly = Overlap && EarlyWhole;
    for (const std::string &F : Parsing)
      UseEarly = UseEarly && (Parsed.count(F) || Unstored.count(F));
    if (UseEarly) {
      Loaded = std::move(Early);
      Failures = std::move(EarlyFailures);
      for (auto &KV : Parsed)
        Unstored[KV.first] = std::move(KV.second);
    }
    Parsed.clear();
    for (const auto &KV : Unstored)
      FromMemory.insert(KV.first);
    if (!UseEarly)
      Store->load(Files, Loaded, Failures, Missing, &FromMemory);
    Stats.LoadSeconds += secondsSince(T);
    if (!Missing.empty() && Round == 0) {
      ToParse = Missing;
      continue;
    }
    for (const StoredFailure &F : Failures)
      ReportFailure(F.File, F.Error);
    for (const std::string &F : Missing) {
      ReportFailure(F, "its facts could not be stored or read back");
      Loaded.addFailedUnit(F);
    }
    for (size_t I = 0; I < Files.size(); ++I) {
      if (!FromMemory.count(Files[I]))
        continue;
      auto It = Unstored.find(Files[I]);
      if (It->second.Failed) {
        ReportFailure(It->first, It->second.Error);
        Loaded.addFailedUnit(It->first);
      } else {
        Loaded.add(std::move(It->second.Facts), I); // Order as load()'s.
      }
    }
    P = std::move(Loaded);
    break;
  }
  Stats.Reused = Files.size() - std::min<size_t>(Files.size(),
                                                 Stats.Parsed + Stats.FromObjects);
  if (!Store->damage().empty()) {
    // Wqdep's own file (open() refuses any other): the next run starts afresh.
    std::string Damage = Store->damage(), MovedTo, Err;
    if (ProgramDatabase::moveAside(std::move(Store), MovedTo, Err))
      Errs << "wqdep: warning: program database '" << Opts.DatabasePath
           << "' is damaged (" << Damage << "): moved it to '" << MovedTo
           << "'; the next run builds a new one\n";
    else
      Errs << "wqdep: warning: program database '" << Opts.DatabasePath
           << "' is damaged (" << Damage << "); " << Err << "\n";
  } else if (Opts.PruneDatabase && !StoreFailed)
    // Units that left go on every full run. Collecting orphaned functions
    // reads every unit's list: only worth it when a good share of the units
    // was parsed again (or some left).
    Store->prune(Files, /*CollectFunctions=*/Stats.Parsed * 20 >= Files.size());
  P.Kernel = Tree.traits();
  P.finalize();
  return true;
}

} // namespace wqdep
