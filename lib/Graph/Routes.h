//===- Routes.h - Every route from a seed to a target, best first -*- C++ -*-===//
//
// Reachability gives one path per (seed, target); a maintainer needs to see
// the other ways too, because the shortest path is often not the real one
// (a writeback worker reaches xfs_flush_inodes through another stacked
// filesystem before it does through NFS localio). RouteFinder ranks routes
// by what they rest on:
//
//   cost = (wide hops, calls)    compared in that order
//
// where a wide hop is an edge that is one of several functions a slot
// resolves to with no narrowing evidence (Edge::isWide()). Two routes are
// the same way when they make the same wide hops (each a call site and the
// callee guessed for it) and both or neither make other calls through
// function pointers: calls resolved by evidence (the only function stored
// into a slot, a callback passed on the route, a work item's binding) are
// no guess, and routes that differ only there are one way, shown once
// (its best route). A direct route and a narrowed one stay two ways.
//
// How routes are found (exact for the best route, a documented
// approximation for the others):
//  - a backward search from each target gives, for every function, its
//    best route to that target; a forward search from the seed gives its
//    best route to every function;
//  - the best route is the backward search's from the seed;
//  - for every call through a function pointer u -> v that the seed reaches
//    and from whose callee the target is reachable, the best route through
//    it is best(seed -> u) + (u -> v) + best(v -> target). These, with the
//    best route, are the candidates: in order of cost, those that visit a
//    function twice dropped, those taking the same way as a better one
//    merged. The count is of the distinct ways among the candidates, up to
//    RouteOptions::CountLimit (then "at least").
// Asked for the best route alone (MaxRoutes 1, CountLimit 1), the forward
// search's route to each target is the answer: no backward search, no
// candidates. It costs the same as the best route above, but of routes of
// equal cost it may be another one.
// With a limit on indirect edges (ReachOptions::MaxIndirect), states are
// (function, slot edges so far) as in Reachability, and every route
// respects the limit.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_ROUTES_H
#define WQDEP_GRAPH_ROUTES_H

#include "Graph/CallGraph.h"
#include "Graph/Reachability.h"
#include "Graph/Witnesses.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wqdep {

struct RouteOptions {
  /// As ReachOptions::MaxIndirect: 0, no limit.
  unsigned MaxIndirect = 0;
  /// Routes returned per (seed, target), best first; at least 1.
  unsigned MaxRoutes = 3;
  /// Distinct ways counted per (seed, target), at least MaxRoutes: beyond
  /// it the count is a lower bound (FoundRoutes::CountIsLowerBound). Each
  /// counted way costs a walk of its route; an unbounded count would cost
  /// a walk per pointer call of a wide context, on every analysis.
  size_t CountLimit = 100;
  /// Edges no route takes (a call guarded by a test of what the seeds'
  /// context is: `if (!(current->flags & PF_MEMALLOC))` for a PF_MEMALLOC
  /// task). Empty: every edge is taken.
  std::function<bool(const Edge &)> Skip;
  /// With a RouteCache: names what Skip does and what FirstCall the seeds
  /// are searched with, so that a cached result is only ever replayed to a
  /// finder that asks the same question (a part made under another key is
  /// dropped).
  std::string CacheKey;
  /// Object-class witnesses (Witnesses.h): routes that hand an object to a
  /// function that reads it as another class are not routes; a target
  /// whose best route is one is searched again over (function, object)
  /// states. Null, or with MaxIndirect set: routes are not checked. Part
  /// of what a cached result answers: give the cache's analysis the
  /// summaries' hashes (RouteCache::beginAnalysis()).
  const WitnessSummaries *Witnesses = nullptr;
  /// Argument values (Witnesses.h): routes that make a call under a
  /// condition on a parameter that the values handed down the route
  /// contradict are not routes, searched again the same way: per
  /// function, the parameters followed (valueParams()). Null: off (and
  /// with MaxIndirect set).
  const std::vector<uint64_t> *Values = nullptr;
  /// The model file's route entries (RouteRules.h): routes that take a
  /// call an entry rules out are not routes, searched again the same way.
  /// Null: none (and with MaxIndirect set). Part of what a cached result
  /// answers: name them in CacheKey (RouteRules::hash()).
  const RouteRules *Rules = nullptr;
  /// Field values (Fields.h), with Values only: members of objects handed
  /// down the route, against the conditions on them. Part of what a
  /// cached result answers: give the cache's analysis the summaries'
  /// hashes, and name it in CacheKey.
  const FieldSummaries *Fields = nullptr;
};

struct FoundRoute {
  EdgePath Edges;
  uint32_t WideHops = 0;
  uint32_t Calls = 0;
};

struct FoundRoutes {
  std::vector<FoundRoute> Best; ///< Best first, at most MaxRoutes.
  uint64_t Count = 0;           ///< Distinct ways found (>= Best.size()).
  bool CountIsLowerBound = false;
};

/// What route searches keep from one analysis to the next, for a program
/// that changes a little at a time (wqdep-clangd: one unit per save). Give
/// it to the graph (CallGraph::setRouteCache()) and every RouteFinder over
/// that graph uses it; the N-th RouteFinder a lane (RouteCache::Lane: a
/// check) makes in an analysis keeps its results in that lane's N-th part,
/// so checks may run at once.
///
/// The routes from a seed S to a target T are a function of the functions
/// on some path from S to T (the chop) and their out-edges (callee, kind,
/// evidence, width, in order), and of the options; nothing outside the chop
/// changes them, not even the order of ties (a state is relaxed only by its
/// callers, which are in the chop too). Per function, a signature of its
/// out-edges and whether it is a target is kept; a function whose signature
/// is new or changed is dirty. If the routes from S to T changed, an old or
/// a new path from S to T passes a dirty function d: S reaches the first
/// dirty function of that path over the new graph, and T is reached from d
/// over the new edges plus the old out-edges of dirty and removed
/// functions. So a cached (seed, target) result is kept unless its seed
/// reaches a dirty function and its target is reached from one; the others
/// are searched again, in a region cut down to the targets reached from
/// dirty functions (the same routes: the chop is inside it). Kept results
/// are replayed edge for edge (by position among the caller's out-edges),
/// so every result is the one a search from scratch would give.
class RouteCache {
public:
  RouteCache();
  ~RouteCache();
  RouteCache(const RouteCache &) = delete;
  RouteCache &operator=(const RouteCache &) = delete;
  RouteCache(RouteCache &&);
  RouteCache &operator=(RouteCache &&);

  /// Starts an analysis over \p G (give the graph the cache after its
  /// callback edges are in): RouteFinders are numbered from 0 again, and
  /// what changed since the last analysis is found, once for all of them.
  /// When \p G was patched from the last analysis's graph
  /// (CallGraph::patchedFunctions()), only the patched functions are
  /// looked at; else every function, matched by key.
  /// \p Extra: per function, a hash of what else the searches read of it
  /// (its witness summaries, WitnessSummaries::hashes()); a function whose
  /// hash changed is dirty even where the graph was not patched.
  void beginAnalysis(const CallGraph &G,
                     const std::vector<uint64_t> *Extra = nullptr);
  /// Forgets everything.
  void clear();

  /// What the cache holds, as bytes another process can load(): the last
  /// graph's functions (keys, signatures, callees) and every part's kept
  /// routes. The command line keeps it next to the program database
  /// between runs, so that a run after an edit searches only what the edit can
  /// change (docs/design.md, "Route searches kept between runs").
  std::string save() const;
  /// Replaces what the cache holds with what save() wrote. Bytes of
  /// another cache format, or damaged ones, load nothing: false, and the
  /// cache is left empty (the next analysis searches everything). Loaded
  /// results are only ever replayed where the graph of the next analysis
  /// matches them function by function (beginAnalysis()), so a cache saved
  /// over another program is wasted, never wrong.
  bool load(std::string_view Bytes);

  /// Of the last analysis, summed over its RouteFinders: searches answered
  /// from the cache and searches run, and the functions found dirty.
  struct Counters {
    uint64_t Replayed = 0, Searched = 0, Dirty = 0, Invalidated = 0;
    /// Whether the analysis left anything a saved state does not hold.
    bool changed() const { return Searched || Invalidated || Dirty; }
  };
  Counters counters() const;

  struct Part;
  struct Shared;

  /// The RouteFinders a thread makes while a Lane is alive are numbered in
  /// that lane (by its name: a check's id), so that checks may run at once
  /// over one cache, each finding its own parts whatever the other does.
  /// Without one, a thread's finders are numbered in lane "".
  class Lane {
  public:
    explicit Lane(std::string Name);
    ~Lane();
    Lane(const Lane &) = delete;
    Lane &operator=(const Lane &) = delete;

  private:
    std::string Name;
    const std::string *Outer;
  };

private:
  friend class RouteFinder;
  Part &nextPart(const std::string &Key);
  /// Per (lane, number in the lane): the finder's key and its part.
  struct Slot {
    std::string Key;
    std::unique_ptr<Part> P;
  };
  std::map<std::pair<std::string, uint32_t>, Slot> Parts;
  /// Finders numbered so far in this analysis, per lane.
  std::map<std::string, uint32_t> NextInLane;
  /// Guards Parts, NextInLane and FreeIndexes (finders made and dropped on
  /// several threads); a part itself is its finder's alone.
  std::unique_ptr<std::mutex> Mu;
  /// Arrays the size of the graph, every element UINT32_MAX, that finders
  /// borrow for their function -> index maps and give back as they found
  /// them: a finder over a small region resets what it set, not the graph.
  std::vector<std::vector<uint32_t>> FreeIndexes;
  /// The last graph and how this one differs from it.
  std::unique_ptr<Shared> Snap;
  /// Counts analyses (beginAnalysis()).
  uint64_t Generation = 0;
};

class RouteFinder {
public:
  RouteFinder(const CallGraph &G, const RouteOptions &Opts);
  ~RouteFinder();

  /// The functions holding targets; runs one backward search per target.
  /// With \p Seeds (every seed search() will be given), the searches keep
  /// to what the seeds reach: the same routes, less work.
  void setTargets(const std::vector<char> &IsTarget,
                  const std::vector<size_t> *Seeds = nullptr);
  /// The same with the target functions listed (ascending, no repeats):
  /// nothing in the size of the graph is read to find them.
  void setTargetList(std::vector<uint32_t> TargetFns,
                     const std::vector<size_t> *Seeds = nullptr);
  /// Whether \p F is in the region of the searches (it may reach a
  /// target); makes the region.
  bool canReach(size_t F);
  /// A function of \p F: the cost of the best route from F to the nearest
  /// of the target functions \p Targets in the region (wide hops << 32,
  /// plus calls, as routes are ranked), whatever the seed (a search from a
  /// PF_MEMALLOC task's seed takes fewer calls out of it: never a cheaper
  /// route); UINT64_MAX when there is none. One array read per target. A
  /// lower bound for searches over richer states (Witnesses.h). Only
  /// without a limit on pointer calls (RouteOptions::MaxIndirect 0).
  std::function<uint64_t(size_t)>
  costToNearest(const std::vector<uint32_t> &Targets);

  /// For each target function \p Seed reaches (in function order), its
  /// routes. The seed itself, when a target, has one empty route. With
  /// \p FirstCall, the seed's own calls are only those it accepts (the
  /// calls inside a PF_MEMALLOC scope), wherever a route meets the seed.
  void search(size_t Seed,
              const std::function<void(size_t Target, const FoundRoutes &)>
                  &Visit,
              const std::function<bool(const Edge &)> *FirstCall = nullptr);

  struct SearchState; // One search over (function, slot edges) states.

private:
  RouteFinder(const CallGraph &G, const RouteOptions &Opts, bool UseCache);
  /// The search itself (no cache), routes checked by the witnesses.
  void searchFresh(
      size_t Seed,
      const std::function<void(size_t Target, const FoundRoutes &)> &Visit,
      const std::function<bool(const Edge &)> *FirstCall);
  /// The search over functions alone.
  void searchPlain(
      size_t Seed,
      const std::function<void(size_t Target, const FoundRoutes &)> &Visit,
      const std::function<bool(const Edge &)> *FirstCall);
  /// Runs target \p T's backward search, the first time it is needed.
  const SearchState &backward(size_t T);
  /// The cache part of this finder: the results its seeds no longer hold
  /// (setTargets()), from what the cache found changed in the graph and
  /// the functions that became or stopped being targets.
  void refreshCache();
  /// Makes the region and its edges, once (searches need them).
  void makeRegion();
  /// RegionIndex and TargetIndex: borrowed from the cache when it has
  /// some (every element UINT32_MAX), and set back to that element by
  /// element (clearIndexes()) before they are made again or given back.
  void takeIndex(std::vector<uint32_t> &V);
  void clearIndexes();

  RouteCache::Part *Cache = nullptr;
  /// The targets and seeds given to setTargets(); with the cache, the
  /// functions that reach a dirty or flipped one (new graph) and those
  /// reached from one (new and old edges), and the finder over the targets
  /// of the latter that searches what the cache no longer holds (made when
  /// first needed).
  std::vector<char> GivenTargets;
  std::vector<uint32_t> TargetList; ///< The functions GivenTargets marks.
  std::vector<size_t> CacheSeeds;
  bool HaveSeeds = false;
  std::vector<char> ReachesDirty, FromDirty;
  std::unique_ptr<RouteFinder> Sub;
  /// searchFresh()'s check, made on first use.
  std::unique_ptr<WitnessCheck> Check;
  const CallGraph &G;
  RouteOptions Opts;
  size_t Layers = 1;
  bool RegionReady = false;
  std::vector<char> InRegion;
  std::vector<uint32_t> RegionIndex; ///< Function -> compact index.
  std::vector<uint32_t> RegionFuncs; ///< Compact index -> function.
  /// Reverse edges within the region, per compact index of the callee.
  std::vector<std::vector<std::pair<uint32_t, const Edge *>>> Rev;
  /// The edges taken within the region, per compact index of the caller
  /// (FwdStart[U] to FwdStart[U + 1]): (compact callee, edge).
  /// What a search reads of an edge is kept beside it: the edges are all
  /// over the heap, and reading each one was most of a search.
  struct FwdEdge {
    uint32_t V;
    bool Wide, Indirect, Direct;
    const Edge *E;
  };
  std::vector<uint32_t> FwdStart;
  std::vector<FwdEdge> FwdEdges;
  /// Edges that are not direct calls, within the region: (caller, edge).
  std::vector<std::pair<uint32_t, const Edge *>> PointerEdges;
  std::vector<size_t> Targets;
  std::vector<SearchState> Backward; ///< Per target, from it over Rev.
  std::vector<char> BackwardDone;
  std::vector<uint32_t> TargetIndex; ///< Function -> index into Targets.
  /// A search's buffers, kept for the next one.
  std::unique_ptr<SearchState> FwdBuf;
  std::vector<size_t> ReachedBuf;
  std::vector<uint32_t> DirDepth, DirFrom, Stamp;
  std::vector<const Edge *> DirVia;
};

} // namespace wqdep

#endif
