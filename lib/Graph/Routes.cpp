//===- Routes.cpp - Every route from a seed to a target, best first -------===//
#include "Graph/Routes.h"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>
#include <tuple>

namespace wqdep {
namespace {

constexpr uint64_t Inf = std::numeric_limits<uint64_t>::max();
constexpr uint64_t WideUnit = uint64_t(1) << 32;

uint64_t weight(const Edge &E) { return E.isWide() ? WideUnit + 1 : 1; }

} // namespace

struct RouteFinder::Search {
  std::vector<uint64_t> Cost;
  /// Forward: the edge into the state; backward: the edge out of it.
  std::vector<const Edge *> Via;
  /// Forward: the previous state; backward: the next one.
  std::vector<uint32_t> From;
  void reset(size_t States) {
    Cost.assign(States, Inf);
    Via.assign(States, nullptr);
    From.assign(States, 0);
  }
};

RouteFinder::RouteFinder(const CallGraph &G, const RouteOptions &Options)
    : G(G), Opts(Options) {
  if (Opts.MaxIndirect >= G.size())
    Opts.MaxIndirect = 0;
  if (Opts.MaxRoutes == 0)
    Opts.MaxRoutes = 1;
  Layers = Opts.MaxIndirect ? size_t(Opts.MaxIndirect) + 1 : 1;
}

RouteFinder::~RouteFinder() = default;

void RouteFinder::setTargets(const std::vector<char> &IsTarget) {
  // The region: every function that can reach a target.
  std::vector<std::vector<uint32_t>> RevAll(G.size());
  for (size_t F = 0; F < G.size(); ++F)
    for (const Edge &E : G.callees(F))
      RevAll[E.Callee].push_back(uint32_t(F));
  InRegion.assign(G.size(), 0);
  Targets.clear();
  std::vector<size_t> Stack;
  for (size_t F = 0; F < G.size() && F < IsTarget.size(); ++F)
    if (IsTarget[F]) {
      InRegion[F] = 1;
      Stack.push_back(F);
      Targets.push_back(F);
    }
  while (!Stack.empty()) {
    size_t F = Stack.back();
    Stack.pop_back();
    for (uint32_t Caller : RevAll[F])
      if (!InRegion[Caller]) {
        InRegion[Caller] = 1;
        Stack.push_back(Caller);
      }
  }
  RegionIndex.assign(G.size(), UINT32_MAX);
  RegionFuncs.clear();
  for (size_t F = 0; F < G.size(); ++F)
    if (InRegion[F]) {
      RegionIndex[F] = uint32_t(RegionFuncs.size());
      RegionFuncs.push_back(uint32_t(F));
    }
  Rev.assign(RegionFuncs.size(), {});
  PointerEdges.clear();
  for (uint32_t C = 0; C < RegionFuncs.size(); ++C)
    for (const Edge &E : G.callees(RegionFuncs[C])) {
      if (!InRegion[E.Callee])
        continue;
      Rev[RegionIndex[E.Callee]].push_back({C, &E});
      if (E.Kind != EdgeKind::Direct)
        PointerEdges.push_back({C, &E});
    }

  // One backward search per target.
  const size_t States = RegionFuncs.size() * Layers;
  Backward.assign(Targets.size(), Search());
  using Item = std::pair<uint64_t, uint32_t>;
  for (size_t T = 0; T < Targets.size(); ++T) {
    Search &S = Backward[T];
    S.reset(States);
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Q;
    uint32_t Start = uint32_t(RegionIndex[Targets[T]] * Layers);
    S.Cost[Start] = 0;
    Q.push({0, Start});
    while (!Q.empty()) {
      auto [C, State] = Q.top();
      Q.pop();
      if (C != S.Cost[State])
        continue;
      size_t V = State / Layers, K = State % Layers;
      for (const auto &[U, E] : Rev[V]) {
        size_t NK = K;
        if (Opts.MaxIndirect && E->isIndirect() && ++NK > Opts.MaxIndirect)
          continue;
        uint32_t Next = uint32_t(U * Layers + NK);
        uint64_t NC = C + weight(*E);
        if (NC < S.Cost[Next]) {
          S.Cost[Next] = NC;
          S.Via[Next] = E;
          S.From[Next] = State;
          Q.push({NC, Next});
        }
      }
    }
  }
}

void RouteFinder::search(
    size_t Seed,
    const std::function<void(size_t Target, const FoundRoutes &)> &Visit) {
  if (!canReach(Seed))
    return;
  const size_t States = RegionFuncs.size() * Layers;
  const uint32_t CS = RegionIndex[Seed];

  // Forward: the seed's best route to every function of the region.
  Search Fwd;
  Fwd.reset(States);
  {
    using Item = std::pair<uint64_t, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Q;
    uint32_t Start = uint32_t(CS * Layers);
    Fwd.Cost[Start] = 0;
    Q.push({0, Start});
    while (!Q.empty()) {
      auto [C, State] = Q.top();
      Q.pop();
      if (C != Fwd.Cost[State])
        continue;
      size_t U = State / Layers, H = State % Layers;
      for (const Edge &E : G.callees(RegionFuncs[U])) {
        if (!InRegion[E.Callee])
          continue;
        size_t NH = H;
        if (Opts.MaxIndirect && E.isIndirect() && ++NH > Opts.MaxIndirect)
          continue;
        uint32_t Next = uint32_t(RegionIndex[E.Callee] * Layers + NH);
        uint64_t NC = C + weight(E);
        if (NC < Fwd.Cost[Next]) {
          Fwd.Cost[Next] = NC;
          Fwd.Via[Next] = &E;
          Fwd.From[Next] = State;
          Q.push({NC, Next});
        }
      }
    }
  }
  // The pointer edges the seed reaches.
  std::vector<size_t> Reached;
  for (size_t I = 0; I < PointerEdges.size(); ++I) {
    uint32_t U = PointerEdges[I].first;
    for (size_t H = 0; H < Layers; ++H)
      if (Fwd.Cost[U * Layers + H] != Inf) {
        Reached.push_back(I);
        break;
      }
  }

  // A candidate: the best route through a pointer edge (Edge == SIZE_MAX:
  // the best route of all), by its forward and backward states.
  struct Candidate {
    uint64_t Cost;
    size_t Edge;
    uint32_t FwdState, BwdState;
  };
  std::vector<Candidate> Cands;
  std::vector<uint32_t> Stamp(RegionFuncs.size(), 0);
  uint32_t Gen = 0;
  for (size_t T = 0; T < Targets.size(); ++T) {
    const Search &B = Backward[T];
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
    Cands.push_back({BestCost, SIZE_MAX, 0, BestState});
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
    std::stable_sort(Cands.begin(), Cands.end(),
                     [](const Candidate &L, const Candidate &R) {
                       return L.Cost < R.Cost;
                     });

    FoundRoutes Out;
    std::set<std::vector<std::pair<const void *, uint32_t>>> Ways;
    size_t Examined = 0;
    EdgePath Path;
    for (const Candidate &C : Cands) {
      if (Examined == Opts.MaxCandidates) {
        Out.CountIsLowerBound = true;
        break;
      }
      ++Examined;
      Path.clear();
      uint32_t BState = C.BwdState;
      if (C.Edge != SIZE_MAX) {
        for (uint32_t S = C.FwdState; Fwd.Via[S]; S = Fwd.From[S])
          Path.push_back(Fwd.Via[S]);
        std::reverse(Path.begin(), Path.end());
        Path.push_back(PointerEdges[C.Edge].second);
      }
      for (uint32_t S = BState; B.Via[S]; S = B.From[S])
        Path.push_back(B.Via[S]);
      // A route visits each function once.
      ++Gen;
      bool Simple = true;
      Stamp[CS] = Gen;
      for (const Edge *E : Path) {
        uint32_t V = RegionIndex[E->Callee];
        if (Stamp[V] == Gen) {
          Simple = false;
          break;
        }
        Stamp[V] = Gen;
      }
      if (!Simple)
        continue;
      std::vector<std::pair<const void *, uint32_t>> Way;
      FoundRoute R;
      for (const Edge *E : Path) {
        if (E->Kind != EdgeKind::Direct)
          Way.push_back({E->Site, E->Callee});
        R.WideHops += E->isWide();
      }
      if (!Ways.insert(std::move(Way)).second)
        continue;
      if (Out.Best.size() < Opts.MaxRoutes) {
        R.Edges = Path;
        R.Calls = uint32_t(Path.size());
        Out.Best.push_back(std::move(R));
      }
    }
    Out.Count = Ways.size();
    if (!Out.Best.empty())
      Visit(Targets[T], Out);
  }
}

} // namespace wqdep
