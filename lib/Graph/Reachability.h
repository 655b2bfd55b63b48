//===- Reachability.h - Paths from seeds to targets over the call graph -*- C++ -*-===//
//
// Generic over what a seed and a target are: a check gives the functions it
// starts from (its reclaim contexts' functions) and the functions that hold
// its targets (flush sites, sinks), and gets, per seed, the best path to
// each target function it reaches. Today "best" is the shortest in calls;
// with a limit on indirect calls, the shortest within the limit.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_REACHABILITY_H
#define WQDEP_GRAPH_REACHABILITY_H

#include "Graph/CallGraph.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace wqdep {

struct ReachOptions {
  /// Paths with more indirect edges (Edge::isIndirect()) than this are not
  /// followed; 0: no limit.
  unsigned MaxIndirect = 0;
};

/// A path: the edges from the seed to the reached function, in order.
using EdgePath = std::vector<const Edge *>;

class Reachability {
public:
  Reachability(const CallGraph &G, const ReachOptions &Opts);

  /// Marks the functions that can reach a function with \p IsTarget set,
  /// over every edge backwards. Searches stay within them.
  void setTargets(const std::vector<char> &IsTarget);
  bool canReach(size_t F) const { return CanReach[F]; }

  /// Breadth first from \p Seed: calls \p Visit once for each target
  /// function reached, in the order first reached, with the best path to it
  /// (empty when the seed is itself a target). \p Visit must not call
  /// search() on the same object.
  void search(size_t Seed,
              const std::function<void(size_t F, const EdgePath &Path)> &Visit);

private:
  const CallGraph &G;
  ReachOptions Opts;
  std::vector<char> IsTarget, CanReach;
  /// Per state (function, indirect edges so far): the search that saw it
  /// last, and where it came from.
  std::vector<int64_t> Seen, Reached;
  struct Parent {
    size_t From;
    const Edge *Via;
  };
  std::vector<Parent> Parents;
  size_t Layers = 1;
  int64_t Search = 0;
};

} // namespace wqdep

#endif
