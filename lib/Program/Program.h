//===- Program.h - The linked program: all translation units merged -*- C++ -*-===//
//
// The facts of every translation unit merged into one program, as the kernel
// linker would see it: a static inline function defined in a thousand
// translation units is one function, external functions are matched by name,
// static ones by file and name. Function-pointer slots collect every function
// stored into them anywhere.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_PROGRAM_PROGRAM_H
#define WQDEP_PROGRAM_PROGRAM_H

#include "Facts/Facts.h"
#include "Facts/KernelVersions.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace wqdep {

/// A function stored into a slot or bound to a work item, with where.
struct Binding {
  std::string Function;
  Location Loc;
};

/// The whole program. Build it with add() for each translation unit, then
/// finalize() once; after that it is read-only.
class Program {
public:
  /// Adds a whole translation unit: its functions and its globals.
  void add(TUFacts TU, size_t Order = SIZE_MAX);
  /// Adds one function; the first definition of a key wins.
  /// \p Order ranks where it came from: of two definitions of one key, the
  /// lower order wins, so the result does not depend on arrival order.
  void addFunction(FunctionFacts F, size_t Order = SIZE_MAX);
  /// Adds allocations, static bindings and slot stores of a translation
  /// unit (its Functions are ignored), and counts the unit.
  void addGlobals(TUFacts &TU);
  /// Adds the system workqueues the database did not allocate itself and
  /// sorts everything into a deterministic order.
  void finalize();
  /// Forgets every unit's globals and counts (not the functions), so that
  /// addGlobals() and finalize() can link them again (wqdep-clangd, when a
  /// save changed some).
  void clearGlobals();

  /// Functions by key.
  std::map<std::string, FunctionFacts> Functions;
  /// All workqueue allocations, deduplicated.
  std::vector<WorkqueueAlloc> Allocs;
  /// Allocation indexes by storage key.
  std::map<std::string, std::vector<size_t>> AllocsByStorage;
  /// Work item -> bound functions.
  std::map<std::string, std::vector<Binding>> WorkBindings;
  /// Slot -> functions stored into it, one Binding per function (the
  /// first location): what indirect calls resolve to.
  std::map<std::string, std::vector<Binding>> Slots;
  /// Slot -> every distinct store into it, with the storing function and
  /// the object written (SlotStore::InFunction, SlotStore::Object); Slot is
  /// left empty, being the key. The same store seen by several translation
  /// units (a header's static initializer or inline function) is kept once;
  /// sorted by finalize(). Slots is derived from the same stores and does
  /// not depend on this.
  std::map<std::string, std::vector<SlotStore>> SlotStoreSites;
  /// Ops tables: the const tables some unit defines (TUFacts::
  /// ConstTables), by key, with their struct's key.
  std::map<std::string, std::string> ConstTables;

  /// What the tree being analysed says about itself (its version's
  /// differences, KernelVersions.h); set before finalize().
  KernelTraits Kernel;

  unsigned TranslationUnits = 0;
  unsigned FailedTranslationUnits = 0;
  /// The main files of the failed units, in the order they were added.
  std::vector<std::string> FailedUnitFiles;
  /// Counts a unit whose facts are missing.
  void addFailedUnit(const std::string &File) {
    ++TranslationUnits;
    ++FailedTranslationUnits;
    FailedUnitFiles.push_back(File);
  }

private:
  std::set<std::pair<std::string, Location>> SeenAllocs;
  std::map<std::string, size_t> FunctionOrder;
};

} // namespace wqdep

#endif
