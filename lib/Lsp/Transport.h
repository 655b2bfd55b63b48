//===- Transport.h - JSON-RPC message framing over file descriptors -*- C++ -*-===//
//
// LSP messages travel as `Content-Length: N\r\n\r\n` followed by N bytes of
// JSON. For tests, clangd also reads `---`-delimited JSON without headers
// (`-lit-test`); wqdep-clangd's own --lit-test reads the same.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_TRANSPORT_H
#define WQDEP_LSP_TRANSPORT_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace wqdep::lsp {

enum class InputStyle {
  Framed,    ///< Content-Length headers, as every editor sends.
  Delimited, ///< JSON texts separated by lines "---"; lines starting with
             ///< '#' are comments (clangd's -lit-test input).
};

/// Reads messages from a file descriptor, one at a time.
class MessageReader {
public:
  MessageReader(int Fd, InputStyle Style) : Fd(Fd), Style(Style) {}

  enum Status {
    Message,   ///< A message's bytes are in Payload (not yet parsed).
    Malformed, ///< A bad header block was skipped; Err says why. Read on.
    End,       ///< End of input (or an error reading it).
  };
  Status read(std::string &Payload, std::string &Err);

private:
  /// The next line without its terminator ("\n" or "\r\n"); false at the end.
  bool readLine(std::string &Line);
  /// Exactly N more bytes; false at the end.
  bool readBytes(size_t N, std::string &Out);
  bool fill();

  int Fd;
  InputStyle Style;
  std::string Buf;
  size_t Pos = 0;
  bool Eof = false;
};

/// Writes `Content-Length: N\r\n\r\n` and \p Payload in full. False when the
/// descriptor is closed (EPIPE) or broken.
bool writeFramed(int Fd, llvm::StringRef Payload);

/// Writes \p Data in full, retrying on EINTR. False on error.
bool writeAll(int Fd, llvm::StringRef Data);

} // namespace wqdep::lsp

#endif
