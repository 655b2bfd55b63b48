//===- Protocol.cpp - LSP positions, encodings, URIs and text edits -------===//
#include "Lsp/Protocol.h"

#include "llvm/ADT/StringExtras.h"

namespace wqdep::lsp {

std::optional<OffsetEncoding> parseEncoding(llvm::StringRef Name) {
  if (Name == "utf-8")
    return OffsetEncoding::UTF8;
  if (Name == "utf-16")
    return OffsetEncoding::UTF16;
  if (Name == "utf-32")
    return OffsetEncoding::UTF32;
  return std::nullopt;
}

llvm::StringRef encodingName(OffsetEncoding E) {
  switch (E) {
  case OffsetEncoding::UTF8:
    return "utf-8";
  case OffsetEncoding::UTF16:
    return "utf-16";
  case OffsetEncoding::UTF32:
    return "utf-32";
  }
  return "utf-16";
}

OffsetEncoding negotiatedEncoding(const llvm::json::Value &Result) {
  const llvm::json::Object *R = Result.getAsObject();
  if (!R)
    return OffsetEncoding::UTF16;
  if (const llvm::json::Object *Caps = R->getObject("capabilities"))
    if (auto Name = Caps->getString("positionEncoding"))
      if (auto E = parseEncoding(*Name))
        return *E;
  if (auto Name = R->getString("offsetEncoding"))
    if (auto E = parseEncoding(*Name))
      return *E;
  return OffsetEncoding::UTF16;
}

std::optional<std::string> uriToPath(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  // file:///path, or file://localhost/path.
  if (!Uri.starts_with("/")) {
    size_t Slash = Uri.find('/');
    if (Slash == llvm::StringRef::npos || Uri.take_front(Slash) != "localhost")
      return std::nullopt;
    Uri = Uri.drop_front(Slash);
  }
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    char C = Uri[I];
    if (C == '%' && I + 2 < Uri.size() &&
        llvm::isHexDigit(Uri[I + 1]) && llvm::isHexDigit(Uri[I + 2])) {
      Path.push_back(char(llvm::hexFromNibbles(Uri[I + 1], Uri[I + 2])));
      I += 2;
      continue;
    }
    if (C == '?' || C == '#')
      break;
    Path.push_back(C);
  }
  return Path;
}

std::string pathToUri(llvm::StringRef Path) {
  std::string Uri = "file://";
  for (unsigned char C : Path) {
    // clangd's set (clang-tools-extra/clangd/URI.cpp): unreserved, '/', ':'.
    if (llvm::isAlnum(C) || C == '-' || C == '_' || C == '.' || C == '~' ||
        C == '/' || C == ':') {
      Uri.push_back(char(C));
    } else {
      Uri.push_back('%');
      Uri.push_back(llvm::hexdigit(C >> 4));
      Uri.push_back(llvm::hexdigit(C & 15));
    }
  }
  return Uri;
}

std::optional<Position> parsePosition(const llvm::json::Value *V) {
  const llvm::json::Object *O = V ? V->getAsObject() : nullptr;
  if (!O)
    return std::nullopt;
  auto L = O->getInteger("line");
  auto C = O->getInteger("character");
  if (!L || !C || *L < 0 || *C < 0)
    return std::nullopt;
  return Position{*L, *C};
}

llvm::json::Value toJSON(const Position &P) {
  return llvm::json::Object{{"line", P.Line}, {"character", P.Character}};
}

namespace {

/// The length in bytes of the UTF-8 sequence starting at S[I], or 1 for a
/// byte that does not start a valid sequence.
size_t sequenceLength(llvm::StringRef S, size_t I) {
  unsigned char C = S[I];
  size_t N = C < 0x80 ? 1 : (C >> 5) == 6 ? 2 : (C >> 4) == 14 ? 3
                                            : (C >> 3) == 30 ? 4 : 1;
  if (I + N > S.size())
    return 1;
  for (size_t K = 1; K < N; ++K)
    if ((static_cast<unsigned char>(S[I + K]) >> 6) != 2)
      return 1;
  return N;
}

/// Code units one sequence of \p Bytes bytes takes in \p E.
size_t unitsOf(size_t Bytes, OffsetEncoding E) {
  switch (E) {
  case OffsetEncoding::UTF8:
    return Bytes;
  case OffsetEncoding::UTF16:
    return Bytes == 4 ? 2 : 1;
  case OffsetEncoding::UTF32:
    return 1;
  }
  return 1;
}

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_'; }

} // namespace

size_t codeUnits(llvm::StringRef S, OffsetEncoding E) {
  if (E == OffsetEncoding::UTF8)
    return S.size();
  size_t Units = 0;
  for (size_t I = 0; I < S.size();) {
    size_t N = sequenceLength(S, I);
    Units += unitsOf(N, E);
    I += N;
  }
  return Units;
}

size_t byteInLine(llvm::StringRef Line, int64_t Character, OffsetEncoding E) {
  if (Character <= 0)
    return 0;
  if (E == OffsetEncoding::UTF8)
    return std::min<size_t>(Line.size(), size_t(Character));
  // A position inside a surrogate pair lands after the pair.
  size_t Units = 0, I = 0;
  while (I < Line.size() && Units < size_t(Character)) {
    size_t N = sequenceLength(Line, I);
    Units += unitsOf(N, E);
    I += N;
  }
  return I;
}

std::optional<llvm::StringRef> lineOf(llvm::StringRef Text, int64_t N) {
  if (N < 0)
    return std::nullopt;
  size_t Start = 0;
  for (int64_t L = 0; L < N; ++L) {
    size_t Nl = Text.find('\n', Start);
    if (Nl == llvm::StringRef::npos)
      return std::nullopt;
    Start = Nl + 1;
  }
  size_t End = Text.find('\n', Start);
  if (End == llvm::StringRef::npos)
    End = Text.size();
  return Text.slice(Start, End);
}

size_t positionToOffset(llvm::StringRef Text, const Position &P,
                        OffsetEncoding E) {
  size_t Start = 0;
  for (int64_t L = 0; L < P.Line; ++L) {
    size_t Nl = Text.find('\n', Start);
    if (Nl == llvm::StringRef::npos)
      return Text.size();
    Start = Nl + 1;
  }
  size_t End = Text.find('\n', Start);
  if (End == llvm::StringRef::npos)
    End = Text.size();
  return Start + byteInLine(Text.slice(Start, End), P.Character, E);
}

bool applyChange(std::string &Text, const llvm::json::Object &Change,
                 OffsetEncoding E) {
  auto NewText = Change.getString("text");
  if (!NewText)
    return false;
  const llvm::json::Value *Range = Change.get("range");
  if (!Range || Range->kind() == llvm::json::Value::Null) {
    Text = NewText->str();
    return true;
  }
  const llvm::json::Object *R = Range->getAsObject();
  if (!R)
    return false;
  auto Start = parsePosition(R->get("start"));
  auto End = parsePosition(R->get("end"));
  if (!Start || !End)
    return false;
  size_t From = positionToOffset(Text, *Start, E);
  size_t To = positionToOffset(Text, *End, E);
  if (To < From)
    return false;
  Text.replace(From, To - From, NewText->str());
  return true;
}

llvm::json::Value tokenRange(unsigned Line, unsigned Column,
                             std::optional<llvm::StringRef> LineText,
                             OffsetEncoding E) {
  int64_t L = Line ? Line - 1 : 0;
  size_t Byte = Column ? Column - 1 : 0;
  if (!LineText) {
    // The file cannot be read: a zero-width range at the byte column.
    Position P{L, int64_t(Byte)};
    return llvm::json::Object{{"start", toJSON(P)}, {"end", toJSON(P)}};
  }
  llvm::StringRef T = *LineText;
  Byte = std::min(Byte, T.size());
  size_t End = Byte;
  while (End < T.size() && isIdentChar(T[End]))
    ++End;
  if (End == Byte && End < T.size())
    End += sequenceLength(T, End);
  Position S{L, int64_t(codeUnits(T.take_front(Byte), E))};
  Position En{L, int64_t(codeUnits(T.take_front(End), E))};
  return llvm::json::Object{{"start", toJSON(S)}, {"end", toJSON(En)}};
}

} // namespace wqdep::lsp
