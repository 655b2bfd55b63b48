//===- LiveProgram.h - A linked program whose units can be replaced -*- C++ -*-===//
//
// The IDE front end keeps the whole program in memory and, when a file is
// saved, replaces that one translation unit's facts and analyses again.
// Re-linking everything per save would decode and copy every function of the
// kernel each time; this keeps the link incremental instead:
//
//  - Each distinct function (by the hash of its facts, the program
//    database's key) is decoded once and kept once.
//  - Each function key has the list of units that define it, in link
//    order; the first one's definition is the linked one, exactly as
//    Program::add() / ProgramDatabase::load() pick it. Replacing a unit
//    touches only the keys it defines.
//  - Globals (allocations, bindings, slot stores) are linked afresh from
//    each unit's copy when a save changed a unit's globals (most saves
//    change function bodies only), else the linked ones are kept.
//
// The result of analyze() is the one the command line gives for the same
// facts: same link order (the compile database's), same first-wins rule.
//
// Not thread-safe: one thread (the analysis worker) owns it.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_LSP_LIVEPROGRAM_H
#define WQDEP_LSP_LIVEPROGRAM_H

#include "Analysis/Analysis.h"
#include "Program/Program.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace wqdep {

class ProgramDatabase;

class LiveProgram {
public:
  /// Fixes the link order: the translation units of the program, in the
  /// order the command line links them. Call once, first.
  void setUnits(const std::vector<std::string> &Files);

  /// Loads every unit of the link order that \p DB stores. Returns the
  /// number of units loaded; \p Missing gets the others.
  size_t loadFrom(ProgramDatabase &DB, std::vector<std::string> &Missing);

  /// Replaces the facts of \p File (which must be in the link order) with
  /// \p TU, a fresh extraction.
  void replace(const std::string &File, TUFacts TU);

  /// Whether \p File is a unit of the program (parsed or not).
  bool hasUnit(const std::string &File) const {
    return UnitIndex.count(File);
  }

  /// Links the globals and runs the analysis with \p Opts (the command
  /// line's options give the command line's findings). Route searches of
  /// the last analysis that the changes since cannot reach are reused
  /// (RouteCache): the same findings as from scratch.
  AnalysisResult analyze(const AnalysisOptions &Opts);

  /// What the last analysis reused: route searches, and whether the call
  /// graph was patched rather than built.
  RouteCache::Counters reuse() const { return Cache.Routes.counters(); }
  bool graphPatched() const { return Cache.Patched; }
  /// The route searches kept between analyses, to fill from a file before
  /// the first analysis and to save after it (Driver/Pipeline.h).
  AnalysisCache &cache() { return Cache; }
  /// Whether it updated the effect summaries rather than computing them.
  bool summariesUpdated() const { return Cache.SummariesUpdated; }
  /// Whether it patched the model's bindings, queues and contexts, and
  /// whether that changed where a work item is queued.
  bool modelPatched() const { return Cache.ModelPatched; }
  bool queuesPatched() const { return Cache.QueuesPatched; }

  /// The tree's version differences (Program::Kernel), as the command line
  /// reads them (Driver/KernelTree.h). Set before the first analyze().
  KernelTraits Kernel;

  /// Sizes, for logs and benchmarks.
  size_t numFunctions() const { return Linked.Functions.size(); }
  size_t numDecoded() const { return Linked.Functions.size() + Spare.size(); }
  size_t numLoadedUnits() const;

  /// The linked program as the last analyze() saw it (tests and
  /// benchmarks compare with an analysis from scratch).
  const Program &program() const { return Linked; }

private:
  using Id = uint32_t;
  static constexpr Id None = ~Id(0);

  struct Unit {
    std::string File;
    bool Present = false; ///< Loaded or extracted; else not linked.
    bool Failed = false;
    TUFacts Globals;      ///< No Functions.
    std::vector<Id> Fns;  ///< Function ids, in stored order.
  };
  struct Fn {
    Id Key;
    uint32_t Refs = 0; ///< Units referring to it.
    std::string Hash;
  };

  Id internKey(const std::string &Key);
  /// The id of the function with \p Hash, taking \p F as its facts when it
  /// is not decoded yet.
  Id internFunction(const std::string &Hash, FunctionFacts &F);
  void link(size_t U, std::vector<Id> Ids);
  /// Takes unit \p U's functions out of the link; returns their ids.
  std::vector<Id> unlink(size_t U);
  /// Forgets the functions among \p Ids that no unit refers to any more.
  void collect(const std::vector<Id> &Ids);
  /// Makes the first definition of \p Key in link order the linked one,
  /// and tells the analysis cache.
  void relink(Id Key);

  std::vector<Unit> Units;
  std::unordered_map<std::string, size_t> UnitIndex;

  std::vector<std::string> Keys;
  std::unordered_map<std::string, Id> KeyIds;
  /// Per key: (unit, function) for every unit defining it, sorted by unit.
  std::vector<std::vector<std::pair<uint32_t, Id>>> Defs;
  /// Per key: the function linked, or None.
  std::vector<Id> Winner;

  std::vector<Fn> Fns;
  std::unordered_map<std::string, Id> FnByHash;
  /// Decoded functions that are not the linked definition of their key.
  std::unordered_map<Id, FunctionFacts> Spare;
  /// The linked program: the linked definitions (moved in and out of
  /// Spare, not copied) and the globals of every unit.
  Program Linked;
  /// Some unit's globals changed since they were last linked.
  bool GlobalsChanged = true;
  /// What one analysis keeps for the next: route searches, the call graph
  /// (told which keys were relinked since).
  AnalysisCache Cache;
};

} // namespace wqdep

#endif
