//===- Runner.cpp - Parse translation units and extract their facts -------===//
#include "Extract/Runner.h"
#include "Extract/ParseUnit.h"
#include "Extract/WorkerProtocol.h"
#include "Facts/Serialize.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>
#include <mutex>
#include <thread>

using namespace clang;
using namespace clang::tooling;

namespace wqdep {
namespace {

//===----------------------------------------------------------------------===//
// Extraction in child processes.
//
// A stack overflow (a 100,000-term expression), abort() from a fatal error,
// or a loop inside clang cannot be contained in-process: the
// CrashRecoveryContext does not survive a stack overflow, and nothing stops
// a loop. So each -j slot sends its units to a worker process (this program,
// run again with ExtractWorkerFlag) over a socket, and gets back the facts in
// the encoding of Facts/Serialize.h, or the failure (WorkerProtocol.h). A
// worker that dies or runs over the time limit fails the unit it was
// parsing, and the slot starts another. Workers parse many units each: process start-up is paid
// once per slot, not per unit.
//===----------------------------------------------------------------------===//

/// The main thread's stack, for telling a stack overflow from other
/// segmentation faults in a worker.
uintptr_t StackTop = 0, StackLimit = 0;

void onSegv(int Sig, siginfo_t *Info, void *) {
  uintptr_t A = reinterpret_cast<uintptr_t>(Info->si_addr);
  if (StackTop && A < StackTop && A + StackLimit + (1u << 20) >= StackTop) {
    static const char Msg[] = "wqdep-worker: stack overflow\n";
    (void)!::write(2, Msg, sizeof(Msg) - 1);
  }
  // Die of the signal: the parent reads the reason from the exit status.
  signal(Sig, SIG_DFL);
  raise(Sig);
}

void noteStackForOverflows() {
  int Here;
  StackTop = reinterpret_cast<uintptr_t>(&Here);
  struct rlimit RL;
  if (getrlimit(RLIMIT_STACK, &RL) == 0 && RL.rlim_cur != RLIM_INFINITY)
    StackLimit = RL.rlim_cur;
  else
    StackLimit = uintptr_t(1) << 30;
  static char AltStack[64 * 1024];
  stack_t SS = {};
  SS.ss_sp = AltStack;
  SS.ss_size = sizeof(AltStack);
  sigaltstack(&SS, nullptr);
  struct sigaction SA = {};
  SA.sa_sigaction = onSegv;
  SA.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
  sigaction(SIGSEGV, &SA, nullptr);
}

/// One worker process, owned by one -j slot at a time.
class WorkerProcess {
public:
  ~WorkerProcess() { stop(); }

  bool running() const { return Pid > 0; }

  /// Starts a worker; false when it cannot, or it does not answer as one
  /// (a program that does not call extractWorkerMain()). \p Fork: a copy of
  /// this process, without exec (no start-up: loading LLVM and clang again
  /// takes 0.1 to 0.3 s), only safe while this process has one thread;
  /// else the program is run again with ExtractWorkerFlag.
  bool start(bool Fork) {
    int SV[2], EP[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, SV) != 0)
      return false;
    if (pipe2(EP, O_CLOEXEC) != 0) {
      ::close(SV[0]);
      ::close(SV[1]);
      return false;
    }
    pid_t P = -1;
    int E = 0;
    if (Fork) {
      P = fork();
      if (P == 0) {
        // Nothing a worker prints may reach our standard output (the
        // report) or the terminal: both go to a pipe we read for a crash's
        // reason.
        int Null = ::open("/dev/null", O_RDONLY);
        dup2(Null, 0);
        dup2(EP[1], 1);
        dup2(EP[1], 2);
        dup2(SV[1], WorkerFd);
        // Without exec every descriptor is inherited, other workers'
        // sockets too, which would keep them from seeing us close them.
        if (syscall(SYS_close_range, WorkerFd + 1, ~0U, 0) != 0)
          for (int Fd = WorkerFd + 1; Fd < 65536; ++Fd)
            ::close(Fd);
        _exit(extractWorkerMain());
      }
      E = P < 0 ? errno : 0;
    } else {
      posix_spawn_file_actions_t FA;
      posix_spawn_file_actions_init(&FA);
      posix_spawn_file_actions_addopen(&FA, 0, "/dev/null", O_RDONLY, 0);
      posix_spawn_file_actions_adddup2(&FA, EP[1], 1);
      posix_spawn_file_actions_adddup2(&FA, EP[1], 2);
      posix_spawn_file_actions_adddup2(&FA, SV[1], WorkerFd);
      char *Argv[] = {const_cast<char *>("wqdep"),
                      const_cast<char *>(ExtractWorkerFlag), nullptr};
      E = posix_spawn(&P, "/proc/self/exe", &FA, nullptr, Argv, environ);
      posix_spawn_file_actions_destroy(&FA);
    }
    ::close(SV[1]);
    ::close(EP[1]);
    if (E != 0) {
      ::close(SV[0]);
      ::close(EP[0]);
      return false;
    }
    Pid = P;
    Fd = SV[0];
    ErrFd = EP[0];
    std::string Hello;
    if (receive(Hello, /*TimeoutSeconds=*/60) != Got::Frame ||
        Hello != WorkerHello) {
      kill();
      return false;
    }
    return true;
  }

  /// Closes the socket (the worker exits at end of file) and reaps it.
  void stop() {
    if (Pid <= 0)
      return;
    ::close(Fd);
    ::close(ErrFd);
    int St;
    while (waitpid(Pid, &St, 0) < 0 && errno == EINTR)
      ;
    Pid = -1;
  }

  /// Parses \p R.File in the worker. On a crash or a time-out, R says why
  /// and the worker is gone; the caller starts another.
  /// Returns false, with R untouched, when the worker was already gone (an
  /// idle worker killed from outside): the caller starts another and asks
  /// again.
  bool parse(const std::string &Request, TUResult &R, unsigned Timeout) {
    Stderr.clear();
    if (!sendFrame(Fd, Request)) {
      reap();
      return false;
    }
    std::string Answer;
    Got G = receive(Answer, Timeout);
    if (G == Got::Frame) {
      if (decodeResult(Answer, R))
        return true;
      fail(R, "the extraction worker sent a malformed answer");
      kill();
      return true;
    }
    if (G == Got::TimedOut) {
      kill();
      fail(R, "clang did not finish parsing this file within " +
                  std::to_string(Timeout) +
                  " s (--unit-timeout); stopped it");
      return true;
    }
    fail(R, "clang crashed while parsing this file (" + reap() + ")");
    return true;
  }

private:
  enum class Got { Frame, Died, TimedOut };

  static void fail(TUResult &R, std::string Why) {
    R.Failed = true;
    R.Error = std::move(Why);
    R.Facts = TUFacts();
    R.Deps.clear(); // Not fresh: tried again on the next run.
  }

  void kill() {
    if (Pid <= 0)
      return;
    ::kill(Pid, SIGKILL);
    reap();
  }

  /// Waits for the dead worker; says how it died, with clang's last words.
  std::string reap() {
    int St = 0;
    while (waitpid(Pid, &St, 0) < 0 && errno == EINTR)
      ;
    Pid = -1;
    ::close(Fd);
    drainStderr();
    ::close(ErrFd);
    std::string Why;
    if (WIFSIGNALED(St)) {
      int Sig = WTERMSIG(St);
      Why = "signal " + std::to_string(Sig);
      if (const char *Name = strsignal(Sig))
        Why += ", " + std::string(Name);
    } else if (WIFEXITED(St)) {
      Why = "exit status " + std::to_string(WEXITSTATUS(St));
    } else {
      Why = "died";
    }
    // The reason clang gave, if any: "LLVM ERROR: ...", or our handler's
    // "stack overflow".
    StringRef Text(Stderr);
    while (!Text.empty()) {
      auto [Line, Rest] = Text.split('\n');
      Text = Rest;
      Line = Line.trim();
      if (Line.consume_front("wqdep-worker: ") ||
          Line.starts_with("LLVM ERROR: ")) {
        Why = Line.str() + "; " + Why;
        break;
      }
    }
    return Why;
  }

  void keepStderr(const char *P, size_t N) {
    constexpr size_t Cap = 64 * 1024;
    if (Stderr.size() < Cap)
      Stderr.append(P, std::min(N, Cap - Stderr.size()));
  }

  void drainStderr() {
    int Flags = fcntl(ErrFd, F_GETFL);
    fcntl(ErrFd, F_SETFL, Flags | O_NONBLOCK);
    char Buf[4096];
    ssize_t N;
    while ((N = ::read(ErrFd, Buf, sizeof(Buf))) > 0)
      keepStderr(Buf, N);
  }

  /// Reads one frame, and meanwhile the worker's standard error.
  Got receive(std::string &Out, unsigned TimeoutSeconds) {
    using Clock = std::chrono::steady_clock;
    auto Deadline = Clock::now() + std::chrono::seconds(TimeoutSeconds);
    std::string Buf;
    bool ErrOpen = true;
    while (true) {
      if (Buf.size() >= 8) {
        uint64_t N;
        memcpy(&N, Buf.data(), 8);
        if (Buf.size() - 8 >= N) {
          Out = Buf.substr(8);
          return Got::Frame;
        }
      }
      int Wait = -1;
      if (TimeoutSeconds) {
        auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        Deadline - Clock::now())
                        .count();
        if (Left <= 0)
          return Got::TimedOut;
        Wait = int(std::min<long long>(Left, 1 << 30));
      }
      pollfd P[2] = {{Fd, POLLIN, 0}, {ErrFd, short(ErrOpen ? POLLIN : 0), 0}};
      int N = ::poll(P, 2, Wait);
      if (N < 0 && errno == EINTR)
        continue;
      if (N < 0)
        return Got::Died;
      if (P[1].revents) {
        char B[4096];
        ssize_t R = ::read(ErrFd, B, sizeof(B));
        if (R > 0)
          keepStderr(B, R);
        else if (R == 0 || errno != EINTR)
          ErrOpen = false;
      }
      if (P[0].revents) {
        char B[1 << 16];
        ssize_t R = ::read(Fd, B, sizeof(B));
        if (R > 0)
          Buf.append(B, R);
        else if (R == 0 || errno != EINTR)
          return Got::Died;
      }
    }
  }

  pid_t Pid = -1;
  int Fd = -1, ErrFd = -1;
  std::string Stderr;
};

/// Why \p File's compile commands cannot be run at all, or empty: said
/// plainly rather than as a parse failure or a crash (clang's tooling
/// aborts when it cannot change into the directory).
std::string commandProblem(const CompilationDatabase &DB,
                           const std::string &File) {
  std::vector<CompileCommand> Cmds = DB.getCompileCommands(File);
  if (Cmds.empty()) {
    // A relative "directory" makes an entry that lookups never find.
    for (const CompileCommand &C : DB.getAllCompileCommands()) {
      if (llvm::sys::path::is_absolute(C.Directory))
        continue;
      llvm::SmallString<256> Joined(C.Directory);
      llvm::sys::path::append(Joined, C.Filename);
      if (C.Filename == File || Joined == File)
        return "its compile command's directory '" + C.Directory +
               "' is not an absolute path (compile_commands.json needs "
               "absolute directories)";
    }
    return "the compile database has no command for this file";
  }
  for (const CompileCommand &C : Cmds) {
    if (!llvm::sys::path::is_absolute(C.Directory))
      return "its compile command's directory '" + C.Directory +
             "' is not an absolute path (compile_commands.json needs "
             "absolute directories)";
    if (!llvm::sys::fs::is_directory(C.Directory))
      return "its compile command's directory '" + C.Directory +
             "' does not exist or is not a directory";
  }
  return "";
}

/// Whether this process runs one thread only: fork() without exec is safe.
bool isSingleThreaded() {
  std::ifstream Status("/proc/self/status");
  std::string Line;
  while (std::getline(Status, Line))
    if (Line.rfind("Threads:", 0) == 0)
      return std::stoi(Line.substr(8)) == 1;
  return false;
}

/// Idle workers, kept between runExtraction() calls: the IDE re-extracts a
/// file on every save, and a worker's start-up (loading LLVM and clang) is
/// worth paying once.
class WorkerPool {
public:
  std::unique_ptr<WorkerProcess> take() {
    std::lock_guard<std::mutex> Lock(M);
    if (Idle.empty())
      return nullptr;
    auto W = std::move(Idle.back());
    Idle.pop_back();
    return W;
  }
  void give(std::unique_ptr<WorkerProcess> W) {
    if (!W || !W->running())
      return;
    std::lock_guard<std::mutex> Lock(M);
    Idle.push_back(std::move(W));
  }
  void clear() {
    std::vector<std::unique_ptr<WorkerProcess>> Old;
    {
      std::lock_guard<std::mutex> Lock(M);
      Old.swap(Idle);
    }
  }
  /// Set once a worker could not be started: this program then parses
  /// in-process.
  std::atomic<bool> Unavailable{false};

private:
  std::mutex M;
  std::vector<std::unique_ptr<WorkerProcess>> Idle;
};

WorkerPool &workerPool() {
  static WorkerPool *P = new WorkerPool; // Outlives static destructors.
  return *P;
}

} // namespace

std::string contentHash(std::string_view Data) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Data.data()), Data.size()));
  char Buf[33];
  snprintf(Buf, sizeof(Buf), "%016llx%016llx", (unsigned long long)H.high64,
           (unsigned long long)H.low64);
  return Buf;
}

std::string commandKey(const CompilationDatabase &DB, const std::string &File,
                       const std::string &ResourceDir) {
  std::string Text = "facts-v" + std::to_string(FactsFormatVersion) + "\n" +
                     ResourceDir + "\n";
  for (const clang::tooling::CompileCommand &C :
       DB.getCompileCommands(File)) {
    Text += C.Directory + "\n";
    for (const std::string &A : C.CommandLine) {
      Text += A;
      Text.push_back('\0');
    }
    Text += "\n";
  }
  return contentHash(Text);
}

std::vector<TUResult> runExtraction(const CompilationDatabase &DB,
                                    const std::vector<std::string> &Files,
                                    const RunOptions &Opts) {
  std::vector<TUResult> Results(Files.size());
  for (size_t I = 0; I < Files.size(); ++I)
    Results[I].File = Files[I];
  unsigned Jobs = Opts.Jobs ? Opts.Jobs
                            : std::max(1u, llvm::hardware_concurrency()
                                               .compute_thread_count());
  Jobs = std::min<size_t>(Jobs, std::max<size_t>(1, Files.size()));
  std::atomic<size_t> Next{0};
  size_t Done = 0;
  std::mutex M;
  WorkerPool &Pool = workerPool();
  // Each slot's first worker: from the pool, else forked now, while this
  // process has one thread (the command line's case); else each slot
  // starts its own by exec (the IDE's: it has threads, and keeps the
  // worker in the pool from one save to the next).
  std::vector<std::unique_ptr<WorkerProcess>> First(Jobs);
  for (unsigned T = 0; T < Jobs && !Pool.Unavailable; ++T) {
    First[T] = Pool.take();
    if (!First[T] && isSingleThreaded()) {
      First[T] = std::make_unique<WorkerProcess>();
      if (!First[T]->start(/*Fork=*/true))
        First[T].reset();
    }
  }
  if (Opts.OnStarted)
    Opts.OnStarted();
  auto Slot = [&](unsigned T) {
    std::unique_ptr<WorkerProcess> W = std::move(First[T]);
    while (true) {
      size_t I = Next++;
      if (I >= Files.size())
        break;
      TUResult &R = Results[I];
      std::string Problem = commandProblem(DB, R.File);
      if (!Problem.empty()) {
        R.Failed = true; // Not run at all.
        R.Error = std::move(Problem);
      } else {
        std::string Request = encodeRequest(DB, R.File, Opts);
        bool Asked = false;
        for (int Attempt = 0; Attempt < 2 && !Asked && !Pool.Unavailable;
             ++Attempt) {
          if (!W)
            W = Pool.take();
          if (!W) {
            W = std::make_unique<WorkerProcess>();
            if (!W->start(/*Fork=*/false)) {
              W.reset();
              Pool.Unavailable = true;
              break;
            }
          }
          Asked = W->parse(Request, R, Opts.UnitTimeoutSeconds);
          if (!W->running())
            W.reset(); // Died with the unit; the next unit starts another.
        }
        if (!Asked && !Pool.Unavailable) {
          R.Failed = true;
          R.Error = "no extraction worker could take this file";
        } else if (!Asked) {
          llvm::CrashRecoveryContext::Enable();
          bool Crashed;
          parseUnit(DB, R, Opts.ResourceDir, Opts.Overlay, Crashed,
                    /*Contain=*/true);
        }
      }
      std::lock_guard<std::mutex> Lock(M);
      ++Done;
      if (Opts.OnDone)
        Opts.OnDone(R, I, Done, Files.size());
      if (!Opts.KeepResults) {
        R.Facts = TUFacts();
        R.Deps.clear();
        R.Deps.shrink_to_fit();
      }
    }
    Pool.give(std::move(W));
  };
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < Jobs; ++T)
    Threads.emplace_back(Slot, T);
  Slot(0);
  for (std::thread &T : Threads)
    T.join();
  return Results;
}

bool isExtractWorker(int argc, char **argv) {
  return argc == 2 && StringRef(argv[1]) == ExtractWorkerFlag;
}

int extractWorkerMain() {
  noteStackForOverflows();
  // Exit when the parent does, even in the middle of a unit (clang may be
  // looping): its end of the socket closes.
  std::thread([] {
    pollfd P = {WorkerFd, POLLRDHUP, 0};
    while (true) {
      int N = ::poll(&P, 1, -1);
      if (N > 0 && (P.revents & (POLLRDHUP | POLLHUP | POLLERR)))
        _exit(0);
      if (N < 0 && errno != EINTR)
        _exit(1);
    }
  }).detach();
  if (!sendFrame(WorkerFd, WorkerHello))
    return 1;
  std::string Request;
  while (readFrame(WorkerFd, Request)) {
    TUResult R;
    std::string ResourceDir;
    std::vector<CompileCommand> Cmds;
    std::vector<std::pair<std::string, std::string>> Overlay;
    if (!decodeRequest(Request, R.File, ResourceDir, Cmds, Overlay))
      return 1;
    // No crash recovery here: a crash ends this process, which is the
    // containment.
    bool Crashed;
    parseUnit(CommandsDatabase(std::move(Cmds)), R, ResourceDir, Overlay,
              Crashed, /*Contain=*/false);
    if (!sendFrame(WorkerFd, encodeResult(R)))
      return 1;
  }
  return 0;
}

void stopExtractWorkers() { workerPool().clear(); }

} // namespace wqdep
