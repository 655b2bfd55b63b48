//===- LoadProgram.cpp - Stored units back into a program ------------------===//
//
// ProgramDatabase::load(), loadTU() and loadUnits(): one snapshot of the
// stored units read back, each distinct function decoded once; loadUnits()
// reads rows on the calling thread and decodes on another.
//
//===----------------------------------------------------------------------===//
#include "Facts/Serialize.h"
#include "Program/Program.h"
#include "Store/ProgramDatabase.h"
#include "Store/StoreRows.h"

#include "llvm/ADT/DenseMap.h"

#include <condition_variable>
#include <exception>
#include <iterator>
#include <mutex>
#include <thread>

namespace wqdep {

using namespace storerows;

void ProgramDatabase::load(const std::vector<std::string> &AllFiles,
                           Program &P, std::vector<StoredFailure> &Failures,
                           std::vector<std::string> &Missing,
                           const std::set<std::string> *Skip) {
  std::vector<std::string> Files;
  std::vector<size_t> Order; // Index in AllFiles.
  for (size_t I = 0; I < AllFiles.size(); ++I)
    if (!Skip || !Skip->count(AllFiles[I])) {
      Files.push_back(AllFiles[I]);
      Order.push_back(I);
    }
  // Units are loaded in the order of Files; a function's order is the index
  // in Files of the first unit that lists it, so the earlier file's version
  // wins, as when the units are parsed (or added from memory) instead.
  size_t Unit = 0;
  size_t FirstMissing = Missing.size();
  loadUnits(
      Files,
      [&](uint32_t, const std::string &, FunctionFacts &F) {
        P.addFunction(std::move(F),
                      Order[Unit + (Missing.size() - FirstMissing)]);
      },
      [&](StoredUnit &U) {
        ++Unit;
        if (U.Failed) {
          P.addFailedUnit(U.File);
          Failures.push_back({U.File, U.Error});
          return;
        }
        P.addGlobals(U.Globals);
      },
      Missing);
  // Rows that do not decode are dropped, so that parsing the unit again
  // stores them anew (INSERT OR IGNORE would keep the bad ones).
  if (Missing.size() == FirstMissing || !exec("BEGIN IMMEDIATE"))
    return;
  {
    Stmt Q(Db, "SELECT functions FROM tu WHERE file=?", &Damage);
    Stmt F(Db, "SELECT facts FROM func WHERE hash=?", &Damage);
    Stmt Del(Db, "DELETE FROM func WHERE hash=?", &Damage);
    for (size_t I = FirstMissing; I < Missing.size(); ++I) {
      Q.reset();
      if (Q.bind(1, Missing[I]).step() != SQLITE_ROW)
        continue;
      for (const std::string &H : splitLines(Q.bytes(0))) {
        F.reset();
        if (F.bind(1, H).step() != SQLITE_ROW || decodeFunction(F.bytes(0)))
          continue;
        Del.reset();
        Del.bind(1, H).step();
        noteFunction(H, false);
      }
    }
  }
  exec("COMMIT");
}

std::optional<TUFacts> ProgramDatabase::loadTU(const std::string &File) {
  Stmt Q(Db, "SELECT failed, globals, functions FROM tu WHERE file=?", &Damage);
  if (Q.bind(1, File).step() != SQLITE_ROW || Q.integer(0))
    return std::nullopt;
  TUFacts TU;
  if (!decodeTUGlobals(Q.bytes(1), TU))
    return std::nullopt;
  Stmt F(Db, "SELECT facts FROM func WHERE hash=?", &Damage);
  for (const std::string &H : splitLines(Q.bytes(2))) {
    F.reset();
    if (F.bind(1, H).step() != SQLITE_ROW)
      return std::nullopt;
    std::optional<FunctionFacts> Fn = decodeFunction(F.bytes(0));
    if (!Fn)
      return std::nullopt;
    TU.Functions.push_back(std::move(*Fn));
  }
  return TU;
}

void ProgramDatabase::loadUnits(
    const std::vector<std::string> &Files,
    const std::function<void(uint32_t, const std::string &, FunctionFacts &)>
        &OnFunction,
    const std::function<void(StoredUnit &)> &OnUnit,
    std::vector<std::string> &Missing) {
  // Two threads: this one reads rows (SQLite), another decodes the
  // functions and gives them and the units to the callbacks, in the order
  // the rows were read. Each is about half of the work. Numbers: the reader
  // gives each distinct function a number as it fetches it; the decoder
  // gives each that decodes the next index (the same numbers unless a row
  // does not decode, whose units are then Missing).
  struct Item {
    enum KindTy : uint8_t { Function, Unit, NotStored } Kind;
    uint32_t Number = 0;
    std::string Hash, Bytes; ///< Function.
    bool Stored = true;      ///< Function: its row was found.
    StoredUnit U;            ///< Unit (NotStored: U.File).
    bool Ok = true;          ///< Unit: its list of functions parsed.
  };
  std::mutex Mu;
  std::condition_variable Ready;
  std::vector<Item> Queue;
  bool Done = false;
  std::exception_ptr Failed;

  std::thread Decoder([&] {
    std::vector<Item> Batch;
    std::vector<int64_t> IndexOf; // By number; -1: did not decode.
    uint32_t Next = 0;
    try {
      for (;;) {
        {
          std::unique_lock<std::mutex> L(Mu);
          Ready.wait(L, [&] { return !Queue.empty() || Done; });
          if (Queue.empty())
            return;
          Batch.swap(Queue);
        }
        for (Item &It : Batch) {
          switch (It.Kind) {
          case Item::Function: {
            if (IndexOf.size() <= It.Number)
              IndexOf.resize(It.Number + 1, -1);
            std::optional<FunctionFacts> Fn;
            if (It.Stored)
              Fn = decodeFunction(It.Bytes);
            if (Fn) {
              IndexOf[It.Number] = Next;
              OnFunction(Next++, It.Hash, *Fn);
            }
            break;
          }
          case Item::Unit: {
            bool Ok = It.Ok;
            for (uint32_t &F : It.U.Functions) {
              Ok = Ok && F < IndexOf.size() && IndexOf[F] >= 0;
              if (!Ok)
                break;
              F = uint32_t(IndexOf[F]);
            }
            if (Ok)
              OnUnit(It.U);
            else
              Missing.push_back(It.U.File);
            break;
          }
          case Item::NotStored:
            Missing.push_back(It.U.File);
            break;
          }
        }
        Batch.clear();
      }
    } catch (...) {
      std::lock_guard<std::mutex> L(Mu);
      Failed = std::current_exception();
    }
  });

  std::vector<Item> Out;
  auto Flush = [&](bool Last) {
    std::lock_guard<std::mutex> L(Mu);
    if (Queue.empty())
      Queue.swap(Out);
    else
      std::move(Out.begin(), Out.end(), std::back_inserter(Queue));
    Out.clear();
    Done = Last;
    Ready.notify_one();
  };
  auto Push = [&](Item &&It) {
    Out.push_back(std::move(It));
    if (Out.size() >= 256)
      Flush(false);
  };
  // However the reading ends, the decoder is told so and joined.
  auto Read = [&] {
    Stmt Q(Db, "SELECT failed, error, globals, functions FROM tu WHERE file=?", &Damage);
    Stmt F(Db, "SELECT facts FROM func WHERE hash=?", &Damage);
    llvm::DenseMap<Hash128, uint32_t> Number;
    for (const std::string &File : Files) {
      Item It;
      It.U.File = File;
      Q.reset();
      if (Q.bind(1, File).step() != SQLITE_ROW) {
        It.Kind = Item::NotStored;
        Push(std::move(It));
        continue;
      }
      It.Kind = Item::Unit;
      if (Q.integer(0)) {
        It.U.Failed = true;
        It.U.Error = Q.text(1);
        Push(std::move(It));
        continue;
      }
      if (!decodeTUGlobals(Q.bytes(2), It.U.Globals)) {
        It.Kind = Item::NotStored;
        Push(std::move(It));
        continue;
      }
      std::string List = Q.bytes(3);
      llvm::StringRef Rest(List);
      while (It.Ok && !Rest.empty()) {
        llvm::StringRef Line;
        std::tie(Line, Rest) = Rest.split('\n');
        std::optional<Hash128> H = parseHash(Line);
        if (!H || H->Hi == ~0ULL) { // ~0: DenseMap's.
          It.Ok = false;
          break;
        }
        auto [At, New] = Number.try_emplace(*H, uint32_t(Number.size()));
        It.U.Functions.push_back(At->second);
        if (!New)
          continue;
        Item Fn;
        Fn.Kind = Item::Function;
        Fn.Number = At->second;
        Fn.Hash = Line.str();
        F.reset();
        if (F.bind(1, Fn.Hash).step() == SQLITE_ROW)
          Fn.Bytes = F.bytes(0);
        else
          Fn.Stored = false;
        Push(std::move(Fn));
      }
      Push(std::move(It));
    }
  };
  exec("BEGIN"); // One consistent snapshot.
  try {
    Read();
  } catch (...) {
    Flush(true);
    Decoder.join();
    throw;
  }
  exec("COMMIT");
  Flush(true);
  Decoder.join();
  if (Failed)
    std::rethrow_exception(Failed);
}

} // namespace wqdep
