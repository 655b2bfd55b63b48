//===- Protocol.h - LSP positions, encodings, URIs and text edits -*- C++ -*-===//
//
// The few pieces of the Language Server Protocol wqdep-clangd interprets
// itself; everything else it relays to clangd without reading it.
//
// Positions: an LSP position is a 0-based line and a 0-based character
// counted in the code units of the encoding negotiated at `initialize`
// (UTF-16 unless the server said otherwise). wqdep's facts carry clang's
// 1-based *byte* columns; these functions convert between the two using the
// text of the line. Lines end at '\n' only, as in clangd.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_PROTOCOL_H
#define WQDEP_LSP_PROTOCOL_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>

namespace wqdep::lsp {

enum class OffsetEncoding { UTF8, UTF16, UTF32 };

/// "utf-8", "utf-16", "utf-32"; nothing for anything else.
std::optional<OffsetEncoding> parseEncoding(llvm::StringRef Name);
llvm::StringRef encodingName(OffsetEncoding E);

/// The encoding a server chose, from its `initialize` result:
/// `capabilities.positionEncoding` (LSP 3.17), else clangd's `offsetEncoding`
/// extension, else UTF-16 (the protocol's default).
OffsetEncoding negotiatedEncoding(const llvm::json::Value &InitializeResult);

/// The absolute path of a `file:` URI (percent-decoded); nothing for other
/// schemes or a malformed URI.
std::optional<std::string> uriToPath(llvm::StringRef Uri);
/// A `file://` URI for an absolute path, percent-encoded as clangd does.
std::string pathToUri(llvm::StringRef Path);

struct Position {
  int64_t Line = 0;
  int64_t Character = 0;
};
std::optional<Position> parsePosition(const llvm::json::Value *V);
llvm::json::Value toJSON(const Position &P);

/// Code units of \p E in the UTF-8 text \p S. A byte that is not valid
/// UTF-8 counts as one unit, as in clangd.
size_t codeUnits(llvm::StringRef S, OffsetEncoding E);

/// The byte offset in \p Line of the position \p Character code units in;
/// past the end of the line clamps to its end.
size_t byteInLine(llvm::StringRef Line, int64_t Character, OffsetEncoding E);

/// Line \p N (0-based) of \p Text, without its '\n'; nothing past the end.
std::optional<llvm::StringRef> lineOf(llvm::StringRef Text, int64_t N);

/// The byte offset of \p P in \p Text. A line past the end clamps to the end
/// of the text, a character past the end of its line to the end of the line.
size_t positionToOffset(llvm::StringRef Text, const Position &P,
                        OffsetEncoding E);

/// Applies one TextDocumentContentChangeEvent: with a `range`, replaces it;
/// without, replaces the whole text. False (and \p Text unchanged) when the
/// event is malformed.
bool applyChange(std::string &Text, const llvm::json::Object &Change,
                 OffsetEncoding E);

/// The LSP range of the first token at 1-based byte column \p Column of
/// \p Line: an identifier (a call's callee, a macro name) to its end, or a
/// single character. Line is 1-based; \p LineText its text.
llvm::json::Value tokenRange(unsigned Line, unsigned Column,
                             std::optional<llvm::StringRef> LineText,
                             OffsetEncoding E);

} // namespace wqdep::lsp

#endif
