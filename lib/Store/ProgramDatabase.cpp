//===- ProgramDatabase.cpp - Facts of every TU, kept between runs ---------===//
//
// Opening (whose file it is, its format, damage), the freshness check,
// storing a unit, pruning. Loading units back is LoadProgram.cpp; what both
// share of rows and statements is StoreRows.h.
//
//===----------------------------------------------------------------------===//
#include "Store/ProgramDatabase.h"
#include "Facts/Serialize.h"
#include "Program/Program.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sqlite3.h>
#include "llvm/ADT/DenseMap.h"
#include <unordered_map>
#include <unordered_set>

#include "Store/StoreRows.h"

namespace wqdep {

using namespace storerows;

struct ProgramDatabase::FunctionSet {
  llvm::DenseSet<Hash128> Hashes;
};

namespace {

/// Bumped when the schema changes; with FactsFormatVersion it decides
/// whether an existing database is reused or started afresh.
constexpr int SchemaVersion = 1;

/// wqdep's mark in SQLite's header ('wqdp'): only a file that carries it (or
/// an unmarked one whose schema is exactly wqdep's, from before the mark) is
/// ever written, rebuilt or moved aside.
constexpr uint32_t ApplicationId = 0x77716470;

const char *Schema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS file(
  id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,
  mtime INTEGER NOT NULL, size INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tu(
  file TEXT PRIMARY KEY, command_key TEXT NOT NULL,
  failed INTEGER NOT NULL, error TEXT NOT NULL,
  globals BLOB NOT NULL, deps BLOB NOT NULL, functions BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS func(
  hash TEXT PRIMARY KEY, key TEXT NOT NULL, facts BLOB NOT NULL);
)sql";

// A TU's dependencies: (file id, content hash) pairs, as "id hash\n" lines.
std::string encodeDeps(const std::vector<std::pair<int64_t, std::string>> &D) {
  std::string Out;
  for (const auto &[Id, Hash] : D)
    Out += std::to_string(Id) + " " + Hash + "\n";
  return Out;
}

/// Gives \p Fn each (file id, content hash) of what encodeDeps() wrote, in
/// place; stops, returning false, at the first line that is not "id hash"
/// or when \p Fn returns false. A kernel's units list ~1.5 million.
template <class Visit> bool forEachDep(std::string_view S, Visit &&Fn) {
  while (!S.empty()) {
    size_t Nl = S.find('\n'), Sp = S.find(' ');
    if (Nl == std::string_view::npos || Sp == std::string_view::npos ||
        Sp > Nl)
      return false;
    int64_t Id = 0;
    if (std::from_chars(S.data(), S.data() + Sp, Id).ptr != S.data() + Sp)
      return false;
    if (!Fn(Id, S.substr(Sp + 1, Nl - Sp - 1)))
      return false;
    S.remove_prefix(Nl + 1);
  }
  return true;
}

/// The first 100 bytes of a database file: SQLite's header.
struct FileHeader {
  bool Exists = false;
  bool Empty = false;  ///< No bytes at all: a new database.
  bool SQLite = false; ///< Starts with SQLite's magic string.
  uint32_t ApplicationId = 0;
};

FileHeader readHeader(const std::string &Path) {
  FileHeader H;
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St) || !llvm::sys::fs::exists(St))
    return H;
  H.Exists = true;
  if (St.getSize() == 0) {
    H.Empty = true;
    return H;
  }
  std::ifstream In(Path, std::ios::binary);
  unsigned char B[100] = {};
  In.read(reinterpret_cast<char *>(B), sizeof B);
  if (In.gcount() < 100 || std::memcmp(B, "SQLite format 3", 16) != 0)
    return H;
  H.SQLite = true;
  H.ApplicationId = uint32_t(B[68]) << 24 | uint32_t(B[69]) << 16 |
                    uint32_t(B[70]) << 8 | uint32_t(B[71]);
  return H;
}

/// sqlite_schema as this code creates it: (type, name, table, sql) rows. A
/// database without wqdep's mark (written before the mark existed) is
/// wqdep's only when its schema is exactly this.
std::vector<std::string> schemaRows(sqlite3 *Db, bool &Ok) {
  std::vector<std::string> R;
  Stmt Q(Db, "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema "
             "ORDER BY type, name");
  int Rc;
  while ((Rc = Q.step()) == SQLITE_ROW)
    R.push_back(Q.text(0) + "\x1f" + Q.text(1) + "\x1f" + Q.text(2) + "\x1f" +
                Q.text(3));
  Ok = Rc == SQLITE_DONE;
  return R;
}

const std::vector<std::string> &wqdepSchemaRows() {
  static const std::vector<std::string> Rows = [] {
    sqlite3 *Mem = nullptr;
    std::vector<std::string> R;
    if (sqlite3_open(":memory:", &Mem) == SQLITE_OK &&
        sqlite3_exec(Mem, Schema, nullptr, nullptr, nullptr) == SQLITE_OK) {
      bool Ok;
      R = schemaRows(Mem, Ok);
    }
    sqlite3_close(Mem);
    return R;
  }();
  return Rows;
}

} // namespace

namespace {
bool moveDatabaseAside(const std::string &Path, std::string &MovedTo,
                       std::string &Err) {
  MovedTo = Path + ".corrupt";
  // The log holds committed pages of the damaged file: kept with it. The
  // shared-memory index is rebuilt from the log by whoever opens it.
  llvm::sys::fs::remove(MovedTo + "-wal");
  llvm::sys::fs::remove(MovedTo + "-shm");
  if (std::error_code EC = llvm::sys::fs::rename(Path, MovedTo)) {
    Err = "cannot move it to '" + MovedTo + "': " + EC.message();
    return false;
  }
  if (llvm::sys::fs::exists(Path + "-wal"))
    llvm::sys::fs::rename(Path + "-wal", MovedTo + "-wal");
  llvm::sys::fs::remove(Path + "-shm");
  return true;
}
} // namespace

bool ProgramDatabase::moveAside(std::unique_ptr<ProgramDatabase> DB,
                                std::string &MovedTo, std::string &Err) {
  std::string Path = DB->Path;
  std::optional<llvm::sys::fs::UniqueID> Id = DB->FileId;
  DB.reset();
  llvm::sys::fs::UniqueID Now;
  if (!Id || llvm::sys::fs::getUniqueID(Path, Now) || Now != *Id) {
    Err = "it was replaced meanwhile; left as it is";
    return false;
  }
  return moveDatabaseAside(Path, MovedTo, Err);
}

std::string defaultDatabasePath(const std::string &CompileDbPath) {
  llvm::SmallString<256> P(CompileDbPath);
  if (!llvm::sys::fs::is_directory(P))
    llvm::sys::path::remove_filename(P);
  if (P.empty())
    P = ".";
  llvm::sys::path::append(P, "wqdep.db");
  return std::string(P);
}

std::unique_ptr<ProgramDatabase>
ProgramDatabase::open(const std::string &Path, std::string &Err, OpenMode Mode,
                      std::string *Notice) {
  const bool ReadOnly = Mode == OpenMode::ReadOnly;
  const std::string Want = std::to_string(SchemaVersion) + "." +
                           std::to_string(FactsFormatVersion);
  for (int Attempt = 0; Attempt < 2; ++Attempt) {
    // Nothing is written before the file is known to be wqdep's: marked
    // (application_id), or unmarked with exactly wqdep's schema (written
    // before the mark existed), or new (absent, empty).
    FileHeader H = readHeader(Path);
    if (H.Exists && !H.Empty && !H.SQLite) {
      Err = "not a wqdep database (not an SQLite file); left as it is";
      return nullptr;
    }
    if (ReadOnly && (!H.Exists || H.Empty)) {
      Err = "no wqdep database in it yet";
      return nullptr;
    }
    sqlite3 *Db = nullptr;
    int Flags = SQLITE_OPEN_NOMUTEX |
                (ReadOnly ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(Path.c_str(), &Db, Flags, nullptr) != SQLITE_OK) {
      Err = Db ? sqlite3_errmsg(Db) : "cannot open";
      sqlite3_close(Db);
      return nullptr;
    }
    std::unique_ptr<ProgramDatabase> PD(new ProgramDatabase(Db));
    PD->Path = Path;
    llvm::sys::fs::UniqueID Id;
    if (!llvm::sys::fs::getUniqueID(Path, Id))
      PD->FileId = Id;
    sqlite3_busy_timeout(Db, 30000);
    if (const char *Max = std::getenv("WQDEP_DB_MAX_PAGES_FOR_TESTING"))
      PD->exec(("PRAGMA max_page_count=" + std::to_string(std::atoll(Max)))
                   .c_str());

    // Whose is it? SQLite's answer (which sees the write-ahead log too),
    // or, when it cannot read the file, the header's bytes.
    std::string E;
    int64_t AppId = 0, UserVersion = 0;
    bool Ok = PD->pragma("application_id", AppId, E) &&
              PD->pragma("user_version", UserVersion, E);
    bool Marked = Ok ? AppId == ApplicationId
                     : H.SQLite && H.ApplicationId == ApplicationId;
    bool Legacy = false;
    if (Ok && !Marked) {
      if (AppId != 0) {
        Err = llvm::formatv("not a wqdep database (an SQLite database of "
                            "another program, application_id {0:x8}); left "
                            "as it is",
                            uint32_t(AppId))
                  .str();
        return nullptr;
      }
      std::vector<std::string> Rows = schemaRows(Db, Ok);
      if (!Ok) {
        E = sqlite3_errmsg(Db);
        PD->LastRc = sqlite3_extended_errcode(Db);
      } else if (!Rows.empty() && Rows != wqdepSchemaRows()) {
        Err = "not a wqdep database (an SQLite database with other tables); "
              "left as it is";
        return nullptr;
      }
      Legacy = Ok && !Rows.empty();
      if (Ok && Rows.empty() && UserVersion != 0) {
        Err = "not a wqdep database (an SQLite database of another "
              "program); left as it is";
        return nullptr;
      }
    }

    // The facts format the file holds ("" for none yet); false on an error.
    auto StoredFormat = [&](std::string &Have) {
      Stmt Q(Db, "SELECT value FROM meta WHERE key='format'", &PD->Damage);
      int Rc = Q.step();
      if (Rc == SQLITE_ROW)
        Have = Q.text(0);
      else if (Rc != SQLITE_DONE)
        return E = sqlite3_errmsg(Db), false;
      return true;
    };
    if (Ok && ReadOnly) {
      // The editor front end only reads: a database it cannot use as it is
      // is reported, never changed.
      std::string Have;
      Ok = StoredFormat(Have);
      if (Ok && Have == Want)
        return PD;
      if (Ok) {
        Err = Have.empty() ? "no wqdep database in it yet"
                           : "written by another wqdep version (format " +
                                 Have + ", this one reads " + Want +
                                 "); run 'wqdep -p' to rebuild it";
        return nullptr;
      }
    } else if (Ok) {
      // Set up, and start afresh when the format is another version's, in
      // one transaction: a concurrent run sees all of it or nothing.
      Ok = PD->exec("PRAGMA journal_mode=WAL", &E) &&
           PD->exec("PRAGMA synchronous=NORMAL", &E) &&
           PD->exec("BEGIN IMMEDIATE", &E) && PD->exec(Schema, &E);
      std::string Have;
      Ok = Ok && StoredFormat(Have);
      if (Ok && Have != Want) {
        if (!Have.empty())
          Ok = PD->exec("DROP TABLE IF EXISTS tu; DROP TABLE IF EXISTS func; "
                        "DROP TABLE IF EXISTS file;",
                        &E) &&
               PD->exec(Schema, &E);
        Stmt Set(Db,
                 "INSERT OR REPLACE INTO meta(key, value) VALUES ('format', ?)",
                 &PD->Damage);
        if (Ok && Set.bind(1, Want).step() != SQLITE_DONE)
          Ok = false, E = sqlite3_errmsg(Db);
      }
      // The mark, written only when missing: an unchanged run writes
      // nothing.
      if (Ok && AppId != ApplicationId)
        Ok = PD->exec(
            ("PRAGMA application_id=" + std::to_string(ApplicationId)).c_str(),
            &E);
      if (Ok && UserVersion != SchemaVersion)
        Ok = PD->exec(
            ("PRAGMA user_version=" + std::to_string(SchemaVersion)).c_str(),
            &E);
      Ok = Ok && PD->exec("COMMIT", &E);
      if (Ok)
        return PD;
    }

    // It failed. A damaged file that is wqdep's own is moved aside and
    // started afresh; anything else is left as it is.
    bool Damaged = isDamage(Db, PD->LastRc) || !PD->Damage.empty();
    if (!Damaged) {
      Err = E.empty() ? std::string(sqlite3_errmsg(Db)) : E;
      return nullptr;
    }
    std::string Why = PD->Damage.empty() ? E : PD->Damage;
    if (Why.empty())
      Why = sqlite3_errmsg(Db);
    PD.reset();
    if (!Marked && !Legacy) {
      Err = Why + " (and it does not carry wqdep's mark, so it is left as it "
                  "is)";
      return nullptr;
    }
    if (ReadOnly || Attempt > 0) {
      Err = "damaged (" + Why + ")" +
            (ReadOnly ? "; run 'wqdep -p' to rebuild it" : "");
      return nullptr;
    }
    std::string MovedTo, MoveErr;
    if (!moveDatabaseAside(Path, MovedTo, MoveErr)) {
      Err = "damaged (" + Why + "); " + MoveErr;
      return nullptr;
    }
    if (Notice)
      *Notice = "damaged (" + Why + "): moved it to '" + MovedTo +
                "' and started a new one";
  }
  Err = "not a usable database";
  return nullptr;
}

bool ProgramDatabase::pragma(const char *Name, int64_t &Value,
                             std::string &Err) {
  Stmt Q(Db, (std::string("PRAGMA ") + Name).c_str(), &Damage);
  int Rc = Q.step();
  if (Rc != SQLITE_ROW) {
    LastRc = Rc;
    Err = sqlite3_errmsg(Db);
    return false;
  }
  Value = Q.integer(0);
  return true;
}

ProgramDatabase::~ProgramDatabase() { sqlite3_close(Db); }

bool ProgramDatabase::exec(const char *Sql, std::string *Err) {
  char *Msg = nullptr;
  LastRc = sqlite3_exec(Db, Sql, nullptr, nullptr, &Msg);
  if (LastRc == SQLITE_OK)
    return true;
  if (Damage.empty() && isDamage(Db, LastRc))
    Damage = Msg ? Msg : sqlite3_errmsg(Db);
  if (Err)
    *Err = Msg ? Msg : "sqlite error";
  sqlite3_free(Msg);
  return false;
}

std::optional<std::pair<int64_t, uint64_t>>
ProgramDatabase::statFile(const std::string &P) {
  auto It = Stats.find(P);
  if (It != Stats.end())
    return It->second;
  llvm::sys::fs::file_status St;
  std::optional<std::pair<int64_t, uint64_t>> R;
  if (!llvm::sys::fs::status(P, St) && llvm::sys::fs::exists(St))
    R = std::make_pair(
        int64_t(llvm::sys::toTimeT(St.getLastModificationTime())),
        uint64_t(St.getSize()));
  Stats[P] = R;
  return R;
}

std::string ProgramDatabase::currentHash(const std::string &Path) {
  auto It = Hashes.find(Path);
  if (It != Hashes.end())
    return It->second;
  std::string H;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
    H = contentHash((*Buf)->getBuffer());
  Hashes[Path] = H;
  return H;
}

bool ProgramDatabase::isFresh(const std::string &File,
                              const std::string &CommandKey) {
  Stmt Q(Db, "SELECT command_key, deps, failed FROM tu WHERE file=?", &Damage);
  if (!Q || Q.bind(1, File).step() != SQLITE_ROW)
    return false;
  if (Q.text(0) != CommandKey)
    return false;
  // A failure may come from the environment (a header not generated yet, a
  // missing include directory) that no recorded input reflects: retried.
  if (Q.integer(2))
    return false;
  const void *Blob = sqlite3_column_blob(Q.handle(), 1);
  std::string_view Rest(static_cast<const char *>(Blob),
                        Blob ? size_t(sqlite3_column_bytes(Q.handle(), 1)) : 0);
  if (Rest.empty())
    return false; // Clang crashed on it: try again.
  if (!FileRowsLoaded) {
    // One read of the file table instead of one query per dependency: a
    // kernel unit has ~1,500 of them, a kernel ~1.5 million.
    Stmt F(Db, "SELECT id, path, mtime, size, hash FROM file", &Damage);
    while (F && F.step() == SQLITE_ROW)
      FileRows[F.integer(0)] = {F.text(1), F.integer(2), F.integer(3),
                                F.text(4)};
    FileRowsLoaded = true;
  }
  // Fresh when every dependency still has the contents it had; a list
  // that does not read is not.
  return forEachDep(Rest, [&](int64_t Id, std::string_view Hash) {
    auto Known = CurrentById.find(Id);
    if (Known == CurrentById.end()) {
      std::string Now;
      auto Row = FileRows.find(Id);
      if (Row != FileRows.end()) {
        auto St = statFile(Row->second.Path);
        // Unchanged stat: the contents are the ones last hashed.
        if (St)
          Now = (St->first == Row->second.MTime &&
                 int64_t(St->second) == Row->second.Size)
                    ? Row->second.Hash
                    : currentHash(Row->second.Path);
      }
      Known = CurrentById.emplace(Id, std::move(Now)).first;
    }
    return !Known->second.empty() && Known->second == Hash;
  });
}

bool ProgramDatabase::store(const std::string &CommandKey, const TUResult &R,
                            std::string &Err) {
  if (!exec("BEGIN IMMEDIATE", &Err))
    return false;
  auto Fail = [&](const char *What) {
    Err = std::string(What) + ": " + sqlite3_errmsg(Db);
    exec("ROLLBACK");
    return false;
  };
  Stmt UpFile(Db, "INSERT INTO file(path, mtime, size, hash) VALUES(?,?,?,?) "
                  "ON CONFLICT(path) DO UPDATE SET mtime=excluded.mtime, "
                  "size=excluded.size, hash=excluded.hash RETURNING id", &Damage);
  std::vector<std::pair<int64_t, std::string>> Deps;
  std::vector<std::pair<const Dependency *, int64_t>> Upserted;
  for (const Dependency &D : R.Deps) {
    // A file row this object wrote as it is (a header every unit reads):
    // not written again.
    auto Known = WrittenFiles.find(D.Path);
    if (Known != WrittenFiles.end() && Known->second.MTime == D.MTime &&
        Known->second.Size == int64_t(D.Size) &&
        Known->second.Hash == D.Hash) {
      Deps.push_back({Known->second.Id, D.Hash});
      continue;
    }
    UpFile.reset();
    UpFile.bind(1, D.Path).bind(2, D.MTime).bind(3, int64_t(D.Size)).bind(
        4, D.Hash);
    if (UpFile.step() != SQLITE_ROW)
      return Fail("storing a dependency");
    Deps.push_back({UpFile.integer(0), D.Hash});
    Upserted.push_back({&D, UpFile.integer(0)});
    while (UpFile.step() == SQLITE_ROW)
      ;
  }
  Stmt AddFunc(Db,
               "INSERT OR IGNORE INTO func(hash, key, facts) VALUES(?,?,?)", &Damage);
  std::string Hashes;
  std::vector<std::string> Added;
  for (const FunctionFacts &F : R.Facts.Functions) {
    std::string Blob = encodeFunction(F);
    std::string H = contentHash(Blob);
    AddFunc.reset();
    if (AddFunc.bind(1, H).bind(2, F.Key).blob(3, Blob).step() != SQLITE_DONE)
      return Fail("storing a function");
    Hashes += H + "\n";
    Added.push_back(std::move(H));
  }
  if (R.EncodedBytes) {
    // From an object: a function already stored is not written again (a
    // kernel unit repeats thousands of header functions); the others go in
    // as the plugin encoded them, which is what encodeFunction() gives.
    for (const EncodedFunction &E : R.Encoded) {
      Hashes += E.Hash;
      Hashes += '\n';
      if (!E.Decoded && hasFunction(E.Hash))
        continue;
      std::optional<FunctionFacts> F =
          E.Decoded ? std::nullopt : decodeFunction(E.Blob);
      const FunctionFacts *Fn = E.Decoded ? &*E.Decoded : F ? &*F : nullptr;
      if (!Fn) {
        exec("ROLLBACK");
        Err = "a function of its facts does not decode";
        return false;
      }
      AddFunc.reset();
      if (AddFunc.bind(1, E.Hash)
              .bind(2, Fn->Key)
              .blob(3, E.Blob)
              .step() != SQLITE_DONE)
        return Fail("storing a function");
      Added.push_back(E.Hash);
    }
  }
  Stmt Put(Db, "INSERT OR REPLACE INTO tu(file, command_key, failed, error, "
               "globals, deps, functions) VALUES(?,?,?,?,?,?,?)", &Damage);
  Put.bind(1, R.File)
      .bind(2, CommandKey)
      .bind(3, int64_t(R.Failed))
      .bind(4, R.Error)
      .blob(5, R.Failed ? std::string() : encodeTUGlobals(R.Facts))
      .blob(6, encodeDeps(Deps))
      .blob(7, Hashes);
  if (Put.step() != SQLITE_DONE)
    return Fail("storing a translation unit");
  if (!exec("COMMIT", &Err))
    return false;
  for (const auto &[D, Id] : Upserted)
    WrittenFiles[D->Path] = {Id, D->MTime, int64_t(D->Size), D->Hash};
  for (const std::string &H : Added)
    noteFunction(H, true);
  return true;
}

void ProgramDatabase::noteFunction(llvm::StringRef Hash, bool Stored) {
  if (!FunctionHashes)
    return; // Read in full when first asked.
  std::optional<Hash128> H = parseHash(Hash);
  if (!H || H->Hi == ~0ULL) // ~0: DenseMap's; such a hash is never known.
    return;
  if (Stored)
    FunctionHashes->Hashes.insert(*H);
  else
    FunctionHashes->Hashes.erase(*H);
}

bool ProgramDatabase::hasFunction(const std::string &Hash) {
  if (!FunctionHashes) {
    FunctionHashes = std::make_shared<FunctionSet>();
    Stmt Q(Db, "SELECT hash FROM func", &Damage);
    while (Q && Q.step() == SQLITE_ROW)
      noteFunction(Q.text(0), true);
  }
  std::optional<Hash128> H = parseHash(Hash);
  return H && H->Hi != ~0ULL && FunctionHashes->Hashes.count(*H);
}

std::string functionHash(const FunctionFacts &F) {
  return contentHash(encodeFunction(F));
}

std::vector<std::string> ProgramDatabase::storedFiles() {
  std::vector<std::string> R;
  Stmt Q(Db, "SELECT file FROM tu ORDER BY file", &Damage);
  while (Q && Q.step() == SQLITE_ROW)
    R.push_back(Q.text(0));
  return R;
}

void ProgramDatabase::prune(const std::vector<std::string> &Keep,
                            bool CollectFunctions) {
  std::set<std::string> KeepSet(Keep.begin(), Keep.end());
  std::vector<std::string> Gone;
  for (const std::string &F : storedFiles())
    if (!KeepSet.count(F))
      Gone.push_back(F);
  if ((Gone.empty() && !CollectFunctions) || !exec("BEGIN IMMEDIATE"))
    return;
  {
    Stmt Del(Db, "DELETE FROM tu WHERE file=?", &Damage);
    for (const std::string &F : Gone) {
      Del.reset();
      Del.bind(1, F).step();
    }
    std::unordered_set<std::string> Used;
    std::unordered_set<int64_t> UsedFiles;
    Stmt Q(Db, "SELECT functions, deps FROM tu", &Damage);
    while (Q.step() == SQLITE_ROW) {
      for (std::string &H : splitLines(Q.bytes(0)))
        Used.insert(std::move(H));
      // A list that does not read keeps nothing alive (as before).
      std::vector<int64_t> Ids;
      if (forEachDep(Q.bytes(1), [&](int64_t Id, std::string_view) {
            Ids.push_back(Id);
            return true;
          }))
        UsedFiles.insert(Ids.begin(), Ids.end());
    }
    // Files (headers included) that no unit read any more.
    std::vector<int64_t> UnusedFiles;
    Stmt AllFiles(Db, "SELECT id FROM file", &Damage);
    while (AllFiles.step() == SQLITE_ROW)
      if (!UsedFiles.count(AllFiles.integer(0)))
        UnusedFiles.push_back(AllFiles.integer(0));
    WrittenFiles.clear();
    Stmt DelFile(Db, "DELETE FROM file WHERE id=?", &Damage);
    for (int64_t Id : UnusedFiles) {
      DelFile.reset();
      DelFile.bind(1, Id).step();
    }
    std::vector<std::string> Unused;
    Stmt All(Db, "SELECT hash FROM func", &Damage);
    while (All.step() == SQLITE_ROW) {
      std::string H = All.text(0);
      if (!Used.count(H))
        Unused.push_back(std::move(H));
    }
    Stmt DelF(Db, "DELETE FROM func WHERE hash=?", &Damage);
    for (const std::string &H : Unused) {
      DelF.reset();
      DelF.bind(1, H).step();
      noteFunction(H, false);
    }
  }
  exec("COMMIT");
}

} // namespace wqdep
