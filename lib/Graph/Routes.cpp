//===- Routes.cpp - Every route from a seed to a target, best first -------===//
#include "Graph/Routes.h"

#include <algorithm>
#include <map>
#include <limits>
#include <unordered_set>
#include <tuple>

namespace wqdep {
namespace {

constexpr uint64_t Inf = std::numeric_limits<uint64_t>::max();
constexpr uint64_t WideUnit = uint64_t(1) << 32;

uint64_t weight(const Edge &E) { return E.isWide() ? WideUnit + 1 : 1; }

/// A way is the sequence of wide hops a route takes (Routes.h), hashed as a
/// polynomial sum(key(e_i) * Base^(n-i)) so that a prefix's and a suffix's
/// hashes compose: H(a ++ b) = H(a) * Base^|b| + H(b).
constexpr uint64_t Base = 0x100000001b3ull;
bool isPointer(const Edge *E) { return E->Kind != EdgeKind::Direct; }
/// What makes two routes different ways: their wide hops (the guesses).
bool isGuess(const Edge *E) { return E->isWide(); }
/// Marks a way whose calls are not all direct, so that a direct route and
/// a narrowed one with no wide hop stay two routes (two confidences).
constexpr uint64_t NarrowedSalt = 0x5bd1e9955bd1e995ull;
uint64_t key(const Edge *E) {
  uint64_t X = reinterpret_cast<uintptr_t>(E);
  X ^= X >> 33;
  X *= 0xff51afd7ed558ccdull;
  X ^= X >> 33;
  X *= 0xc4ceb9fe1a85ec53ull;
  X ^= X >> 33;
  return X | 1;
}

} // namespace

struct RouteFinder::SearchState {
  std::vector<uint64_t> Cost;
  /// Forward: the edge into the state; backward: the edge out of it.
  std::vector<const Edge *> Via;
  /// Forward: the previous state; backward: the next one.
  std::vector<uint32_t> From;
  /// The states in the order they were settled (a parent before its
  /// children), for the way hashes.
  std::vector<uint32_t> Settled;
  /// Forward: the hash of the wide hops from the seed to the state;
  /// backward: from the state to the target, and Base^(their number).
  std::vector<uint64_t> WayHash, WayPow;
  /// Backward: whether the route to the target makes a call that is not
  /// direct (a candidate through a pointer call always does).
  std::vector<uint8_t> AnyPointer;
  void reset(size_t States) {
    Cost.assign(States, Inf);
    Via.assign(States, nullptr);
    From.assign(States, 0);
    Settled.clear();
  }
};

namespace {

/// Dijkstra for costs (wide hops, calls) where an edge adds (0, 1) or
/// (1, 1): a bucket per number of calls within the current number of wide
/// hops, and the states one wide hop further kept for the next round. Same
/// result as a binary heap, without its log factor. \p Expand(State, Cost,
/// Relax) calls Relax(Next, Edge, Parent, weight(Edge)) for each edge out of
/// State (the weight given: a caller may know it without reading the edge).
template <class ExpandFn>
void settle(RouteFinder::SearchState &S, uint32_t Start, ExpandFn &&Expand) {
  std::vector<std::vector<uint32_t>> Buckets(1);
  std::vector<std::pair<uint64_t, uint32_t>> NextRound;
  S.Cost[Start] = 0;
  Buckets[0].push_back(Start);
  uint64_t Wide = 0;
  while (true) {
    for (size_t Calls = 0; Calls < Buckets.size(); ++Calls) {
      for (size_t I = 0; I < Buckets[Calls].size(); ++I) {
        uint32_t State = Buckets[Calls][I];
        uint64_t C = (Wide << 32) | Calls;
        if (S.Cost[State] != C)
          continue;
        S.Settled.push_back(State);
        Expand(State, [&](uint32_t Next, const Edge *E, uint32_t Parent,
                          uint64_t W) {
          uint64_t NC = C + W;
          if (NC >= S.Cost[Next])
            return;
          S.Cost[Next] = NC;
          S.Via[Next] = E;
          S.From[Next] = Parent;
          if ((NC >> 32) == Wide) {
            size_t B = size_t(NC & 0xffffffffu);
            if (B >= Buckets.size())
              Buckets.resize(B + 1);
            Buckets[B].push_back(Next);
          } else {
            NextRound.push_back({NC, Next});
          }
        });
      }
      Buckets[Calls].clear();
    }
    if (NextRound.empty())
      break;
    ++Wide;
    Buckets.clear();
    for (const auto &[NC, Next] : NextRound) {
      if (S.Cost[Next] != NC)
        continue;
      size_t B = size_t(NC & 0xffffffffu);
      if (B >= Buckets.size())
        Buckets.resize(B + 1);
      Buckets[B].push_back(Next);
    }
    NextRound.clear();
  }
}

} // namespace

RouteFinder::RouteFinder(const CallGraph &G, const RouteOptions &Options)
    : RouteFinder(G, Options, true) {}

RouteFinder::RouteFinder(const CallGraph &G, const RouteOptions &Options,
                         bool UseCache)
    : G(G), Opts(Options) {
  if (Opts.MaxIndirect >= G.size())
    Opts.MaxIndirect = 0;
  if (Opts.MaxRoutes == 0)
    Opts.MaxRoutes = 1;
  Layers = Opts.MaxIndirect ? size_t(Opts.MaxIndirect) + 1 : 1;
  if (RouteCache *C = G.routeCache(); C && UseCache)
    Cache = &C->nextPart(Opts.CacheKey);
}

RouteFinder::~RouteFinder() {
  clearIndexes();
  if (RouteCache *C = G.routeCache()) {
    std::lock_guard<std::mutex> L(*C->Mu);
    for (std::vector<uint32_t> *V : {&RegionIndex, &TargetIndex})
      if (V->size() == G.size())
        C->FreeIndexes.push_back(std::move(*V));
  }
}

void RouteFinder::takeIndex(std::vector<uint32_t> &V) {
  if (V.size() == G.size())
    return; // Ours already, and cleared.
  if (RouteCache *C = G.routeCache()) {
    std::lock_guard<std::mutex> L(*C->Mu);
    while (!C->FreeIndexes.empty() && V.size() != G.size()) {
      V = std::move(C->FreeIndexes.back());
      C->FreeIndexes.pop_back();
    }
  }
  if (V.size() != G.size())
    V.assign(G.size(), UINT32_MAX);
}

void RouteFinder::clearIndexes() {
  if (RegionIndex.size() == G.size())
    for (uint32_t F : RegionFuncs)
      RegionIndex[F] = UINT32_MAX;
  if (TargetIndex.size() == G.size())
    for (size_t T : Targets)
      TargetIndex[T] = UINT32_MAX;
}

void RouteFinder::setTargets(const std::vector<char> &IsTarget,
                             const std::vector<size_t> *Seeds) {
  // The region is made when a search first needs one (a cache that
  // answers every search needs none).
  std::vector<uint32_t> L;
  for (size_t F = 0; F < G.size() && F < IsTarget.size(); ++F)
    if (IsTarget[F])
      L.push_back(uint32_t(F));
  setTargetList(std::move(L), Seeds);
}

void RouteFinder::setTargetList(std::vector<uint32_t> TargetFns,
                                const std::vector<size_t> *Seeds) {
  RegionReady = false;
  GivenTargets.assign(G.size(), 0);
  TargetList = std::move(TargetFns);
  for (uint32_t F : TargetList)
    GivenTargets[F] = 1;
  HaveSeeds = Seeds != nullptr;
  if (Seeds)
    CacheSeeds = *Seeds;
  else
    CacheSeeds.clear();
  if (Cache)
    refreshCache();
}

void RouteFinder::makeRegion() {
  if (RegionReady)
    return;
  RegionReady = true;
  // The region: every function that can reach a target (and, with seeds,
  // that a seed reaches): searches never leave it. Found backwards over
  // every edge (the graph's callers), forwards over the edges taken: a
  // function it holds that reaches no target over the edges taken changes
  // no search (it relaxes only functions like it).
  auto Taken = [&](const Edge &E) { return !Opts.Skip || !Opts.Skip(E); };
  clearIndexes(); // Of a region made before.
  InRegion.assign(G.size(), 0);
  Targets.assign(TargetList.begin(), TargetList.end());
  // The region's functions are listed as they are found (then sorted):
  // nothing below reads every function of the graph.
  std::vector<uint32_t> Found;
  std::vector<size_t> Stack;
  for (size_t F : Targets) {
    InRegion[F] = 1;
    Stack.push_back(F);
    Found.push_back(uint32_t(F));
  }
  while (!Stack.empty()) {
    size_t F = Stack.back();
    Stack.pop_back();
    G.forEachCaller(F, [&](size_t C) {
      if (!InRegion[C]) {
        InRegion[C] = 1;
        Stack.push_back(C);
        Found.push_back(uint32_t(C));
      }
    });
  }
  if (HaveSeeds) {
    std::vector<char> Reached(G.size(), 0);
    std::vector<uint32_t> FoundFromSeeds;
    for (size_t S : CacheSeeds)
      if (S < G.size() && InRegion[S] && !Reached[S]) {
        Reached[S] = 1;
        Stack.push_back(S);
        FoundFromSeeds.push_back(uint32_t(S));
      }
    while (!Stack.empty()) {
      size_t F = Stack.back();
      Stack.pop_back();
      for (const Edge &E : G.callees(F))
        if (InRegion[E.Callee] && !Reached[E.Callee] && Taken(E)) {
          Reached[E.Callee] = 1;
          Stack.push_back(E.Callee);
          FoundFromSeeds.push_back(E.Callee);
        }
    }
    InRegion = std::move(Reached);
    Found = std::move(FoundFromSeeds);
    // A target no seed reaches needs no search.
    Targets.erase(std::remove_if(Targets.begin(), Targets.end(),
                                 [&](size_t T) { return !InRegion[T]; }),
                  Targets.end());
  }
  std::sort(Found.begin(), Found.end());
  takeIndex(RegionIndex);
  RegionFuncs = std::move(Found);
  for (uint32_t I = 0; I < RegionFuncs.size(); ++I)
    RegionIndex[RegionFuncs[I]] = I;
  // The edges taken within the region, forwards (per caller, in call
  // order) and backwards (per callee).
  Rev.assign(RegionFuncs.size(), {});
  PointerEdges.clear();
  FwdStart.assign(RegionFuncs.size() + 1, 0);
  FwdEdges.clear();
  for (uint32_t C = 0; C < RegionFuncs.size(); ++C) {
    for (const Edge &E : G.callees(RegionFuncs[C])) {
      if (!InRegion[E.Callee] || !Taken(E))
        continue;
      Rev[RegionIndex[E.Callee]].push_back({C, &E});
      FwdEdges.push_back({RegionIndex[E.Callee], E.isWide(), E.isIndirect(),
                          E.Kind == EdgeKind::Direct, &E});
      if (E.Kind != EdgeKind::Direct)
        PointerEdges.push_back({C, &E});
    }
    FwdStart[C + 1] = uint32_t(FwdEdges.size());
  }

  // One backward search per target, run when a search first needs it.
  Backward.assign(Targets.size(), SearchState());
  BackwardDone.assign(Targets.size(), 0);
  takeIndex(TargetIndex);
  for (size_t T = 0; T < Targets.size(); ++T)
    TargetIndex[Targets[T]] = uint32_t(T);
}

bool RouteFinder::canReach(size_t F) {
  makeRegion();
  return F < InRegion.size() && InRegion[F];
}

std::function<uint64_t(size_t)>
RouteFinder::costToNearest(const std::vector<uint32_t> &Ts) {
  makeRegion();
  std::vector<const uint64_t *> Costs;
  if (Layers == 1)
    for (uint32_t T : Ts)
      if (T < TargetIndex.size() && TargetIndex[T] != UINT32_MAX)
        Costs.push_back(backward(TargetIndex[T]).Cost.data());
  return [this, Costs = std::move(Costs)](size_t F) {
    uint64_t Best = Inf;
    if (F < InRegion.size() && InRegion[F]) {
      const uint32_t I = RegionIndex[F];
      for (const uint64_t *C : Costs)
        Best = std::min(Best, C[I]);
    }
    return Best;
  };
}

const RouteFinder::SearchState &RouteFinder::backward(size_t T) {
  SearchState &S = Backward[T];
  if (BackwardDone[T])
    return S;
  BackwardDone[T] = 1;
  const size_t States = RegionFuncs.size() * Layers;
  S.reset(States);
  uint32_t Start = uint32_t(RegionIndex[Targets[T]] * Layers);
  settle(S, Start, [&](uint32_t State, auto &&Relax) {
    size_t V = State / Layers, K = State % Layers;
    for (const auto &[U, E] : Rev[V]) {
      size_t NK = K;
      if (Opts.MaxIndirect && E->isIndirect() && ++NK > Opts.MaxIndirect)
        continue;
      Relax(uint32_t(U * Layers + NK), E, State, weight(*E));
    }
  });
  S.WayHash.assign(States, 0);
  S.WayPow.assign(States, 1);
  S.AnyPointer.assign(States, 0);
  for (uint32_t State : S.Settled)
    if (const Edge *E = S.Via[State]) {
      uint32_t Next = S.From[State];
      S.WayHash[State] = S.WayHash[Next];
      S.WayPow[State] = S.WayPow[Next];
      S.AnyPointer[State] = S.AnyPointer[Next] | isPointer(E);
      if (isGuess(E)) {
        S.WayHash[State] += key(E) * S.WayPow[Next];
        S.WayPow[State] *= Base;
      }
    }
  return S;
}

void RouteFinder::searchFresh(
    size_t Seed,
    const std::function<void(size_t Target, const FoundRoutes &)> &Visit,
    const std::function<bool(const Edge &)> *FirstCall) {
  if ((!Opts.Witnesses && !Opts.Values && !Opts.Rules) || Layers != 1)
    return searchPlain(Seed, Visit, FirstCall);
  if (!Check)
    Check = std::make_unique<WitnessCheck>(G, Opts.Witnesses, Opts.Values,
                                           Opts.Rules, Opts.Fields);
  // Routes taking a hop the object they carry cannot take are dropped. A
  // target whose best route is one is searched again (its other routes
  // kept if possible): a kept route as cheap as the best one found is
  // a best possible route already.
  // Every target's result, visited in function order at the end (as
  // searchPlain() visits them); those to search again, by target.
  std::vector<std::pair<size_t, FoundRoutes>> Out;
  std::map<size_t, size_t> Redo;
  searchPlain(
      Seed,
      [&](size_t T, const FoundRoutes &Found) {
        FoundRoutes Kept;
        for (const FoundRoute &FR : Found.Best)
          if (Check->possible(Seed, FR.Edges))
            Kept.Best.push_back(FR);
        if (Kept.Best.size() == Found.Best.size()) {
          Out.push_back({T, Found});
          return;
        }
        // Of the ways counted, those shown are known possible.
        Kept.Count = Kept.Best.size();
        Kept.CountIsLowerBound = Found.Count > Found.Best.size();
        auto Cost = [](const FoundRoute &R) {
          return std::make_pair(R.WideHops, R.Calls);
        };
        if (Kept.Best.empty() ||
            Cost(Kept.Best.front()) != Cost(Found.Best.front()))
          Redo[T] = Out.size();
        Out.push_back({T, std::move(Kept)});
      },
      FirstCall);
  // Which targets have a possible route, and its cost: one search for
  // all (a target with none is proved so once, not once per target).
  // Then the route itself, one target at a time, no dearer than that: a
  // search for several settles each (function, state) pair once, so which
  // of two routes of one cost a target got would depend on the other
  // targets searched with it, and a route kept from the last analysis
  // must be the one a search from scratch gives (RouteCache).
  std::vector<char> Reached(Out.size(), 0);
  std::map<size_t, uint64_t> Cheapest;
  if (!Redo.empty()) {
    std::vector<uint32_t> All;
    for (const auto &KV : Redo)
      All.push_back(uint32_t(KV.first));
    Check->search(Seed, All, costToNearest(All), Opts.Skip, FirstCall,
                  [&](size_t T, const EdgePath &Path) {
                    uint64_t C = 0;
                    for (const Edge *E : Path)
                      C += weight(*E);
                    Cheapest[T] = C;
                  });
  }
  for (const auto &[Target, Cost] : Cheapest) {
    const std::vector<uint32_t> Targets{uint32_t(Target)};
    Check->search(
        Seed, Targets, costToNearest(Targets), Opts.Skip, FirstCall,
        [&](size_t T, const EdgePath &Path) {
          const size_t I = Redo[T];
          Reached[I] = 1;
          FoundRoutes &Kept = Out[I].second;
          FoundRoute Best;
          Best.Edges = Path;
          for (const Edge *E : Path)
            Best.WideHops += E->isWide();
          Best.Calls = uint32_t(Path.size());
          std::vector<FoundRoute> All{std::move(Best)};
          for (FoundRoute &FR : Kept.Best)
            if (FR.Edges != All.front().Edges && All.size() < Opts.MaxRoutes)
              All.push_back(std::move(FR));
          Kept.Best = std::move(All);
          Kept.Count = std::max<uint64_t>(Kept.Count, Kept.Best.size());
        },
        Cost);
  }
  // A target the search did not reach has no possible route.
  for (const auto &KV : Redo)
    if (!Reached[KV.second])
      Out[KV.second].second.Best.clear();
  for (auto &[T, Found] : Out)
    if (!Found.Best.empty())
      Visit(T, Found);
}

void RouteFinder::searchPlain(
    size_t Seed,
    const std::function<void(size_t Target, const FoundRoutes &)> &Visit,
    const std::function<bool(const Edge &)> *FirstCall) {
  makeRegion();
  const size_t States = RegionFuncs.size() * Layers;
  const uint32_t CS = RegionIndex[Seed];
  // Whether a route may take the region's edge \p E from compact index
  // \p U: the seed's own calls are those FirstCall accepts.
  auto Takes = [&](uint32_t U, const Edge &E) {
    return !FirstCall || U != CS || (*FirstCall)(E);
  };

  // Forward: the seed's best route to every function of the region.
  // Buffers kept from one search to the next: a search allocates nothing
  // the size of the region.
  if (!FwdBuf)
    FwdBuf = std::make_unique<SearchState>();
  SearchState &Fwd = *FwdBuf;
  Fwd.reset(States);
  settle(Fwd, uint32_t(CS * Layers), [&](uint32_t State, auto &&Relax) {
    size_t U = State / Layers, H = State % Layers;
    for (uint32_t I = FwdStart[U]; I < FwdStart[U + 1]; ++I) {
      const FwdEdge &FE = FwdEdges[I];
      if (FirstCall && U == CS && !(*FirstCall)(*FE.E))
        continue;
      size_t NH = H;
      if (Opts.MaxIndirect && FE.Indirect && ++NH > Opts.MaxIndirect)
        continue;
      Relax(uint32_t(FE.V * Layers + NH), FE.E, State,
            FE.Wide ? WideUnit + 1 : 1);
    }
  });
  // The forward tree's route to \p State, appended to \p R.
  auto ForwardPath = [&](uint32_t State, FoundRoute &R) {
    const size_t From = R.Edges.size();
    for (uint32_t S = State; Fwd.Via[S]; S = Fwd.From[S])
      R.Edges.push_back(Fwd.Via[S]);
    std::reverse(R.Edges.begin() + From, R.Edges.end());
  };
  // Asked for the best route alone (no other, no count), the forward
  // tree's route to each target is one: no backward search (one per
  // target, each over the whole region), no candidates.
  if (Opts.MaxRoutes == 1 && Opts.CountLimit <= 1) {
    for (size_t T = 0; T < Targets.size(); ++T) {
      const uint32_t CT = RegionIndex[Targets[T]];
      uint64_t BestCost = Inf;
      uint32_t BestState = 0;
      for (size_t K = 0; K < Layers; ++K)
        if (Fwd.Cost[CT * Layers + K] < BestCost) {
          BestCost = Fwd.Cost[CT * Layers + K];
          BestState = uint32_t(CT * Layers + K);
        }
      if (BestCost == Inf)
        continue;
      FoundRoutes Out;
      FoundRoute &R = Out.Best.emplace_back();
      ForwardPath(BestState, R);
      for (const Edge *E : R.Edges)
        R.WideHops += E->isWide();
      R.Calls = uint32_t(R.Edges.size());
      Out.Count = 1;
      Visit(Targets[T], Out);
    }
    return;
  }

  // Prefix hashes of the ways, parents before children.
  Fwd.WayHash.assign(States, 0);
  for (uint32_t State : Fwd.Settled)
    if (const Edge *E = Fwd.Via[State]) {
      uint32_t Parent = Fwd.From[State];
      Fwd.WayHash[State] = isGuess(E) ? Fwd.WayHash[Parent] * Base + key(E)
                                      : Fwd.WayHash[Parent];
    }

  // The pointer edges the seed reaches.
  std::vector<size_t> &Reached = ReachedBuf;
  Reached.clear();
  for (size_t I = 0; I < PointerEdges.size(); ++I) {
    uint32_t U = PointerEdges[I].first;
    if (FirstCall && U == CS && !(*FirstCall)(*PointerEdges[I].second))
      continue;
    for (size_t H = 0; H < Layers; ++H)
      if (Fwd.Cost[U * Layers + H] != Inf) {
        Reached.push_back(I);
        break;
      }
  }

  // The seed's shortest all-direct route to every function: a direct route
  // is a way of its own (the best confidence) even when a route through a
  // function pointer is better by cost, and no pointer call lies on it.
  DirDepth.assign(RegionFuncs.size(), UINT32_MAX);
  DirVia.assign(RegionFuncs.size(), nullptr);
  DirFrom.assign(RegionFuncs.size(), 0);
  {
    std::vector<uint32_t> Queue{CS};
    DirDepth[CS] = 0;
    for (size_t Head = 0; Head < Queue.size(); ++Head) {
      uint32_t U = Queue[Head];
      for (uint32_t I = FwdStart[U]; I < FwdStart[U + 1]; ++I) {
        const FwdEdge &FE = FwdEdges[I];
        if (!FE.Direct || !Takes(U, *FE.E))
          continue;
        const uint32_t V = FE.V;
        const Edge &E = *FE.E;
        if (DirDepth[V] != UINT32_MAX)
          continue;
        DirDepth[V] = DirDepth[U] + 1;
        DirVia[V] = &E;
        DirFrom[V] = U;
        Queue.push_back(V);
      }
    }
  }

  // A candidate: the best route through a pointer edge, by its forward and
  // backward states; Edge == BestOfAll: the best route of all (BwdState);
  // Edge == AllDirect: the shortest all-direct route (to FwdState's
  // function); Edge == FromSeed: with FirstCall, the best route that
  // starts with the seed's call First (then BwdState), which stands for
  // BestOfAll (the backward tree's route from the seed may start with a
  // call FirstCall refuses).
  constexpr size_t BestOfAll = SIZE_MAX, AllDirect = SIZE_MAX - 1,
                   FromSeed = SIZE_MAX - 2;
  struct Candidate {
    uint64_t Cost;
    size_t Edge;
    uint32_t FwdState, BwdState;
    const wqdep::Edge *First = nullptr;
  };
  std::vector<Candidate> Cands;
  Stamp.assign(RegionFuncs.size(), 0);
  uint32_t Gen = 0;
  for (size_t T = 0; T < Targets.size(); ++T) {
    // Only the targets the forward search reached need their backward
    // search (the same condition as a finite backward cost at the seed).
    {
      const uint32_t CT = RegionIndex[Targets[T]];
      bool Reaches = false;
      for (size_t K = 0; K < Layers && !Reaches; ++K)
        Reaches = Fwd.Cost[CT * Layers + K] != Inf;
      if (!Reaches)
        continue;
    }
    const SearchState &B = backward(T);
    Cands.clear();
    uint64_t BestCost = Inf;
    uint32_t BestState = 0;
    for (size_t K = 0; K < Layers; ++K) {
      uint32_t State = uint32_t(CS * Layers + K);
      if (B.Cost[State] < BestCost) {
        BestCost = B.Cost[State];
        BestState = State;
      }
    }
    if (BestCost == Inf)
      continue;
    if (!FirstCall || Targets[T] == Seed) {
      Cands.push_back({BestCost, BestOfAll, 0, BestState});
    } else {
      Candidate Best{Inf, FromSeed, 0, 0};
      for (uint32_t I = FwdStart[CS]; I < FwdStart[CS + 1]; ++I) {
        const uint32_t V = FwdEdges[I].V;
        const Edge &E = *FwdEdges[I].E;
        if (!Takes(CS, E))
          continue;
        const size_t Slot = Opts.MaxIndirect && E.isIndirect() ? 1 : 0;
        for (size_t K = 0; K + Slot < Layers; ++K) {
          uint64_t BC = B.Cost[V * Layers + K];
          if (BC != Inf && weight(E) + BC < Best.Cost)
            Best = {weight(E) + BC, FromSeed, 0, uint32_t(V * Layers + K), &E};
        }
      }
      if (Best.Cost == Inf)
        continue;
      Cands.push_back(Best);
    }
    const uint32_t CT = RegionIndex[Targets[T]];
    if (DirDepth[CT] != UINT32_MAX)
      Cands.push_back({DirDepth[CT], AllDirect, CT, 0});
    for (size_t I : Reached) {
      const auto &[U, E] = PointerEdges[I];
      const uint32_t V = RegionIndex[E->Callee];
      const size_t Slot = Opts.MaxIndirect && E->isIndirect() ? 1 : 0;
      uint64_t Best = Inf;
      uint32_t BF = 0, BB = 0;
      for (size_t H = 0; H + Slot < Layers; ++H) {
        uint64_t FC = Fwd.Cost[U * Layers + H];
        if (FC == Inf)
          continue;
        for (size_t K = 0; H + Slot + K < Layers; ++K) {
          uint64_t BC = B.Cost[V * Layers + K];
          if (BC == Inf)
            continue;
          uint64_t C = FC + weight(*E) + BC;
          if (C < Best) {
            Best = C;
            BF = uint32_t(U * Layers + H);
            BB = uint32_t(V * Layers + K);
          }
        }
      }
      if (Best != Inf)
        Cands.push_back({Best, I, BF, BB});
    }
    // In order of cost (sorted a slice at a time: most searches stop
    // early), each candidate is checked to be a route (it visits each
    // function once: its forward and backward parts are each simple, so
    // only their meeting can repeat one) and hashed by its way; the first
    // of each way is shown, up to MaxRoutes, and ways are counted up to
    // CountLimit.
    FoundRoutes Out;
    auto IsSimple = [&](const Candidate &C) {
      if (C.Edge == BestOfAll || C.Edge == AllDirect)
        return true; // A path of the backward tree, or of the direct one.
      if (C.Edge == FromSeed) {
        for (uint32_t S = C.BwdState;; S = B.From[S]) {
          if (S / Layers == CS)
            return false;
          if (!B.Via[S])
            return true;
        }
      }
      ++Gen;
      for (uint32_t S = C.FwdState;; S = Fwd.From[S]) {
        Stamp[S / Layers] = Gen;
        if (!Fwd.Via[S])
          break;
      }
      for (uint32_t S = C.BwdState;; S = B.From[S]) {
        if (Stamp[S / Layers] == Gen)
          return false;
        if (!B.Via[S])
          break;
      }
      return true;
    };
    auto WayOf = [&](const Candidate &C) -> uint64_t {
      if (C.Edge == AllDirect)
        return 0; // No guess, no pointer call.
      if (C.Edge == BestOfAll)
        return B.WayHash[C.BwdState] ^
               (B.AnyPointer[C.BwdState] ? NarrowedSalt : 0);
      if (C.Edge == FromSeed)
        return ((isGuess(C.First) ? key(C.First) : 0) * B.WayPow[C.BwdState] +
                B.WayHash[C.BwdState]) ^
               (B.AnyPointer[C.BwdState] || isPointer(C.First) ? NarrowedSalt
                                                                : 0);
      const Edge *E = PointerEdges[C.Edge].second;
      uint64_t Prefix = isGuess(E) ? Fwd.WayHash[C.FwdState] * Base + key(E)
                                   : Fwd.WayHash[C.FwdState];
      // E is a pointer call: the route is not all direct.
      return (Prefix * B.WayPow[C.BwdState] + B.WayHash[C.BwdState]) ^
             NarrowedSalt;
    };
    auto Cheaper = [](const Candidate &L, const Candidate &R) {
      return std::tie(L.Cost, L.Edge) < std::tie(R.Cost, R.Edge);
    };
    std::unordered_set<uint64_t> Ways;
    const size_t CountLimit = std::max<size_t>(Opts.CountLimit, Opts.MaxRoutes);
    size_t Sorted = 0;
    for (size_t I = 0; I < Cands.size(); ++I) {
      if (Ways.size() >= CountLimit) {
        Out.CountIsLowerBound = true;
        break;
      }
      if (I == Sorted) {
        Sorted = std::min(Cands.size(), Sorted * 2 + 16);
        std::partial_sort(Cands.begin() + I, Cands.begin() + Sorted,
                          Cands.end(), Cheaper);
      }
      const Candidate &C = Cands[I];
      if (!IsSimple(C) || !Ways.insert(WayOf(C)).second)
        continue;
      if (Out.Best.size() == Opts.MaxRoutes)
        continue;
      FoundRoute R;
      if (C.Edge == AllDirect) {
        for (uint32_t V = C.FwdState; DirVia[V]; V = DirFrom[V])
          R.Edges.push_back(DirVia[V]);
        std::reverse(R.Edges.begin(), R.Edges.end());
      } else if (C.Edge == FromSeed) {
        R.Edges.push_back(C.First);
      } else if (C.Edge != BestOfAll) {
        ForwardPath(C.FwdState, R);
        R.Edges.push_back(PointerEdges[C.Edge].second);
      }
      if (C.Edge != AllDirect)
        for (uint32_t S = C.BwdState; B.Via[S]; S = B.From[S])
          R.Edges.push_back(B.Via[S]);
      for (const Edge *E : R.Edges)
        R.WideHops += E->isWide();
      R.Calls = uint32_t(R.Edges.size());
      Out.Best.push_back(std::move(R));
    }
    Out.Count = Ways.size();
    if (!Out.Best.empty())
      Visit(Targets[T], Out);
  }
}

} // namespace wqdep
