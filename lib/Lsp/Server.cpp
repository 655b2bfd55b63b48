//===- Server.cpp - wqdep-clangd: clangd with wqdep's diagnostics ---------===//
#include "Lsp/ServerImpl.h"

namespace wqdep::lsp {
namespace detail {

double secondsSince(Clock::time_point T) {
  return std::chrono::duration<double>(Clock::now() - T).count();
}

static std::mutex LogMutex;
void log(const llvm::Twine &Msg) {
  // One write: clangd writes its log to the same stderr.
  std::string Line = ("wqdep-clangd: " + Msg + "\n").str();
  std::lock_guard<std::mutex> Lock(LogMutex);
  writeAll(2, Line);
}

std::string normalize(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string dbStamp(const std::string &Path, llvm::sys::TimePoint<> *Newest) {
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

} // namespace detail

int runServer(const ServerOptions &Opts) {
  // Never destroyed: its threads may still run at exit.
  static detail::Server *S = new detail::Server(Opts);
  return S->run();
}

} // namespace wqdep::lsp
