//===- Resolver.h - Strategies that turn call sites into call edges -*- C++ -*-===//
//
// A resolver strategy looks at one call site and either claims it, giving
// the edges it resolves to (possibly none: a call it proves impossible), or
// leaves it to the next strategy. CallGraph::build() asks the strategies in
// order; FieldResolver, the last, claims every call.
//
// To add a more precise strategy (object-sensitive slots, a reviewed model
// file, ...): subclass Resolver, claim only the calls it understands, and
// put it ahead of FieldResolver where the graph is built
// (lib/Analysis/Model.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_RESOLVER_H
#define WQDEP_GRAPH_RESOLVER_H

#include "Graph/CallGraph.h"

#include <unordered_map>
#include <vector>

namespace wqdep {

class Resolver {
public:
  virtual ~Resolver();
  /// A short name for statistics and --no-<name> switches.
  virtual const char *name() const = 0;
  /// Appends the edges of call \p CS made by function \p Caller to \p Out
  /// and returns true when this strategy decides the call; returns false
  /// (appending nothing) to leave it to the next strategy.
  virtual bool resolve(CallGraph &G, size_t Caller, const CallSite &CS,
                       std::vector<Edge> &Out) = 0;
};

/// Today's resolution, keyed by field: a direct call goes to the function
/// it names; a call through a slot to every function stored into that slot
/// anywhere in the program; a call through work_struct::func to every
/// function the work item is bound to. Calls through the caller's own
/// parameter are left to CallGraph::addCallbackEdges(). Claims every call.
class FieldResolver : public Resolver {
public:
  explicit FieldResolver(const WorkBindings &Bound) : Bound(Bound) {}
  const char *name() const override { return "field"; }
  bool resolve(CallGraph &G, size_t Caller, const CallSite &CS,
               std::vector<Edge> &Out) override;

private:
  const WorkBindings &Bound;
  /// Slot (its key, owned by the program) -> the functions it resolves to.
  std::unordered_map<const std::string *, std::vector<uint32_t>> SlotTargets;
};

} // namespace wqdep

#endif
