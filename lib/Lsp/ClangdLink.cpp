//===- ClangdLink.cpp - wqdep-clangd: the clangd process and its relay ----===//
#include "Lsp/ServerImpl.h"

extern char **environ;

namespace wqdep::lsp::detail {

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

} // namespace wqdep::lsp::detail
