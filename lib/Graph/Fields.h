//===- Fields.h - Field values: what calls may do to objects -*- C++ -*-===//
//
// The field-values mechanism (docs/limits.md, "Field values"), on top of
// argument values (Witnesses.h): a route that hands a function an object
// with a member known (`lock.c.flc_type = F_UNLCK;` then
// `vfs_lock_file(..., &lock, ...)`, CallSite::ArgFields) keeps knowing it
// down the calls that pass the pointer on, as long as nothing on the way
// may have changed the member; a call made under a condition on that
// member (`if (request->c.flc_type != F_UNLCK)`, ValueGuard::Field) that
// the known value fails is no step.
//
// "May have changed" is a summary per function and pointer parameter of
// what the function, and everything it calls with the object, may do to
// it (FieldSummaries::Sum): write members, write it whole, return it, or
// let it escape (stored, converted, handed where wqdep cannot follow,
// after which anything may write it). The summaries are computed over the
// call graph, through every function a slot resolves to, to a fixpoint.
//
// Calls into a tracepoint's probes (`__traceiter_*()`, the static call
// `__SCT__tp_func_*()` behind every `trace_*()`) read their arguments:
// what a probe may do is print or copy them (docs/limits.md).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_FIELDS_H
#define WQDEP_GRAPH_FIELDS_H

#include "Graph/CallGraph.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace wqdep {

struct CalleeMap;

class FieldSummaries {
public:
  /// \p SlotOrigin: members holding functions are followed too, and
  /// calls through them (CallSite::SlotReads) tested (docs/limits.md,
  /// "Slot origin").
  explicit FieldSummaries(const CallGraph &G, bool SlotOrigin = false);

  /// Whether slot origin is on.
  bool slotOrigin() const { return SlotOrigin; }

  /// Ops tables (with slot origin): the number of the const table \p Key
  /// (TUFacts::ConstTables), or -1 when no unit defines one so.
  int32_t tableId(const std::string &Key) const {
    auto It = TableIds.find(Key);
    return It == TableIds.end() ? -1 : int32_t(It->second);
  }
  /// Whether a call through slot \p Slot of the table numbered \p Table
  /// can call graph function \p Callee: not when the table's initializer
  /// gives that member another function, or none (no call is made
  /// through null). Yes when \p Slot is not a member of the table's
  /// struct (the pointer was converted on the way).
  bool tableAllows(uint32_t Table, const std::string &Slot,
                   uint32_t Callee) const;
  /// The number of const tables.
  size_t tableCount() const { return TableRecord.size(); }

  /// The number of member path \p Path, 0 when no fact names it.
  uint32_t id(const std::string &Path) const;
  /// Whether some condition tests member \p Id (id()): the members worth
  /// following (a route carries four values at most).
  bool tested(uint32_t Id) const { return Id < Tested.size() && Tested[Id]; }
  /// Whether what function \p F may have done to an object before a
  /// point (\p Before: 1 + an index into its FieldBefore) may have
  /// changed member \p Field (id()). No Before (0): it may.
  bool kills(size_t F, uint32_t Before, uint32_t Field) const;
  /// Whether the object may have escaped there (FieldValue::Before).
  bool escapes(size_t F, uint32_t Before) const;
  /// Per function, a hash of what its FieldBefore entries resolve to
  /// (they depend on other functions' summaries): for the route cache.
  std::vector<uint64_t> hashes() const;
  /// Functions and parameters with a summary that writes or escapes.
  size_t summaryCount() const { return Summaries; }
  /// The members known at call \p CS because an earlier call set up the
  /// local it hands (CallSite::ArgInits): what that call's callee leaves
  /// set (FunctionFacts::MemberSets) with its arguments put in, but for
  /// members stored in between. Null when there are none.
  const std::vector<FieldValue> *initValues(const CallSite &CS) const {
    if (CS.ArgInits.empty()) // most calls: no lookup on a route's step
      return nullptr;
    auto It = Inits.find(&CS);
    return It == Inits.end() ? nullptr : &It->second;
  }
  /// Calls with members known through initValues().
  size_t initCallCount() const { return Inits.size(); }
  /// Calls \p Fn with each member known at \p CS: stored just before
  /// (CallSite::ArgFields), then left by a set-up call (initValues()).
  template <class FnT> void forEachKnown(const CallSite &CS, FnT &&Fn) const {
    for (const FieldValue &V : CS.ArgFields)
      Fn(V);
    if (const std::vector<FieldValue> *I = initValues(CS))
      for (const FieldValue &V : *I)
        Fn(V);
  }

  /// What a function may do to a parameter's object: members written
  /// (path ids, sorted), written whole, returned, escaped.
  struct Sum {
    bool Escapes = false, All = false, Returns = false;
    std::vector<uint32_t> Paths;
    bool operator==(const Sum &O) const {
      return Escapes == O.Escapes && All == O.All && Returns == O.Returns &&
             Paths == O.Paths;
    }
  };

private:
  const CallGraph &G;
  bool SlotOrigin = false;
  /// Ops tables: ids by key, each one's struct key, and per table its
  /// members' functions by slot key (graph indexes, -1 for one the
  /// program does not define).
  std::unordered_map<std::string, uint32_t> TableIds;
  std::vector<std::string> TableRecord;
  std::vector<std::unordered_map<std::string, std::vector<int64_t>>>
      TableSlots;
  std::vector<std::string> Names{""};
  std::unordered_map<std::string, uint32_t> Ids;
  std::vector<char> Tested;
  /// Per function: (parameter, summary).
  std::vector<std::vector<std::pair<uint8_t, Sum>>> Params;
  /// Per function: a Sum per FieldBefore entry.
  std::vector<std::vector<Sum>> Before;
  size_t Summaries = 0;
  /// initValues(), by call site.
  std::unordered_map<const CallSite *, std::vector<FieldValue>> Inits;
  /// Per function, a hash of its calls' initValues() (hashes()).
  std::vector<uint64_t> InitHashes;

  /// A FieldPass with its callees resolved: Pool[First, First + Count),
  /// the member handed (a path id, 0 the object, -1 through an alias).
  struct RPass {
    uint32_t First = 0, Count = 0;
    uint8_t Arg = 0;
    int32_t Sub = 0;
    bool ResultUsed = false;
  };
  /// FieldEffects with member ids and resolved passes.
  struct Resolved {
    bool Escapes = false, WritesAll = false, Returns = false;
    std::vector<uint32_t> Writes;
    std::vector<RPass> Passes;
  };
  /// While the summaries are computed: per function, its ParamEffects and
  /// FieldBefore resolved, and the callees they name.
  std::vector<std::vector<Resolved>> ParamRes, BeforeRes;
  std::vector<uint32_t> Pool;
  /// Member \p Q below member \p Sub, by id.
  std::unordered_map<uint64_t, uint32_t> Concat;

  uint32_t intern(const std::string &Path);
  const Sum *of(size_t F, unsigned Param) const;
  Resolved resolve(size_t F, const FieldEffects &E, CalleeMap &Callees);
  uint32_t below(int32_t Sub, uint32_t Q);
  /// \p Into joined with what \p E says, its passes through the callees'
  /// summaries.
  void apply(const Resolved &E, Sum &Into);
  void add(Sum &S, uint32_t Path);
  /// Fills Inits.
  void deriveInits();
};

} // namespace wqdep

#endif
