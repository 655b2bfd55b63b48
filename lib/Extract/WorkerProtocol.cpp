//===- WorkerProtocol.cpp - What the parent and a worker say to each other -===//
#include "Extract/WorkerProtocol.h"
#include "Facts/Serialize.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

using namespace clang::tooling;

namespace wqdep {
namespace {

/// Length-prefixed fields of a request or an answer.
class Writer {
public:
  void u(uint64_t V) { B.append(reinterpret_cast<const char *>(&V), 8); }
  void s(std::string_view S) {
    u(S.size());
    B.append(S.data(), S.size());
  }
  std::string B;
};

class Reader {
public:
  explicit Reader(std::string_view D) : D(D) {}
  uint64_t u() {
    if (!Ok || D.size() < 8)
      return Ok = false, 0;
    uint64_t V;
    memcpy(&V, D.data(), 8);
    D.remove_prefix(8);
    return V;
  }
  std::string s() {
    uint64_t N = u();
    if (!Ok || D.size() < N)
      return Ok = false, std::string();
    std::string S(D.substr(0, N));
    D.remove_prefix(N);
    return S;
  }
  /// A count of items of at least \p MinSize bytes each, checked against
  /// what is left, so a corrupt count cannot allocate without bound.
  uint64_t count(size_t MinSize) {
    uint64_t N = u();
    if (N > D.size() / MinSize)
      return Ok = false, 0;
    return N;
  }
  bool Ok = true;

private:
  std::string_view D;
};

bool writeAll(int Fd, const char *P, size_t N) {
  while (N) {
    ssize_t W = ::send(Fd, P, N, MSG_NOSIGNAL);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0)
      return false;
    P += W;
    N -= W;
  }
  return true;
}

} // namespace

bool sendFrame(int Fd, std::string_view Payload) {
  uint64_t N = Payload.size();
  return writeAll(Fd, reinterpret_cast<const char *>(&N), 8) &&
         writeAll(Fd, Payload.data(), Payload.size());
}

/// Blocking read of one frame; false at end of file or on error.
bool readFrame(int Fd, std::string &Out) {
  auto ReadAll = [&](char *P, size_t N) {
    while (N) {
      ssize_t R = ::read(Fd, P, N);
      if (R < 0 && errno == EINTR)
        continue;
      if (R <= 0)
        return false;
      P += R;
      N -= R;
    }
    return true;
  };
  uint64_t N;
  if (!ReadAll(reinterpret_cast<char *>(&N), 8))
    return false;
  Out.resize(N);
  return ReadAll(Out.data(), N);
}

std::string encodeRequest(const CompilationDatabase &DB,
                          const std::string &File, const RunOptions &Opts) {
  Writer W;
  W.s(File);
  W.s(Opts.ResourceDir);
  std::vector<CompileCommand> Cmds = DB.getCompileCommands(File);
  W.u(Cmds.size());
  for (const CompileCommand &C : Cmds) {
    W.s(C.Directory);
    W.s(C.Filename);
    W.s(C.Output);
    W.u(C.CommandLine.size());
    for (const std::string &A : C.CommandLine)
      W.s(A);
  }
  W.u(Opts.Overlay.size());
  for (const auto &[Path, Contents] : Opts.Overlay) {
    W.s(Path);
    W.s(Contents);
  }
  return std::move(W.B);
}

std::string encodeResult(const TUResult &R) {
  Writer W;
  W.u(R.Failed);
  W.s(R.Error);
  W.s(encodeTUGlobals(R.Facts));
  W.u(R.Facts.Functions.size());
  for (const FunctionFacts &F : R.Facts.Functions)
    W.s(encodeFunction(F));
  W.u(R.Deps.size());
  for (const Dependency &D : R.Deps) {
    W.s(D.Path);
    W.u(uint64_t(D.MTime));
    W.u(D.Size);
    W.s(D.Hash);
  }
  return std::move(W.B);
}

bool decodeResult(std::string_view Payload, TUResult &R) {
  Reader Rd(Payload);
  R.Failed = Rd.u() != 0;
  R.Error = Rd.s();
  R.Facts = TUFacts();
  if (!decodeTUGlobals(Rd.s(), R.Facts) && !R.Failed)
    return false;
  uint64_t NF = Rd.count(8);
  R.Facts.Functions.reserve(NF);
  for (uint64_t I = 0; I < NF && Rd.Ok; ++I) {
    std::optional<FunctionFacts> F = decodeFunction(Rd.s());
    if (!F)
      return false;
    R.Facts.Functions.push_back(std::move(*F));
  }
  uint64_t ND = Rd.count(32);
  R.Deps.clear();
  R.Deps.reserve(ND);
  for (uint64_t I = 0; I < ND && Rd.Ok; ++I) {
    Dependency D;
    D.Path = Rd.s();
    D.MTime = int64_t(Rd.u());
    D.Size = Rd.u();
    D.Hash = Rd.s();
    R.Deps.push_back(std::move(D));
  }
  return Rd.Ok;
}

bool decodeRequest(std::string_view Payload, std::string &File,
                   std::string &ResourceDir, std::vector<CompileCommand> &Cmds,
                   std::vector<std::pair<std::string, std::string>> &Overlay) {
  Reader Rd(Payload);
  File = Rd.s();
  ResourceDir = Rd.s();
  Cmds.assign(Rd.count(32), CompileCommand());
  for (CompileCommand &C : Cmds) {
    C.Directory = Rd.s();
    C.Filename = Rd.s();
    C.Output = Rd.s();
    C.CommandLine.resize(Rd.count(8));
    for (std::string &A : C.CommandLine)
      A = Rd.s();
  }
  Overlay.assign(Rd.count(16), {});
  for (auto &[Path, Contents] : Overlay) {
    Path = Rd.s();
    Contents = Rd.s();
  }
  return Rd.Ok;
}

} // namespace wqdep
