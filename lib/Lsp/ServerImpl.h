//===- ServerImpl.h - wqdep-clangd's server, shared by its parts -*- C++ -*-===//
//
// Private to lib/Lsp. The server is one object with three threads of work,
// each in its own file: ClangdLink.cpp (the clangd process and the relay of
// its messages), Server.cpp (the editor side: reading, observing, writing),
// ServerAnalysis.cpp (the analysis thread: load, re-extract, publish).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_SERVERIMPL_H
#define WQDEP_LSP_SERVERIMPL_H

#include "Lsp/Server.h"
#include "Driver/Pipeline.h"
#include "Extract/Runner.h"
#include "Lsp/Diagnostics.h"
#include "Lsp/LiveProgram.h"
#include "Lsp/Protocol.h"
#include "Lsp/Transport.h"
#include "Store/ProgramDatabase.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>


namespace wqdep::lsp::detail {

using Clock = std::chrono::steady_clock;
namespace json = llvm::json;

double secondsSince(Clock::time_point T);
/// One line on stderr, in one write (clangd logs to the same stderr).
void log(const llvm::Twine &Msg);

std::string normalize(llvm::StringRef Path);
/// The modification times and sizes of a database and its write-ahead log:
/// they change whenever `wqdep -p` stores a translation unit.
std::string dbStamp(const std::string &Path,
                    llvm::sys::TimePoint<> *Newest = nullptr);

/// An open document.
struct Document {
  std::string Uri;
  std::string Text;
  std::optional<int64_t> Version;
};

/// Work for the analysis thread, for one file.
struct Job {
  enum KindTy { Opened, Changed, Saved } Kind = Saved;
  std::optional<std::string> Text; ///< didSave's text, when sent.
  Clock::time_point Due;
};

class Server {
public:
  explicit Server(const ServerOptions &Opts) : Opts(Opts) {}
  int run();

private:
  // --- clangd ------------------------------------------------------------
  bool startClangd();
  /// Waits up to \p Seconds for clangd to exit, then kills it. Returns the
  /// wait status (cached: clangd is reaped once).
  int reapClangd(double Seconds);
  void relayFromClangd();
  void clangdDied();
  void sendToClangd(llvm::StringRef Payload);
  void barrier();

  // --- the editor --------------------------------------------------------
  void observe(const json::Object &Msg);
  void writeToClient(const json::Value &V);
  void writeRawToClient(llvm::StringRef Payload);
  void showMessage(int Type, const std::string &Text);
  /// window/logMessage of what the last analysis could not see.
  void logScope(const Scope &S);
  /// Under StateM: publishes clangd's last diagnostics for \p Path (if any)
  /// with ours added. (Queued under StateM, so publications of one file
  /// leave in the order they were composed.)
  void publishMerged(const std::string &Path);

  // --- analysis ----------------------------------------------------------
  void enqueue(const std::string &Path, Job J);
  void worker();
  void waitWorkerIdle();
  void load();
  /// Whether an opened file's facts in the program are not those of the
  /// editor's text (edited since the last wqdep run, or unsaved).
  bool isStale(const std::string &Path);
  /// Re-extracts \p Path from the editor's text; true if the program
  /// changed.
  bool reextract(const std::string &Path, const Job &J);
  void analyzeAndPublish();
  std::optional<std::string> readFile(const std::string &Path);

  const ServerOptions &Opts;
  bool Pretty = false;

  pid_t ClangdPid = -1;
  int ToClangd = -1, FromClangd = -1;
  std::mutex ToClangdM;
  std::mutex ReapM;
  bool Reaped = false;
  int ReapStatus = 0;
  std::atomic<bool> ClangdExitExpected{false};
  std::atomic<bool> ShutdownSeen{false};

  // Messages to the editor, written in order by their own thread: no thread
  // that holds state (or relays clangd) ever blocks on a slow editor.
  std::mutex OutM;
  std::condition_variable OutCV;
  std::deque<std::string> OutQueue;
  bool Writing = false;
  void writer();
  /// Waits (up to \p Seconds) until everything queued is written.
  void drainOutput(double Seconds);

  // Shared state, under StateM.
  std::mutex StateM;
  std::map<std::string, Document> Docs;          ///< By path.
  std::map<std::string, json::Object> ClangdLast; ///< Last clangd publish params.
  std::map<std::string, json::Array> Ours;        ///< Our diagnostics, by path.
  std::optional<json::Value> InitializeId;
  std::atomic<bool> AwaitingInitialize{false};
  std::string RootPath;
  std::atomic<int> Encoding{int(OffsetEncoding::UTF16)};

  // Barrier responses (sync mode).
  std::mutex BarrierM;
  std::condition_variable BarrierCV;
  std::set<std::string> BarriersDone;
  unsigned NextBarrier = 0;

  // The worker's queue.
  std::mutex JobM;
  std::condition_variable JobCV, IdleCV;
  std::map<std::string, Job> Pending;
  bool LoadRequested = false, LoadDone = false, Busy = false;
  /// Sync mode: the worker waits while the main thread lets clangd handle a
  /// message first, so that their publications come in one order.
  bool Gate = false;

  // Owned by the worker thread.
  std::unique_ptr<ProgramDatabase> Store;
  std::unique_ptr<clang::tooling::CompilationDatabase> CompileDb;
  std::string CompileDbDir;
  LiveProgram Live;
  bool Loaded = false;
  /// Whether the route searches were read from the editor's file when the
  /// database was loaded, and whether the first analysis since has kept
  /// its own there.
  bool RoutesRead = false, RoutesKept = false;
  DiagnosticsByFile Current;
  /// The scope last sent as window/logMessage (sent again when it changes).
  std::string LastScope;
  std::set<std::string> NotInCompileDb; ///< Said once each.
  /// The database loaded, and its state then (see dbStamp()).
  std::string LoadedDbPath, LoadedStamp;
  /// Reloads the program if `wqdep -p` has written the database since it
  /// was loaded (and is done: no write for 2 s); \p Due gets every open
  /// file, to be checked for staleness again. True if it reloaded.
  bool maybeReload(std::map<std::string, Job> &Due);
  /// contentHash() of the text each file was last re-extracted from.
  std::map<std::string, std::string> ExtractedHash;
};

} // namespace wqdep::lsp::detail

#endif
