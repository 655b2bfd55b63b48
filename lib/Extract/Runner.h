//===- Runner.h - Parse translation units and extract their facts -*- C++ -*-===//
#ifndef WQDEP_EXTRACT_RUNNER_H
#define WQDEP_EXTRACT_RUNNER_H

#include "Facts/Facts.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace wqdep {

/// A file a translation unit read, as it was when it was read.
struct Dependency {
  std::string Path; ///< Absolute.
  int64_t MTime = 0;
  uint64_t Size = 0;
  std::string Hash; ///< contentHash() of the contents parsed.
};

/// One function's facts as encodeFunction() wrote them, as an object file
/// carries them (lib/Extract/ObjectFacts.h): decoded only when the reader
/// does not have them yet.
struct EncodedFunction {
  std::string_view Blob; ///< In the TUResult's EncodedBytes.
  std::string Hash;      ///< contentHash(Blob): the program database's key.
  /// The facts, when they were decoded (not known to the reader before);
  /// empty when a function of the same Hash was already there.
  std::optional<FunctionFacts> Decoded;
};

/// The outcome of one translation unit.
struct TUResult {
  std::string File;
  bool Failed = false;
  std::string Error; ///< The first error, one line, when Failed.
  TUFacts Facts;     ///< Empty when Failed: a broken AST gives wrong facts.
  /// The main file and every file it included; empty when clang crashed.
  std::vector<Dependency> Deps;
  /// Facts taken from an object without decoding what the reader already
  /// has (ObjectFactsReader::take() with a Known predicate): the unit's
  /// functions, in order, are these, and Facts.Functions is empty.
  std::vector<EncodedFunction> Encoded;
  std::shared_ptr<const void> EncodedBytes; ///< Keeps what Encoded views.
};

/// A 128-bit hash of \p Data, as 32 hex digits.
std::string contentHash(std::string_view Data);

/// What identifies how a file is compiled: its commands in \p DB, the
/// resource directory and the facts format. A change in any re-parses it.
std::string commandKey(const clang::tooling::CompilationDatabase &DB,
                       const std::string &File,
                       const std::string &ResourceDir);

struct RunOptions {
  unsigned Jobs = 0;       ///< Worker processes; 0 means one per core.
  std::string ResourceDir; ///< Clang's resource directory (stddef.h ...).
  /// Called after each translation unit, from the threads that drive the
  /// workers, serialised.
  /// \p Index is the file's index in the list given to runExtraction(); the
  /// callback may move the facts out.
  std::function<void(TUResult &, size_t Index, size_t Done, size_t Total)>
      OnDone;
  /// Keep every translation unit's facts until the end. Off, the facts and
  /// dependencies are dropped after OnDone (a kernel's worth does not fit in
  /// memory at once), and only File, Failed and Error come back.
  bool KeepResults = true;
  /// Files parsed from these contents instead of the disk's (absolute path,
  /// contents): an editor's unsaved buffers. Any file a translation unit
  /// reads may be overlaid, the main file or a header. Empty by default.
  std::vector<std::pair<std::string, std::string>> Overlay;
  /// A translation unit still parsing after this many seconds is stopped
  /// and fails alone (clang can loop forever). 0: no limit.
  unsigned UnitTimeoutSeconds = 300;
  /// Called once, after the first workers started and before any unit is
  /// asked for: those were forked while this process had one thread (no
  /// start-up), and the caller may start threads of its own from here.
  std::function<void()> OnStarted;
};

/// Parses each of \p Files with its command from \p DB (warnings silenced,
/// -Werror dropped) and extracts its facts, on Opts.Jobs worker processes
/// (see extractWorkerMain()). Results come back in the order of \p Files.
/// A crash of any kind inside Clang (a signal, a stack overflow, a fatal
/// error), or a unit over Opts.UnitTimeoutSeconds, fails that translation
/// unit only, with the reason in TUResult::Error.
std::vector<TUResult> runExtraction(const clang::tooling::CompilationDatabase &DB,
                                    const std::vector<std::string> &Files,
                                    const RunOptions &Opts);

/// The hidden argument that makes a program an extraction worker.
inline constexpr const char *ExtractWorkerFlag = "--extract-worker";

/// True when \p argv asks for an extraction worker: every program that calls
/// runExtraction() checks this first thing in main() and then returns
/// extractWorkerMain(). runExtraction() starts its workers by running the
/// program itself (/proc/self/exe) with ExtractWorkerFlag; a program that
/// does not answer as a worker is parsed in-process instead.
bool isExtractWorker(int argc, char **argv);

/// Serves translation units to runExtraction() over file descriptor 3 until
/// the parent closes it; returns the exit status.
int extractWorkerMain();

/// Stops the idle extraction workers (runExtraction() keeps them for the
/// next call; they also exit by themselves when this process does).
void stopExtractWorkers();

} // namespace wqdep

#endif
