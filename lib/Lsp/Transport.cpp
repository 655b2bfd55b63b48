//===- Transport.cpp - JSON-RPC message framing over file descriptors -----===//
#include "Lsp/Transport.h"

#include "llvm/ADT/StringExtras.h"

#include <cerrno>
#include <unistd.h>

namespace wqdep::lsp {

bool MessageReader::fill() {
  if (Eof)
    return false;
  if (Pos > 0 && Pos == Buf.size()) {
    Buf.clear();
    Pos = 0;
  } else if (Pos > (1u << 20)) {
    Buf.erase(0, Pos);
    Pos = 0;
  }
  char Chunk[65536];
  while (true) {
    ssize_t N = ::read(Fd, Chunk, sizeof(Chunk));
    if (N > 0) {
      Buf.append(Chunk, size_t(N));
      return true;
    }
    if (N < 0 && errno == EINTR)
      continue;
    Eof = true;
    return false;
  }
}

bool MessageReader::readLine(std::string &Line) {
  while (true) {
    size_t Nl = Buf.find('\n', Pos);
    if (Nl != std::string::npos) {
      Line.assign(Buf, Pos, Nl - Pos);
      Pos = Nl + 1;
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    if (!fill()) {
      if (Pos == Buf.size())
        return false;
      Line.assign(Buf, Pos, std::string::npos); // A last line without '\n'.
      Pos = Buf.size();
      return true;
    }
  }
}

bool MessageReader::readBytes(size_t N, std::string &Out) {
  while (Buf.size() - Pos < N)
    if (!fill())
      return false;
  Out.assign(Buf, Pos, N);
  Pos += N;
  return true;
}

MessageReader::Status MessageReader::read(std::string &Payload,
                                          std::string &Err) {
  std::string Line;
  if (Style == InputStyle::Delimited) {
    Payload.clear();
    bool Any = false;
    while (readLine(Line)) {
      if (llvm::StringRef(Line).starts_with("#"))
        continue;
      if (llvm::StringRef(Line).trim() == "---") {
        if (Any)
          return Message;
        continue;
      }
      Payload += Line;
      Payload += '\n';
      Any |= !llvm::StringRef(Line).trim().empty();
    }
    return Any ? Message : End;
  }

  // Framed: header lines up to an empty line, then the body.
  uint64_t Length = 0;
  bool HaveLength = false, SawHeader = false;
  while (true) {
    if (!readLine(Line))
      return End;
    if (Line.empty()) {
      if (!SawHeader)
        continue; // Blank lines between messages are tolerated.
      break;
    }
    SawHeader = true;
    llvm::StringRef Name, Value;
    std::tie(Name, Value) = llvm::StringRef(Line).split(':');
    if (Name.trim().equals_insensitive("content-length")) {
      uint64_t N;
      if (Value.trim().getAsInteger(10, N)) {
        Err = "bad Content-Length header '" + Line + "'";
        HaveLength = false;
        continue;
      }
      Length = N;
      HaveLength = true;
    }
  }
  if (!HaveLength) {
    if (Err.empty())
      Err = "a message without a Content-Length header";
    return Malformed;
  }
  if (Length > (1ull << 31)) {
    Err = "a message of " + std::to_string(Length) + " bytes";
    return Malformed;
  }
  if (!readBytes(size_t(Length), Payload))
    return End;
  return Message;
}

bool writeAll(int Fd, llvm::StringRef Data) {
  while (!Data.empty()) {
    ssize_t N = ::write(Fd, Data.data(), Data.size());
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    Data = Data.drop_front(size_t(N));
  }
  return true;
}

bool writeFramed(int Fd, llvm::StringRef Payload) {
  std::string Out = "Content-Length: " + std::to_string(Payload.size()) +
                    "\r\n\r\n";
  Out += Payload;
  return writeAll(Fd, Out);
}

} // namespace wqdep::lsp
