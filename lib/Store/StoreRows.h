//===- StoreRows.h - Reading and writing the database's rows ---*- C++ -*-===//
//
// What the program database's files share (lib/Store only, not installed):
// prepared statements that a damaged file cannot crash, the damage test,
// function hashes as integers, and list splitting. ProgramDatabase.cpp opens,
// checks, stores and prunes; LoadProgram.cpp loads units back.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_STORE_STOREROWS_H
#define WQDEP_STORE_STOREROWS_H

#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <vector>

namespace wqdep {
/// A 32-hex-digit contentHash() as two integers: the key of the function
/// index in loadUnits(), looked up once per function of every unit (two
/// million times for 300 kernel units), so a flat table of integers.
struct Hash128 {
  uint64_t Hi = 0, Lo = 0;
  bool operator==(const Hash128 &O) const { return Hi == O.Hi && Lo == O.Lo; }
};

inline std::optional<Hash128> parseHash(llvm::StringRef S) {
  if (S.size() != 32)
    return std::nullopt;
  Hash128 H;
  for (size_t I = 0; I < 32; ++I) {
    unsigned V = llvm::hexDigitValue(S[I]);
    if (V == ~0U)
      return std::nullopt;
    uint64_t &W = I < 16 ? H.Hi : H.Lo;
    W = (W << 4) | V;
  }
  return H;
}

} // namespace wqdep

template <> struct llvm::DenseMapInfo<wqdep::Hash128> {
  static wqdep::Hash128 getEmptyKey() { return {~0ULL, 0}; }
  static wqdep::Hash128 getTombstoneKey() { return {~0ULL, 1}; }
  static unsigned getHashValue(const wqdep::Hash128 &H) {
    return unsigned(H.Lo ^ (H.Lo >> 32));
  }
  static bool isEqual(const wqdep::Hash128 &L, const wqdep::Hash128 &R) {
    return L == R;
  }
};

namespace wqdep {
namespace storerows {

/// Whether \p Rc (from \p Db) says the file itself is damaged: a corrupt
/// page, a header SQLite does not accept, a schema it cannot parse.
inline bool isDamage(sqlite3 *Db, int Rc) {
  switch (Rc & 0xff) {
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return true;
  case SQLITE_ERROR:
    return Db && llvm::StringRef(sqlite3_errmsg(Db)) == "unsupported file format";
  default:
    return false;
  }
}

/// A prepared statement, finalized on scope exit. A statement that failed to
/// prepare (a damaged or foreign schema) is inert: step() returns the
/// preparation's error, the accessors return nothing; no null handle ever
/// reaches SQLite. Errors that show the file damaged are recorded in
/// \p Damage (the first one's message), when given.
class Stmt {
public:
  Stmt(sqlite3 *Db, const char *Sql, std::string *Damage = nullptr)
      : Db(Db), Damage(Damage) {
    PrepareRc = sqlite3_prepare_v2(Db, Sql, -1, &S, nullptr);
    if (PrepareRc != SQLITE_OK) {
      note(PrepareRc);
      sqlite3_finalize(S);
      S = nullptr;
      if (PrepareRc == SQLITE_OK)
        PrepareRc = SQLITE_ERROR;
    }
  }
  ~Stmt() { sqlite3_finalize(S); }
  Stmt(const Stmt &) = delete;
  Stmt &operator=(const Stmt &) = delete;
  explicit operator bool() const { return S; }
  Stmt &bind(int I, const std::string &V) {
    if (S)
      sqlite3_bind_text(S, I, V.data(), int(V.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt &blob(int I, std::string_view V) {
    if (S)
      sqlite3_bind_blob(S, I, V.data(), int(V.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt &bind(int I, int64_t V) {
    if (S)
      sqlite3_bind_int64(S, I, V);
    return *this;
  }
  /// SQLITE_ROW, SQLITE_DONE or an error.
  int step() {
    if (!S)
      return PrepareRc;
    int Rc = sqlite3_step(S);
    if (Rc != SQLITE_ROW && Rc != SQLITE_DONE)
      note(Rc);
    return Rc;
  }
  void reset() {
    if (!S)
      return;
    sqlite3_reset(S);
    sqlite3_clear_bindings(S);
  }
  std::string text(int I) {
    const unsigned char *T = S ? sqlite3_column_text(S, I) : nullptr;
    return T ? std::string(reinterpret_cast<const char *>(T),
                           sqlite3_column_bytes(S, I))
             : std::string();
  }
  std::string bytes(int I) {
    const void *B = S ? sqlite3_column_blob(S, I) : nullptr;
    return B ? std::string(static_cast<const char *>(B),
                           sqlite3_column_bytes(S, I))
             : std::string();
  }
  int64_t integer(int I) { return S ? sqlite3_column_int64(S, I) : 0; }
  /// For reading a column in place (valid until the next step or reset).
  sqlite3_stmt *handle() { return S; }

private:
  void note(int Rc) {
    if (Damage && Damage->empty() && isDamage(Db, Rc))
      *Damage = sqlite3_errmsg(Db);
  }
  sqlite3 *Db;
  std::string *Damage;
  sqlite3_stmt *S = nullptr;
  int PrepareRc = SQLITE_OK;
};

inline std::vector<std::string> splitLines(const std::string &S) {
  std::vector<std::string> R;
  size_t Pos = 0;
  while (Pos < S.size()) {
    size_t Nl = S.find('\n', Pos);
    if (Nl == std::string::npos)
      Nl = S.size();
    R.push_back(S.substr(Pos, Nl - Pos));
    Pos = Nl + 1;
  }
  return R;
}

} // namespace storerows
} // namespace wqdep

#endif
