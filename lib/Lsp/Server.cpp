//===- Server.cpp - wqdep-clangd: clangd with wqdep's diagnostics ---------===//
#include "Lsp/Server.h"
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

extern char **environ;

namespace wqdep::lsp {
namespace {

using Clock = std::chrono::steady_clock;
namespace json = llvm::json;

double secondsSince(Clock::time_point T) {
  return std::chrono::duration<double>(Clock::now() - T).count();
}

std::mutex LogMutex;
void log(const llvm::Twine &Msg) {
  // One write: clangd writes its log to the same stderr.
  std::string Line = ("wqdep-clangd: " + Msg + "\n").str();
  std::lock_guard<std::mutex> Lock(LogMutex);
  writeAll(2, Line);
}

bool isCSource(llvm::StringRef File) {
  return llvm::sys::path::extension(File) == ".c";
}

std::string normalize(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// The modification times and sizes of a database and its write-ahead log:
/// they change whenever `wqdep -p` stores a translation unit.
std::string dbStamp(const std::string &Path,
                    llvm::sys::TimePoint<> *Newest = nullptr) {
  std::string S;
  for (const std::string &P : {Path, Path + "-wal"}) {
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(P, St) || !llvm::sys::fs::exists(St)) {
      S += "-;";
      continue;
    }
    if (Newest && St.getLastModificationTime() > *Newest)
      *Newest = St.getLastModificationTime();
    S += std::to_string(
             St.getLastModificationTime().time_since_epoch().count()) +
         ":" + std::to_string(St.getSize()) + ";";
  }
  return S;
}

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
  DiagnosticsByFile Current;
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

// --- clangd ---------------------------------------------------------------

bool Server::startClangd() {
  int In[2], Out[2];
  if (pipe2(In, O_CLOEXEC) || pipe2(Out, O_CLOEXEC)) {
    log("cannot create pipes for clangd");
    return false;
  }
  std::vector<std::string> Args{Opts.Clangd};
  Args.insert(Args.end(), Opts.ClangdArgs.begin(), Opts.ClangdArgs.end());
  if (Opts.LitTest)
    Args.push_back("-lit-test");
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  posix_spawn_file_actions_t FA;
  posix_spawn_file_actions_init(&FA);
  posix_spawn_file_actions_adddup2(&FA, In[0], 0);
  posix_spawn_file_actions_adddup2(&FA, Out[1], 1);
  int Rc = posix_spawnp(&ClangdPid, Opts.Clangd.c_str(), &FA, nullptr,
                        Argv.data(), environ);
  posix_spawn_file_actions_destroy(&FA);
  close(In[0]);
  close(Out[1]);
  if (Rc != 0) {
    log("cannot start clangd '" + Opts.Clangd + "': " + strerror(Rc) +
        " (use --clangd=PATH)");
    close(In[1]);
    close(Out[0]);
    return false;
  }
  ToClangd = In[1];
  FromClangd = Out[0];
  return true;
}

int Server::reapClangd(double Seconds) {
  std::lock_guard<std::mutex> Lock(ReapM);
  if (Reaped)
    return ReapStatus;
  auto Start = Clock::now();
  int Signal = 0;
  while (true) {
    int Status = 0;
    pid_t R = waitpid(ClangdPid, &Status, WNOHANG);
    if (R == ClangdPid || (R < 0 && errno != EINTR)) {
      Reaped = true;
      ReapStatus = R == ClangdPid ? Status : 0;
      return ReapStatus;
    }
    double Waited = secondsSince(Start);
    if (Waited > Seconds && Signal == 0) {
      kill(ClangdPid, SIGTERM);
      Signal = SIGTERM;
    } else if (Waited > Seconds + 2 && Signal == SIGTERM) {
      kill(ClangdPid, SIGKILL);
      Signal = SIGKILL;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Server::sendToClangd(llvm::StringRef Payload) {
  std::lock_guard<std::mutex> Lock(ToClangdM);
  if (ToClangd < 0)
    return;
  bool Ok;
  if (Opts.LitTest) {
    std::string Msg = Payload.rtrim().str() + "\n---\n";
    Ok = writeAll(ToClangd, Msg);
  } else {
    Ok = writeFramed(ToClangd, Payload);
  }
  if (!Ok && !ClangdExitExpected)
    log("cannot write to clangd"); // The relay thread reports its exit.
}

void Server::barrier() {
  std::string Id;
  {
    std::lock_guard<std::mutex> Lock(BarrierM);
    Id = "wqdep-sync-" + std::to_string(NextBarrier++);
  }
  std::string Msg;
  llvm::raw_string_ostream(Msg) << json::Value(json::Object{
      {"jsonrpc", "2.0"}, {"id", Id}, {"method", "wqdep/sync"}});
  sendToClangd(Msg);
  std::unique_lock<std::mutex> Lock(BarrierM);
  BarrierCV.wait_for(Lock, std::chrono::seconds(60),
                     [&] { return BarriersDone.count(Id) > 0; });
  BarriersDone.erase(Id);
}

void Server::clangdDied() {
  int Status = reapClangd(2);
  std::string How = WIFEXITED(Status)
                        ? "exited with status " +
                              std::to_string(WEXITSTATUS(Status))
                    : WIFSIGNALED(Status)
                        ? "was killed by signal " +
                              std::to_string(WTERMSIG(Status))
                        : "stopped";
  std::string Msg = "clangd (" + Opts.Clangd + ") " + How +
                    " unexpectedly; wqdep-clangd is exiting too. Restart "
                    "the language server to continue.";
  log(Msg);
  showMessage(1, "wqdep-clangd: " + Msg);
  drainOutput(5);
  std::_Exit(1);
}

void Server::relayFromClangd() {
  MessageReader Reader(FromClangd, InputStyle::Framed);
  std::string Payload, Err;
  while (true) {
    Err.clear();
    MessageReader::Status S = Reader.read(Payload, Err);
    if (S == MessageReader::End)
      break;
    if (S == MessageReader::Malformed) {
      log("skipping a malformed message from clangd: " + Err);
      continue;
    }
    // Most of clangd's traffic (completion, semantic tokens, hover...) is
    // not ours to read: pass it on without parsing it.
    llvm::StringRef Text(Payload);
    if (!Text.contains("textDocument/publishDiagnostics") &&
        !Text.contains("wqdep-sync-") && !AwaitingInitialize) {
      writeRawToClient(Payload);
      continue;
    }
    llvm::Expected<json::Value> V = json::parse(Payload);
    if (!V) {
      log("passing on a message from clangd that is not JSON: " +
          llvm::toString(V.takeError()));
      writeRawToClient(Payload);
      continue;
    }
    json::Object *O = V->getAsObject();
    if (!O) {
      writeRawToClient(Payload);
      continue;
    }
    // Our own sync requests: swallow the reply.
    if (auto Id = O->getString("id"); Id && Id->starts_with("wqdep-sync-") &&
                                      !O->get("method")) {
      std::lock_guard<std::mutex> Lock(BarrierM);
      BarriersDone.insert(Id->str());
      BarrierCV.notify_all();
      continue;
    }
    std::optional<llvm::StringRef> Method = O->getString("method");
    if (!Method) {
      // A response: the one to initialize tells the encoding, and starts
      // the program's load.
      bool IsInit = false;
      {
        std::lock_guard<std::mutex> Lock(StateM);
        if (InitializeId && O->get("id") && *O->get("id") == *InitializeId) {
          IsInit = true;
          InitializeId.reset();
          AwaitingInitialize = false;
          if (const json::Value *R = O->get("result")) {
            OffsetEncoding E = negotiatedEncoding(*R);
            Encoding = int(E);
          }
        }
      }
      writeRawToClient(Payload);
      if (IsInit) {
        std::lock_guard<std::mutex> Lock(JobM);
        LoadRequested = true;
        JobCV.notify_all();
      }
      continue;
    }
    if (*Method != "textDocument/publishDiagnostics") {
      writeRawToClient(Payload);
      continue;
    }
    const json::Object *Params = O->getObject("params");
    std::optional<llvm::StringRef> Uri =
        Params ? Params->getString("uri") : std::nullopt;
    std::optional<std::string> Path = Uri ? uriToPath(*Uri) : std::nullopt;
    std::lock_guard<std::mutex> Lock(StateM);
    if (!Path || !Docs.count(normalize(*Path))) {
      writeRawToClient(Payload); // Not a document we track: as it is.
      continue;
    }
    std::string P = normalize(*Path);
    ClangdLast[P] = *Params;
    auto It = Ours.find(P);
    if (It == Ours.end() || It->second.empty()) {
      writeRawToClient(Payload);
      continue;
    }
    publishMerged(P);
  }
  if (ClangdExitExpected)
    return;
  clangdDied();
}

// --- the editor -----------------------------------------------------------

void Server::writeRawToClient(llvm::StringRef Payload) {
  std::lock_guard<std::mutex> Lock(OutM);
  OutQueue.push_back(Payload.str());
  OutCV.notify_all();
}

void Server::writer() {
  std::unique_lock<std::mutex> Lock(OutM);
  while (true) {
    OutCV.wait(Lock, [&] { return !OutQueue.empty(); });
    std::string Msg = std::move(OutQueue.front());
    OutQueue.pop_front();
    Writing = true;
    Lock.unlock();
    bool Ok = writeFramed(Opts.OutFd, Msg);
    Lock.lock();
    Writing = false;
    OutCV.notify_all();
    if (!Ok) {
      OutQueue.clear(); // The editor is gone; clangd follows at EOF.
      continue;
    }
  }
}

void Server::drainOutput(double Seconds) {
  std::unique_lock<std::mutex> Lock(OutM);
  OutCV.wait_for(Lock, std::chrono::duration<double>(Seconds),
                 [&] { return OutQueue.empty() && !Writing; });
}

void Server::writeToClient(const json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  if (Pretty)
    OS << llvm::formatv("{0:2}", V);
  else
    OS << V;
  OS.flush();
  writeRawToClient(S);
}

void Server::showMessage(int Type, const std::string &Text) {
  writeToClient(json::Object{
      {"jsonrpc", "2.0"},
      {"method", "window/showMessage"},
      {"params", json::Object{{"type", Type}, {"message", Text}}}});
}

void Server::publishMerged(const std::string &Path) {
  json::Object Params;
  auto Last = ClangdLast.find(Path);
  if (Last != ClangdLast.end()) {
    Params = Last->second;
  } else {
    const Document &D = Docs.at(Path);
    Params["uri"] = D.Uri;
    if (D.Version)
      Params["version"] = *D.Version;
  }
  json::Array Diags;
  if (json::Array *Theirs = Params.getArray("diagnostics"))
    Diags = *Theirs;
  auto It = Ours.find(Path);
  if (It != Ours.end())
    for (const json::Value &D : It->second)
      Diags.push_back(D);
  Params["diagnostics"] = std::move(Diags);
  writeToClient(json::Object{{"jsonrpc", "2.0"},
                             {"method", "textDocument/publishDiagnostics"},
                             {"params", std::move(Params)}});
}

/// The path of params.textDocument.uri, normalized.
std::optional<std::pair<std::string, std::string>>
documentOf(const json::Object *Params) {
  const json::Object *TD = Params ? Params->getObject("textDocument") : nullptr;
  std::optional<llvm::StringRef> Uri = TD ? TD->getString("uri") : std::nullopt;
  if (!Uri)
    return std::nullopt;
  std::optional<std::string> Path = uriToPath(*Uri);
  if (!Path)
    return std::nullopt;
  return std::make_pair(normalize(*Path), Uri->str());
}

void Server::observe(const json::Object &Msg) {
  std::optional<llvm::StringRef> Method = Msg.getString("method");
  if (!Method)
    return;
  const json::Object *Params = Msg.getObject("params");
  OffsetEncoding E = OffsetEncoding(Encoding.load());
  if (*Method == "initialize") {
    std::lock_guard<std::mutex> Lock(StateM);
    if (const json::Value *Id = Msg.get("id")) {
      InitializeId = *Id;
      AwaitingInitialize = true;
    }
    std::optional<std::string> Root;
    if (Params) {
      if (auto U = Params->getString("rootUri"))
        Root = uriToPath(*U);
      if (!Root)
        if (auto P = Params->getString("rootPath"))
          Root = P->str();
      if (!Root)
        if (const json::Array *WF = Params->getArray("workspaceFolders"))
          if (!WF->empty())
            if (const json::Object *F = (*WF)[0].getAsObject())
              if (auto U = F->getString("uri"))
                Root = uriToPath(*U);
    }
    if (Root)
      RootPath = normalize(*Root);
    return;
  }
  if (*Method == "shutdown") {
    ShutdownSeen = true;
    return;
  }
  auto Doc = documentOf(Params);
  if (!Doc)
    return;
  const std::string &Path = Doc->first;
  if (*Method == "textDocument/didOpen") {
    const json::Object *TD = Params->getObject("textDocument");
    Document D;
    D.Uri = Doc->second;
    if (auto T = TD->getString("text"))
      D.Text = T->str();
    D.Version = TD->getInteger("version");
    {
      std::lock_guard<std::mutex> Lock(StateM);
      Docs[Path] = std::move(D);
      ClangdLast.erase(Path);
      // Known findings show at once, before clangd's first diagnostics
      // (a kernel file's preamble takes seconds).
      auto It = Ours.find(Path);
      if (It != Ours.end() && !It->second.empty())
        publishMerged(Path);
    }
    Job J;
    J.Kind = Job::Opened;
    enqueue(Path, J);
    return;
  }
  if (*Method == "textDocument/didChange") {
    {
      std::lock_guard<std::mutex> Lock(StateM);
      auto It = Docs.find(Path);
      if (It == Docs.end()) {
        log("didChange for a document that is not open: " + Path);
        return;
      }
      if (const json::Object *TD = Params->getObject("textDocument"))
        if (auto V = TD->getInteger("version"))
          It->second.Version = *V;
      if (const json::Array *Changes = Params->getArray("contentChanges"))
        for (const json::Value &C : *Changes) {
          const json::Object *CO = C.getAsObject();
          if (!CO || !applyChange(It->second.Text, *CO, E))
            log("ignoring a malformed change of " + Path);
        }
    }
    if (Opts.ReanalyzeAfterMs) {
      Job J;
      J.Kind = Job::Changed;
      J.Due = Clock::now() + std::chrono::milliseconds(Opts.ReanalyzeAfterMs);
      enqueue(Path, J);
    }
    return;
  }
  if (*Method == "textDocument/didSave") {
    Job J;
    J.Kind = Job::Saved;
    if (auto T = Params->getString("text")) {
      J.Text = T->str();
      std::lock_guard<std::mutex> Lock(StateM);
      auto It = Docs.find(Path);
      if (It != Docs.end())
        It->second.Text = *J.Text;
    }
    enqueue(Path, J);
    return;
  }
  if (*Method == "textDocument/didClose") {
    std::lock_guard<std::mutex> Lock(StateM);
    Docs.erase(Path);
    ClangdLast.erase(Path);
    return;
  }
}

// --- analysis -------------------------------------------------------------

void Server::enqueue(const std::string &Path, Job J) {
  std::lock_guard<std::mutex> Lock(JobM);
  if (J.Kind != Job::Changed)
    J.Due = Clock::now();
  auto It = Pending.find(Path);
  if (It != Pending.end() && It->second.Kind == Job::Saved &&
      J.Kind != Job::Saved)
    return; // A save pending already covers it.
  Pending[Path] = std::move(J);
  JobCV.notify_all();
}

void Server::waitWorkerIdle() {
  std::unique_lock<std::mutex> Lock(JobM);
  IdleCV.wait(Lock, [&] {
    return !Busy && (!LoadRequested || LoadDone) &&
           (Pending.empty() || !LoadDone);
  });
}

std::optional<std::string> Server::readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return (*Buf)->getBuffer().str();
}

void Server::worker() {
  while (true) {
    std::map<std::string, Job> Due;
    bool DoLoad = false;
    {
      std::unique_lock<std::mutex> Lock(JobM);
      while (true) {
        if (Gate) {
          IdleCV.notify_all();
          JobCV.wait(Lock);
          continue;
        }
        if (LoadRequested && !LoadDone) {
          DoLoad = true;
          break;
        }
        if (LoadDone && !Pending.empty()) {
          auto Now = Clock::now();
          auto Next = Clock::time_point::max();
          for (auto It = Pending.begin(); It != Pending.end();) {
            if (It->second.Due <= Now || Opts.Sync) {
              Due.insert(*It);
              It = Pending.erase(It);
            } else {
              Next = std::min(Next, It->second.Due);
              ++It;
            }
          }
          if (!Due.empty())
            break;
          IdleCV.notify_all();
          JobCV.wait_until(Lock, Next);
          continue;
        }
        IdleCV.notify_all();
        JobCV.wait(Lock);
      }
      Busy = true;
    }
    if (DoLoad) {
      load();
      {
        std::lock_guard<std::mutex> Lock(JobM);
        LoadDone = true;
      }
      if (Loaded) {
        // Open files the database has stale or no facts for.
        std::lock_guard<std::mutex> Lock(StateM);
        for (const auto &[Path, D] : Docs) {
          Job J;
          J.Kind = Job::Opened;
          J.Due = Clock::now();
          std::lock_guard<std::mutex> JL(JobM);
          Pending.emplace(Path, J);
        }
      }
      if (Loaded)
        analyzeAndPublish();
    } else if (Loaded) {
      bool Changed = maybeReload(Due);
      for (const auto &[Path, J] : Due) {
        if (!Loaded)
          break; // A reload that failed (and said why).
        if (J.Kind == Job::Opened && !isStale(Path))
          continue;
        Changed |= reextract(Path, J);
      }
      if (Changed && Loaded)
        analyzeAndPublish();
    }
    std::lock_guard<std::mutex> Lock(JobM);
    Busy = false;
    IdleCV.notify_all();
  }
}

void Server::load() {
  auto Start = Clock::now();
  std::string Root;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    Root = RootPath;
  }
  // The compile database: clangd's --compile-commands-dir, else beside
  // --wqdep-db, else the workspace root or its build/ directory.
  std::vector<std::string> Candidates;
  if (!Opts.CompileCommandsDir.empty())
    Candidates.push_back(Opts.CompileCommandsDir);
  else if (!Opts.DatabasePath.empty())
    Candidates.push_back(
        std::string(llvm::sys::path::parent_path(Opts.DatabasePath)));
  else if (!Root.empty()) {
    Candidates.push_back(Root);
    Candidates.push_back(Root + "/build");
  }
  for (const std::string &Dir : Candidates) {
    llvm::SmallString<256> Json(Dir);
    llvm::sys::path::append(Json, "compile_commands.json");
    if (llvm::sys::fs::exists(Json)) {
      CompileDbDir = Dir;
      break;
    }
  }
  std::string DbPath = Opts.DatabasePath;
  if (DbPath.empty() && !CompileDbDir.empty())
    DbPath = defaultDatabasePath(CompileDbDir);
  if (DbPath.empty() || !llvm::sys::fs::exists(DbPath)) {
    std::string Where =
        DbPath.empty()
            ? (Candidates.empty()
                   ? std::string("no workspace root and no "
                                 "--compile-commands-dir")
                   : "no compile_commands.json in " + Candidates.front() +
                         (Candidates.size() > 1 ? " or its build/" : ""))
            : "no " + DbPath;
    std::string Dir = CompileDbDir.empty() ? "<build dir>" : CompileDbDir;
    std::string Msg = "wqdep: no program database (" + Where +
                      "). Run 'wqdep -p " + Dir +
                      "' once to create it; until then only clangd's "
                      "diagnostics are shown.";
    log(Msg);
    showMessage(2, Msg);
    return;
  }

  std::vector<std::string> Order;
  if (!CompileDbDir.empty()) {
    llvm::SmallString<256> Json(CompileDbDir);
    llvm::sys::path::append(Json, "compile_commands.json");
    std::string Err;
    CompileDb = clang::tooling::JSONCompilationDatabase::loadFromFile(
        Json, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (!CompileDb)
      log("cannot load " + Json + ": " + Err +
          "; files are not re-analysed on save");
  }
  std::string Err;
  Store = ProgramDatabase::open(DbPath, Err);
  LoadedDbPath = DbPath;
  LoadedStamp = dbStamp(DbPath); // After open, which may create the log.
  if (!Store) {
    std::string Msg = "wqdep: cannot use the program database " + DbPath +
                      ": " + Err;
    log(Msg);
    showMessage(2, Msg);
    return;
  }
  // The command line's link order: the compile database's C files.
  if (CompileDb) {
    std::set<std::string> Seen;
    for (const std::string &F : CompileDb->getAllFiles())
      if (isCSource(F) && Seen.insert(F).second)
        Order.push_back(F);
  } else {
    Order = Store->storedFiles();
  }
  Live.setUnits(Order);
  std::vector<std::string> Missing;
  size_t N = Live.loadFrom(*Store, Missing);
  if (N == 0) {
    std::string Msg = "wqdep: the program database " + DbPath +
                      " holds no translation unit of this compile database;"
                      " run 'wqdep -p " +
                      (CompileDbDir.empty() ? "<build dir>" : CompileDbDir) +
                      "' to fill it.";
    log(Msg);
    showMessage(2, Msg);
  }
  Loaded = true;
  log(llvm::formatv("loaded {0} translation units ({1} not stored), {2} "
                    "functions, from {3} in {4:F2} s",
                    N, Missing.size(), Live.numFunctions(), DbPath,
                    secondsSince(Start))
          .str());
}

bool Server::maybeReload(std::map<std::string, Job> &Due) {
  llvm::sys::TimePoint<> Newest;
  std::string Now = dbStamp(LoadedDbPath, &Newest);
  if (Now == LoadedStamp || !llvm::sys::fs::exists(LoadedDbPath))
    return false; // Unchanged, or deleted: keep what we have.
  if (std::chrono::system_clock::now() - Newest < std::chrono::seconds(2))
    return false; // Still being written: at a later save.
  log("the program database changed (a wqdep -p run?): loading it again");
  Live = LiveProgram();
  Store.reset();
  CompileDb.reset();
  CompileDbDir.clear();
  ExtractedHash.clear();
  NotInCompileDb.clear();
  Loaded = false;
  load();
  if (!Loaded)
    return false;
  std::lock_guard<std::mutex> Lock(StateM);
  for (const auto &[Path, D] : Docs) {
    Job J;
    J.Kind = Job::Opened;
    Due.emplace(Path, J); // A pending save stays a save.
  }
  return true;
}

bool Server::isStale(const std::string &Path) {
  if (!CompileDb || !Live.hasUnit(Path))
    return false;
  std::optional<std::string> Text;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    auto It = Docs.find(Path);
    if (It == Docs.end())
      return false; // Closed again.
    Text = It->second.Text;
  }
  std::string Hash = contentHash(*Text);
  auto Last = ExtractedHash.find(Path);
  if (Last != ExtractedHash.end())
    return Last->second != Hash; // Re-extracted in this session.
  // The editor's text is the disk's, and the database's facts are current
  // for the disk's files.
  std::optional<std::string> OnDisk = readFile(Path);
  if (!OnDisk || contentHash(*OnDisk) != Hash)
    return true;
  Store->forgetFileStates();
  return !Store->isFresh(Path,
                         commandKey(*CompileDb, Path, Opts.ResourceDir));
}

bool Server::reextract(const std::string &Path, const Job &J) {
  if (!CompileDb || CompileDb->getCompileCommands(Path).empty()) {
    if (NotInCompileDb.insert(Path).second)
      log(Path + " is not in the compile database; not re-analysed");
    return false;
  }
  auto Start = Clock::now();
  RunOptions RO;
  RO.Jobs = 1;
  RO.ResourceDir = Opts.ResourceDir;
  // Every open document as the editor has it: the file itself, and any
  // unsaved header it includes.
  std::optional<std::string> Main = J.Text;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (const auto &[P, D] : Docs)
      if (P != Path)
        RO.Overlay.push_back({P, D.Text});
    if (!Main)
      if (auto It = Docs.find(Path); It != Docs.end())
        Main = It->second.Text;
  }
  if (!Main)
    Main = readFile(Path); // Saved, then closed before we got to it.
  if (!Main)
    return false;
  RO.Overlay.push_back({Path, *Main});
  std::vector<TUResult> R = runExtraction(*CompileDb, {Path}, RO);
  ExtractedHash[Path] = contentHash(*Main);
  if (R.empty() || R[0].Failed) {
    // Half-typed code must not make findings elsewhere come and go.
    log(Path + ": " +
        (R.empty() ? std::string("not parsed") : R[0].Error) +
        "; keeping its previous facts");
    return false;
  }
  Live.replace(Path, std::move(R[0].Facts));
  log(llvm::formatv("{0}: re-extracted in {1:F3} s", Path,
                    secondsSince(Start))
          .str());
  return true;
}

void Server::analyzeAndPublish() {
  auto Start = Clock::now();
  AnalysisResult R = Live.analyze();
  double AnalysisSeconds = secondsSince(Start);
  DiagnosticsByFile New = diagnosticsByFile(R, Opts.MaxContexts);

  std::set<std::string> Changed;
  for (const auto &[P, D] : New) {
    auto It = Current.find(P);
    if (It == Current.end() || !(It->second == D))
      Changed.insert(P);
  }
  for (const auto &[P, D] : Current)
    if (!New.count(P))
      Changed.insert(P);

  // Positions from the texts the editor has, else the disk's.
  std::map<std::string, std::string> Texts;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (const auto &[P, D] : Docs)
      Texts[P] = D.Text;
  }
  std::map<std::string, std::optional<std::string>> Disk;
  TextSource Text = [&](const std::string &P) -> std::optional<llvm::StringRef> {
    auto It = Texts.find(P);
    if (It != Texts.end())
      return llvm::StringRef(It->second);
    auto D = Disk.find(P);
    if (D == Disk.end())
      D = Disk.emplace(P, readFile(P)).first;
    if (!D->second)
      return std::nullopt;
    return llvm::StringRef(*D->second);
  };
  OffsetEncoding E = OffsetEncoding(Encoding.load());
  std::map<std::string, json::Array> Json;
  for (const std::string &P : Changed) {
    auto It = New.find(P);
    Json[P] = It == New.end() ? json::Array() : toLSP(It->second, Text, E);
  }
  unsigned Published = 0;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (auto &[P, A] : Json) {
      if (A.empty())
        Ours.erase(P);
      else
        Ours[P] = std::move(A);
      if (Docs.count(P)) {
        publishMerged(P);
        ++Published;
      }
    }
  }
  Current = std::move(New);
  log(llvm::formatv("analysed in {0:F3} s: {1} findings; republished {2} "
                    "open file(s)",
                    AnalysisSeconds, R.Findings.size(), Published)
          .str());
}

int Server::run() {
  Pretty = Opts.LitTest;
  std::signal(SIGPIPE, SIG_IGN);
  if (!startClangd())
    return 1;
  std::thread([this] { writer(); }).detach();
  std::thread Relay([this] { relayFromClangd(); });
  std::thread Worker([this] { worker(); });
  Worker.detach();

  MessageReader Reader(Opts.InFd, Opts.LitTest ? InputStyle::Delimited
                                               : InputStyle::Framed);
  std::string Payload, Err;
  bool ExitSeen = false;
  while (true) {
    Err.clear();
    MessageReader::Status S = Reader.read(Payload, Err);
    if (S == MessageReader::End)
      break;
    if (S == MessageReader::Malformed) {
      log("skipping a malformed message from the editor: " + Err);
      continue;
    }
    llvm::Expected<json::Value> V = json::parse(Payload);
    if (!V) {
      log("skipping a message from the editor that is not JSON: " +
          llvm::toString(V.takeError()));
      continue;
    }
    const json::Object *O = V->getAsObject();
    if (!O) {
      log("skipping a message from the editor that is not a JSON object");
      continue;
    }
    std::optional<llvm::StringRef> Method = O->getString("method");
    bool IsExit = Method && *Method == "exit";
    if (IsExit)
      ClangdExitExpected = true;
    if (Opts.Sync) {
      std::lock_guard<std::mutex> Lock(JobM);
      Gate = true;
    }
    observe(*O);
    sendToClangd(Payload);
    if (IsExit) {
      ExitSeen = true;
      break;
    }
    if (Opts.Sync) {
      if (!ShutdownSeen)
        barrier();
      {
        std::lock_guard<std::mutex> Lock(JobM);
        Gate = false;
        JobCV.notify_all();
      }
      waitWorkerIdle();
    }
  }
  ClangdExitExpected = true;
  if (!ExitSeen) {
    std::lock_guard<std::mutex> Lock(ToClangdM);
    close(ToClangd); // clangd exits at the end of its input.
    ToClangd = -1;
  }
  reapClangd(ExitSeen ? 5 : 2);
  Relay.join(); // clangd's last messages, up to the end of its output.
  drainOutput(5);
  return ExitSeen && ShutdownSeen ? 0 : 1;
}

} // namespace

int runServer(const ServerOptions &Opts) {
  static Server *S = new Server(Opts); // Never destroyed: threads may run.
  return S->run();
}

} // namespace wqdep::lsp
