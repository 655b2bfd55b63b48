//===- WorkerProtocol.h - What the parent and a worker say to each other -*- C++ -*-===//
//
// Internal to lib/Extract. Frames are a length and bytes over the worker's
// socket (WorkerFd). The worker first says WorkerHello; then each request
// is a unit (its file, resource directory, compile commands and the editor's
// buffers) and each answer the unit's failure or its facts in the encoding
// of Facts/Serialize.h, with the files it read.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_EXTRACT_WORKERPROTOCOL_H
#define WQDEP_EXTRACT_WORKERPROTOCOL_H

#include "Extract/Runner.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wqdep {

inline constexpr const char *WorkerHello = "wqdep-extract-worker 1";
/// The worker's end of the socket.
inline constexpr int WorkerFd = 3;

bool sendFrame(int Fd, std::string_view Payload);
bool readFrame(int Fd, std::string &Out);

/// The commands of one file, as the parent's database gave them.
class CommandsDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit CommandsDatabase(std::vector<clang::tooling::CompileCommand> C)
      : C(std::move(C)) {}
  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef) const override {
    return C;
  }

private:
  std::vector<clang::tooling::CompileCommand> C;
};

/// A request for \p File with its commands from \p DB.
std::string encodeRequest(const clang::tooling::CompilationDatabase &DB,
                          const std::string &File, const RunOptions &Opts);
bool decodeRequest(
    std::string_view Payload, std::string &File, std::string &ResourceDir,
    std::vector<clang::tooling::CompileCommand> &Cmds,
    std::vector<std::pair<std::string, std::string>> &Overlay);
std::string encodeResult(const TUResult &R);
bool decodeResult(std::string_view Payload, TUResult &R);

} // namespace wqdep

#endif
