//===- Summaries.h - Effects on parameters carried up to concrete objects -*- C++ -*-===//
//
// An effect whose operand is a parameter (queue_work()'s
// queue_work_on(WORK_CPU_UNBOUND, wq, work), a driver helper calling
// flush_work(w)) is instantiated at every call site of its function with
// the argument substituted, on a worklist until nothing changes; an effect
// becomes concrete where its operands are objects. The wrapper calls are
// kept (Effect::Inner) so a finding can show them. Recursion terminates
// because effects are deduplicated per function.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_ANALYSIS_SUMMARIES_H
#define WQDEP_ANALYSIS_SUMMARIES_H

#include "Graph/CallGraph.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace wqdep {

/// A concrete effect (its operands are objects) in a function.
struct SiteEffect {
  size_t Function;
  Effect E;
};

class EffectSummaries {
public:
  /// Instantiates every function's effects over \p G's call sites (callers()
  /// of each function: direct, slot and work-dispatch edges).
  void compute(const CallGraph &G);

  /// The result of compute(G), made from \p Last, the summaries of the
  /// graph \p G was patched from (CallGraph::patchedFrom()), where the
  /// functions \p Edited (sorted) got other facts and every other function
  /// the same facts: when the edits cannot reach past the edited
  /// functions' own effects: none of them has or had effects on
  /// parameters, calls a function that has some, or was given effects by
  /// the functions it calls. The other functions' effects are moved from
  /// \p Last, in the same order. Returns false when that does not hold
  /// (then \p Last is unchanged). The concrete effects are patched in
  /// place: each edited function's own part replaced, nothing else moved
  /// when the parts keep their sizes. \p Removed and \p Added, when given,
  /// get the edited functions' own concrete effects before and after (in
  /// function order).
  bool update(const CallGraph &G, EffectSummaries &Last,
              const std::vector<uint32_t> &Edited,
              std::vector<SiteEffect> *Removed = nullptr,
              std::vector<SiteEffect> *Added = nullptr);

  /// Concrete effects, in the order found (deterministic).
  const std::vector<SiteEffect> &concrete() const { return Concrete; }
  /// The indexes into concrete() of the effects of kind \p K, ascending
  /// (kept by update(): what a check reads without a pass over them all).
  const std::vector<uint32_t> &ofKind(EffectKind K) const {
    return ByKind[size_t(K)];
  }
  /// Where the functions' own effects end in concrete() (those after were
  /// instantiated at callers, in an order update() keeps).
  size_t ownEnd() const { return OwnEnd; }
  /// Effects dropped because an operand could not be named.
  uint64_t droppedUnknownOperands() const { return DroppedUnknownOperands; }
  /// Leave out effects after a call that never returns
  /// (Effect::AfterTerminal; ProofOptions::TerminalCallees). Set before
  /// compute(); update() needs the same setting as \p Last had.
  void setSkipAfterTerminal(bool Skip) { SkipAfterTerminal = Skip; }

private:
  /// One wrapper step of a summary, shared by every effect instantiated
  /// through it: the call in Function at Loc, then the steps inside it
  /// (Next, -1 for none). Innermost: the last step's location.
  struct ChainNode {
    std::string Function;
    Location Loc;
    int32_t Next;
    Location Innermost;
  };
  /// An effect on parameters, with its wrapper steps as a chain.
  struct ParamEffect {
    Effect E;
    int32_t Chain;
  };
  int32_t chain(std::string Function, Location Loc, int32_t Next);
  void addEffect(size_t F, Effect E, int32_t Chain);

  /// What the instantiation keeps of a function, for the functions that
  /// have effects or get some (most functions have none): its effects on
  /// parameters (the first Done of them carried to its callers), the
  /// signatures of the effects it has, and per work item operand the
  /// functions stored into it there.
  struct PerFunction {
    std::vector<ParamEffect> ParamEffects;
    size_t Done = 0;
    /// Effects of the functions it calls were instantiated at its calls.
    bool Received = false;
    std::unordered_set<std::string> SeenEffects;
    std::map<std::string, std::vector<FuncRef>> LocalBinds;
  };
  PerFunction &at(size_t F);

  std::vector<ChainNode> Chains;
  /// Function -> index into Per, or UINT32_MAX.
  std::vector<uint32_t> PerIndex;
  std::vector<PerFunction> Per;
  std::vector<SiteEffect> Concrete;
  std::vector<size_t> Worklist;
  uint64_t DroppedUnknownOperands = 0;
  bool SkipAfterTerminal = false;
  /// Whether \p F's own effect \p E is left out.
  bool skipped(const Effect &E) const {
    return SkipAfterTerminal && E.AfterTerminal;
  }
  /// Concrete is each function's own concrete effects, in function order
  /// (Own: for every function with effects, where its part ends and how
  /// many of its effects were dropped), up to OwnEnd; then those
  /// instantiated at callers (InstDropped dropped there). GraphVersion:
  /// the graph they were computed over.
  struct Segment {
    uint32_t Function;
    uint32_t End;
    uint32_t Dropped;
  };
  std::vector<Segment> Own;
  size_t OwnEnd = 0;
  uint64_t InstDropped = 0;
  uint64_t GraphVersion = 0;
  /// Appends \p F's own effects (compute()'s first pass, for one function).
  void addOwnEffects(const CallGraph &G, size_t F);
  /// Per EffectKind, the indexes of the concrete effects of that kind.
  std::vector<std::vector<uint32_t>> ByKind;
  /// Makes ByKind from Concrete.
  void indexKinds();
};

} // namespace wqdep

#endif
