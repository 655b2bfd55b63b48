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

  /// Concrete effects, in the order found (deterministic).
  const std::vector<SiteEffect> &concrete() const { return Concrete; }
  /// Effects dropped because an operand could not be named.
  uint64_t droppedUnknownOperands() const { return DroppedUnknownOperands; }

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
};

} // namespace wqdep

#endif
