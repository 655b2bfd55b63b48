//===- ProgramDatabase.h - Facts of every TU, kept between runs --*- C++ -*-===//
//
// The persistent program database: an SQLite file (by default `wqdep.db`
// next to compile_commands.json) holding the facts of each translation unit,
// keyed on its command line and on the contents of the main file and every
// file it included. See docs/database.md for the schema and the reasons.
//
// Writes are atomic per translation unit (one transaction for its row, its
// dependency list and its functions), so a run killed half-way leaves a
// database whose every row is complete and correct for the inputs it records;
// the next run reuses those rows and parses the rest. Readers in other
// processes (the IDE front end) see whole translation units only.
//
// Only wqdep's own files are written: they carry its mark (application_id
// 'wqdp', user_version the schema version); see open(). For tests,
// WQDEP_DB_MAX_PAGES_FOR_TESTING=N in the environment caps the file at N
// pages (SQLite's max_page_count): a full disk without root or a tmpfs.
//
// Threading: one ProgramDatabase per thread. Writers in other processes are
// serialised by SQLite (busy timeout 30 s).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_STORE_PROGRAMDATABASE_H
#define WQDEP_STORE_PROGRAMDATABASE_H

#include "Extract/Runner.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem/UniqueID.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace wqdep {

class Program;

/// A translation unit the database remembers as failed, with its error.
struct StoredFailure {
  std::string File;
  std::string Error;
};

/// A stored translation unit with its functions by reference: what a program
/// kept in memory and updated one unit at a time needs (the IDE front end
/// decodes each distinct function once, not once per unit that defines it).
struct StoredUnit {
  std::string File;
  bool Failed = false;
  std::string Error;
  TUFacts Globals; ///< MainFile, Allocs, Bindings and Stores; no Functions.
  /// Its functions, in stored order, as the indexes loadUnits() gave them
  /// (a kernel unit lists thousands; integers, not hash strings).
  std::vector<uint32_t> Functions;
};

/// The hash a function's facts are stored under: equal facts, equal hash,
/// whether they come from the database or from a fresh extraction.
std::string functionHash(const FunctionFacts &F);

enum class OpenMode {
  /// Create the database if there is none, bring it to this version's
  /// format, and write it.
  ReadWrite,
  /// Only read (the IDE front end): nothing is created or changed, and a
  /// database of another format, or damaged, is an error.
  ReadOnly,
};

class ProgramDatabase {
public:
  /// Opens the database at \p Path. Only a wqdep database is used: one
  /// carrying wqdep's mark (SQLite's application_id), or an unmarked one with
  /// exactly wqdep's schema (written before the mark existed), or, in
  /// ReadWrite mode, a new one (no file, or an empty one). Anything else is
  /// refused and left as it is. In ReadWrite mode a wqdep database of
  /// another format is emptied, and a damaged one (SQLite reports it corrupt
  /// or of an unsupported format) is moved aside to `<Path>.corrupt` and
  /// started afresh, saying so in \p Notice. Returns null with \p Err set
  /// (one line, the cause) when the file cannot be used.
  static std::unique_ptr<ProgramDatabase>
  open(const std::string &Path, std::string &Err,
       OpenMode Mode = OpenMode::ReadWrite, std::string *Notice = nullptr);
  ~ProgramDatabase();

  /// Whether the stored facts of \p File are current: stored under
  /// \p CommandKey, and every file it read still has the contents it had.
  /// File stats and hashes are cached for the life of this object.
  bool isFresh(const std::string &File, const std::string &CommandKey);

  /// Forgets the file stats and hashes isFresh() cached: for a long-lived
  /// reader (the IDE front end) that asks again after files changed.
  void forgetFileStates() {
    Stats.clear();
    Hashes.clear();
    FileRows.clear();
    CurrentById.clear();
    FileRowsLoaded = false;
    WrittenFiles.clear();
  }

  /// Stores one translation unit, replacing what was there, atomically.
  /// Its functions are R.Facts.Functions, or R.Encoded when R.EncodedBytes
  /// is set (facts from an object): those are stored as they are, and only
  /// when hasFunction() does not already know them.
  bool store(const std::string &CommandKey, const TUResult &R,
             std::string &Err);

  /// Whether a function stored under \p Hash (functionHash()) is in the
  /// database, as far as this object knows: the hashes are read once, then
  /// kept up to date with what it stores and deletes. (A function another
  /// process prunes meanwhile makes the unit that refers to it fail to
  /// load, and be parsed again: never a wrong fact.)
  bool hasFunction(const std::string &Hash);

  /// Loads the stored facts of \p Files into \p P (each distinct function
  /// once) and appends the ones stored as failed to \p Failures. Files
  /// that are missing or whose rows do not decode are appended to \p Missing.
  /// Files in \p Skip are left out (the caller has them); the others keep
  /// their index in \p Files as their order in \p P.
  void load(const std::vector<std::string> &Files, Program &P,
            std::vector<StoredFailure> &Failures,
            std::vector<std::string> &Missing,
            const std::set<std::string> *Skip = nullptr);

  /// The facts of one stored translation unit, functions included, or
  /// nothing when it is not stored (or stored as failed).
  std::optional<TUFacts> loadTU(const std::string &File);

  /// Reads, in one snapshot, what is stored for each of \p Files, in order,
  /// without linking: each distinct function used is decoded once, the
  /// first time a unit refers to it, and given to \p OnFunction with an
  /// index (0, 1, 2 ...) and its hash; then the unit is given to \p OnUnit
  /// (failed units too, with Failed set), its functions as those indexes.
  /// Files not stored, or whose rows do not decode, are appended to
  /// \p Missing (functions already given for them are harmless). Writes
  /// nothing.
  void loadUnits(
      const std::vector<std::string> &Files,
      const std::function<void(uint32_t Index, const std::string &Hash,
                               FunctionFacts &F)> &OnFunction,
      const std::function<void(StoredUnit &U)> &OnUnit,
      std::vector<std::string> &Missing);

  /// Every translation unit stored, sorted.
  std::vector<std::string> storedFiles();

  /// Forgets translation units not in \p Keep (cheap: one read of the unit
  /// names), then functions and files no unit uses. Those are collected
  /// when units were forgotten or when \p CollectFunctions; the collection
  /// reads every unit's lists, so a one-file re-run skips it (the few
  /// orphans wait for the next one).
  void prune(const std::vector<std::string> &Keep,
             bool CollectFunctions = true);

  /// The first error that showed the file damaged (a corrupt page) since
  /// it was opened, or "" when none did.
  const std::string &damage() const { return Damage; }

  /// Closes \p DB and moves its file (and write-ahead log) to
  /// `<path>.corrupt`, replacing an older one there; unless the file at its
  /// path is no longer the one it opened (another run moved it first and
  /// started a new one). Sets \p MovedTo, or \p Err when it cannot.
  static bool moveAside(std::unique_ptr<ProgramDatabase> DB,
                        std::string &MovedTo, std::string &Err);

private:
  explicit ProgramDatabase(sqlite3 *Db) : Db(Db) {}
  bool exec(const char *Sql, std::string *Err = nullptr);
  bool pragma(const char *Name, int64_t &Value, std::string &Err);
  std::optional<std::pair<int64_t, uint64_t>> statFile(const std::string &P);
  std::string currentHash(const std::string &Path);

  sqlite3 *Db;
  std::string Path;
  std::optional<llvm::sys::fs::UniqueID> FileId; ///< Of Path, when opened.
  int LastRc = 0; ///< Of the last exec() or failed pragma().
  std::string Damage;
  std::map<std::string, std::optional<std::pair<int64_t, uint64_t>>> Stats;
  std::map<std::string, std::string> Hashes;
  /// The file table, read once: id -> (path, mtime, size, hash).
  struct FileRow {
    std::string Path;
    int64_t MTime;
    int64_t Size;
    std::string Hash;
  };
  std::unordered_map<int64_t, FileRow> FileRows;
  bool FileRowsLoaded = false;
  /// id -> the hash of the file's contents now ("" when unreadable).
  std::unordered_map<int64_t, std::string> CurrentById;
  /// Path -> the file row store() last wrote for it in this object's life
  /// (id, mtime, size, hash): an identical row is not written again. (A
  /// row another process changes or prunes meanwhile is no harm: a unit's
  /// dependency list has its own hashes, and a missing row makes it stale.)
  struct WrittenFile {
    int64_t Id;
    int64_t MTime;
    int64_t Size;
    std::string Hash;
  };
  std::unordered_map<std::string, WrittenFile> WrittenFiles;
  /// hasFunction()'s: the func table's hashes, once read (as integers:
  /// asked about every function of every unit taken from an object).
  struct FunctionSet;
  std::shared_ptr<FunctionSet> FunctionHashes; // (Shared: the type is the .cpp's.)
  void noteFunction(llvm::StringRef Hash, bool Stored);
};

/// The default database path for a compile database path (a directory or
/// the JSON file): `wqdep.db` beside compile_commands.json.
std::string defaultDatabasePath(const std::string &CompileDbPath);

} // namespace wqdep

#endif
