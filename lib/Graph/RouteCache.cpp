//===- RouteCache.cpp - What route searches keep between analyses ---------===//
//
// RouteCache (Routes.h): signatures of the functions' out-edges, the dirty
// functions of each analysis, and per RouteFinder the routes of each
// (seed, target) kept as edge positions, replayed when nothing on them
// changed; RouteFinder::search(), which answers from the cache or searches.
//
//===----------------------------------------------------------------------===//
#include "Graph/Routes.h"
#include "Support/Hash.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_map>

namespace wqdep {

struct RouteCache::Part {
  /// The options its results were found with (effective values).
  bool Set = false;
  unsigned MaxIndirect = 0, MaxRoutes = 0;
  size_t CountLimit = 0;
  /// The analysis (RouteCache::Generation) it was last refreshed in, and
  /// which functions were targets then (by the function indexes of that
  /// analysis's graph).
  uint64_t Generation = 0;
  std::vector<uint32_t> WasTarget; ///< Ascending.
  /// A route as the positions of its edges among each caller's out-edges,
  /// from the seed on.
  struct Route {
    std::vector<uint32_t> Positions;
    uint32_t WideHops = 0, Calls = 0;
  };
  struct Target {
    std::string Key;
    std::vector<Route> Best;
    uint64_t Count = 0;
    bool CountIsLowerBound = false;
  };
  struct Result {
    std::vector<Target> Targets; ///< In function order.
    /// Targets were dropped (reached from a dirty function): they are
    /// searched again when the seed is; dropped if it is not.
    bool Partial = false;
  };
  std::unordered_map<std::string, Result> Results;
  Counters Last;
};

/// What every part reads of how the graph changed since the last analysis,
/// found once per analysis (RouteCache::beginAnalysis()).
struct RouteCache::Shared {
  /// The last analysis's graph: its version, its functions' keys (sorted)
  /// and their hashes, each function's signature, and its callees (by
  /// those indexes).
  uint64_t Version = 0;
  std::vector<std::string> Keys;
  std::vector<uint64_t> KeyHashes, Sigs;
  /// The extra hashes beginAnalysis() was given (empty: none).
  std::vector<uint64_t> Extra;
  std::vector<std::vector<uint32_t>> Callees;
  /// This analysis against it: the functions matched by key (empty:
  /// the same functions, in the same order), whether nothing could be
  /// matched, the dirty functions (new, or other out-edges), what reaches
  /// one (new graph) and what one reaches (new edges, and the old edges of
  /// dirty and removed functions).
  std::vector<int64_t> NewToOld;
  bool Unmatched = false;
  std::vector<size_t> Dirty;
  std::vector<char> ReachesDirty, FromDirty;
};

RouteCache::RouteCache()
    : Mu(std::make_unique<std::mutex>()), Snap(std::make_unique<Shared>()) {}

namespace {
/// The lane this thread's finders are numbered in (RouteCache::Lane).
thread_local const std::string *CurrentLane = nullptr;
} // namespace

RouteCache::Lane::Lane(std::string N) : Name(std::move(N)), Outer(CurrentLane) {
  CurrentLane = &Name;
}
RouteCache::Lane::~Lane() { CurrentLane = Outer; }
RouteCache::~RouteCache() = default;
RouteCache::RouteCache(RouteCache &&) = default;
RouteCache &RouteCache::operator=(RouteCache &&) = default;

void RouteCache::clear() {
  FreeIndexes.clear();
  Parts.clear();
  NextInLane.clear();
  Snap = std::make_unique<Shared>();
}

namespace {

/// save()'s bytes: "WQRC", this format, a checksum of what follows it
/// (sum()), then the body. Bumped when the body or what a kept route means changes.
constexpr char SavedMagic[4] = {'W', 'Q', 'R', 'C'};
constexpr uint32_t SavedFormat = 3;

/// A 64-bit checksum, eight bytes at a time (what is stored is megabytes).
uint64_t sum(std::string_view B) {
  uint64_t H = 0x243f6a8885a308d3ull ^ B.size();
  size_t I = 0;
  for (; I + 8 <= B.size(); I += 8) {
    uint64_t W;
    std::memcpy(&W, B.data() + I, 8);
    H = (H ^ W) * 0x9e3779b97f4a7c15ull;
    H ^= H >> 32;
  }
  for (; I < B.size(); ++I)
    H = (H ^ uint8_t(B[I])) * 0x100000001b3ull;
  return H ^ (H >> 29);
}

/// Unsigned numbers as LEB128 (most are small: positions among a caller's
/// out-edges, counts), keys prefix-coded against the key before them, and
/// a function named by its index among the saved keys where it is one.
class Writer {
public:
  std::string Out;
  void u8(uint8_t V) { Out.push_back(char(V)); }
  void num(uint64_t V) {
    while (V >= 0x80) {
      Out.push_back(char(V | 0x80));
      V >>= 7;
    }
    Out.push_back(char(V));
  }
  void u64(uint64_t V) { Out.append(reinterpret_cast<const char *>(&V), 8); }
  void str(std::string_view S) {
    num(S.size());
    Out.append(S);
  }
  void nums(const std::vector<uint32_t> &V) {
    num(V.size());
    for (uint32_t X : V)
      num(X);
  }
};

/// Reads what Writer wrote; any read past the end, or a number too large,
/// sets Bad and yields 0.
class Reader {
public:
  explicit Reader(std::string_view B) : B(B) {}
  bool Bad = false;
  bool atEnd() const { return At == B.size(); }
  bool take(size_t N) {
    if (Bad || B.size() - At < N)
      return Bad = true, false;
    return true;
  }
  uint8_t u8() { return take(1) ? uint8_t(B[At++]) : 0; }
  uint64_t num() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (!take(1))
        return 0;
      uint8_t C = uint8_t(B[At++]);
      V |= uint64_t(C & 0x7f) << Shift;
      if (!(C & 0x80))
        return V;
    }
    Bad = true;
    return 0;
  }
  /// A count of items each at least \p MinBytes long: no more than the
  /// bytes left can hold (a damaged count allocates nothing).
  size_t count(size_t MinBytes = 1) {
    uint64_t N = num();
    if (!Bad && N > (B.size() - At) / MinBytes)
      Bad = true;
    return Bad ? 0 : size_t(N);
  }
  uint64_t u64() {
    uint64_t V = 0;
    if (take(8))
      std::memcpy(&V, B.data() + At, 8), At += 8;
    return V;
  }
  std::string_view str() {
    size_t N = count();
    if (!take(N))
      return {};
    std::string_view S = B.substr(At, N);
    At += N;
    return S;
  }
  std::vector<uint32_t> nums() {
    std::vector<uint32_t> V(count());
    for (uint32_t &X : V)
      X = uint32_t(num());
    return V;
  }

private:
  std::string_view B;
  size_t At = 0;
};

} // namespace

std::string RouteCache::save() const {
  Writer W;
  const Shared &S = *Snap;
  const size_t N = S.Keys.size();
  W.Out.reserve(N * 32);
  W.num(Generation);
  W.num(N);
  for (size_t F = 0; F < N; ++F) {
    const std::string &K = S.Keys[F];
    size_t Same = 0;
    if (F) {
      const std::string &Prev = S.Keys[F - 1];
      while (Same < K.size() && Same < Prev.size() && K[Same] == Prev[Same])
        ++Same;
    }
    W.num(Same);
    W.str(std::string_view(K).substr(Same));
    W.u64(F < S.KeyHashes.size() ? S.KeyHashes[F] : 0);
    W.u64(F < S.Sigs.size() ? S.Sigs[F] : 0);
    W.nums(F < S.Callees.size() ? S.Callees[F] : std::vector<uint32_t>());
  }
  // A function by its index among the keys, plus one; 0 and the key when
  // it is not among them.
  auto Fn = [&](const std::string &Key) {
    auto It = std::lower_bound(S.Keys.begin(), S.Keys.end(), Key);
    if (It != S.Keys.end() && *It == Key) {
      W.num(uint64_t(It - S.Keys.begin()) + 1);
    } else {
      W.num(0);
      W.str(Key);
    }
  };
  // The parts the last analysis refreshed: any other would be dropped by
  // the next one (RouteFinder::refreshCache()).
  std::vector<const std::pair<const std::pair<std::string, uint32_t>, Slot> *>
      Kept;
  for (const auto &KV : Parts)
    if (KV.second.P->Generation == Generation)
      Kept.push_back(&KV);
  W.num(Kept.size());
  for (const auto *KV : Kept) {
    const Part &C = *KV->second.P;
    W.str(KV->first.first);
    W.num(KV->first.second);
    W.str(KV->second.Key);
    W.u8(C.Set);
    W.num(C.MaxIndirect);
    W.num(C.MaxRoutes);
    W.num(C.CountLimit);
    W.num(C.Generation);
    W.nums(C.WasTarget);
    // In key order: the same cache, the same bytes.
    std::vector<const std::pair<const std::string, Part::Result> *> Sorted;
    for (const auto &KV : C.Results)
      Sorted.push_back(&KV);
    std::sort(Sorted.begin(), Sorted.end(),
              [](const auto *L, const auto *R) { return L->first < R->first; });
    W.num(Sorted.size());
    for (const auto *KV : Sorted) {
      Fn(KV->first);
      W.u8(KV->second.Partial);
      W.num(KV->second.Targets.size());
      for (const Part::Target &T : KV->second.Targets) {
        Fn(T.Key);
        W.num(T.Count);
        W.u8(T.CountIsLowerBound);
        W.num(T.Best.size());
        for (const Part::Route &R : T.Best) {
          W.num(R.WideHops);
          W.num(R.Calls);
          W.nums(R.Positions);
        }
      }
    }
  }
  std::string Out;
  Out.reserve(16 + W.Out.size());
  Out.append(SavedMagic, 4);
  Out.append(reinterpret_cast<const char *>(&SavedFormat), 4);
  uint64_t Sum = sum(W.Out);
  Out.append(reinterpret_cast<const char *>(&Sum), 8);
  Out += W.Out;
  return Out;
}

bool RouteCache::load(std::string_view Bytes) {
  clear();
  if (Bytes.size() < 16 || std::memcmp(Bytes.data(), SavedMagic, 4) != 0)
    return false;
  uint32_t Format;
  uint64_t Sum;
  std::memcpy(&Format, Bytes.data() + 4, 4);
  std::memcpy(&Sum, Bytes.data() + 8, 8);
  std::string_view Body = Bytes.substr(16);
  if (Format != SavedFormat || sum(Body) != Sum)
    return false;
  Reader R(Body);
  auto Fail = [&] {
    clear();
    return false;
  };
  const uint64_t Gen = R.num();
  Shared &S = *Snap;
  // A key's shared length and rest, its hash and signature, its callees.
  const size_t N = R.count(19);
  S.Keys.resize(N);
  S.KeyHashes.resize(N);
  S.Sigs.resize(N);
  S.Callees.resize(N);
  for (size_t F = 0; F < N && !R.Bad; ++F) {
    size_t Same = R.num();
    std::string_view Rest = R.str();
    if (F ? Same > S.Keys[F - 1].size() : Same != 0)
      return Fail();
    std::string &K = S.Keys[F];
    K.reserve(Same + Rest.size());
    if (F)
      K.assign(S.Keys[F - 1], 0, Same);
    K.append(Rest);
    S.KeyHashes[F] = R.u64();
    S.Sigs[F] = R.u64();
    S.Callees[F] = R.nums();
    for (uint32_t C : S.Callees[F])
      if (C >= N)
        return Fail();
    // Keys in order, as beginAnalysis() matches them.
    if (F && !(S.Keys[F - 1] < K))
      return Fail();
  }
  // Not patched from any graph of this process: every function is matched
  // by key in the next analysis.
  S.Version = 0;
  auto Fn = [&]() -> std::string {
    uint64_t I = R.num();
    if (I == 0)
      return std::string(R.str());
    if (I > N) {
      R.Bad = true;
      return {};
    }
    return S.Keys[size_t(I - 1)];
  };
  const size_t NParts = R.count();
  for (size_t I = 0; I < NParts && !R.Bad; ++I) {
    std::string LaneName(R.str());
    const uint32_t Number = uint32_t(R.num());
    Slot &Sl = Parts[{std::move(LaneName), Number}];
    if (Sl.P) // The same (lane, number) twice: not what save() writes.
      return Fail();
    Sl.Key = std::string(R.str());
    Sl.P = std::make_unique<Part>();
    Part &C = *Sl.P;
    C.Set = R.u8();
    C.MaxIndirect = unsigned(R.num());
    C.MaxRoutes = unsigned(R.num());
    C.CountLimit = size_t(R.num());
    C.Generation = R.num();
    C.WasTarget = R.nums();
    for (size_t J = 0; J < C.WasTarget.size(); ++J)
      if (C.WasTarget[J] >= N || (J && C.WasTarget[J - 1] >= C.WasTarget[J]))
        return Fail();
    const size_t NResults = R.count();
    C.Results.reserve(NResults);
    for (size_t J = 0; J < NResults && !R.Bad; ++J) {
      Part::Result &Res = C.Results[Fn()];
      Res.Partial = R.u8();
      Res.Targets.resize(R.count());
      for (Part::Target &T : Res.Targets) {
        T.Key = Fn();
        T.Count = R.num();
        T.CountIsLowerBound = R.u8();
        T.Best.resize(R.count());
        for (Part::Route &Rt : T.Best) {
          Rt.WideHops = uint32_t(R.num());
          Rt.Calls = uint32_t(R.num());
          Rt.Positions = R.nums();
        }
      }
    }
  }
  if (R.Bad || !R.atEnd())
    return Fail();
  Generation = Gen;
  return true;
}

RouteCache::Counters RouteCache::counters() const {
  Counters Sum;
  std::lock_guard<std::mutex> L(*Mu);
  for (const auto &KV : Parts) {
    const Part &P = *KV.second.P;
    if (P.Generation != Generation) // Not used by the last analysis.
      continue;
    Sum.Replayed += P.Last.Replayed;
    Sum.Searched += P.Last.Searched;
    Sum.Dirty += P.Last.Dirty;
    Sum.Invalidated += P.Last.Invalidated;
  }
  return Sum;
}

RouteCache::Part &RouteCache::nextPart(const std::string &Key) {
  static const std::string NoLane;
  const std::string &LaneName = CurrentLane ? *CurrentLane : NoLane;
  std::lock_guard<std::mutex> L(*Mu);
  const uint32_t Number = NextInLane[LaneName]++;
  Slot &Sl = Parts[{LaneName, Number}];
  if (!Sl.P || Sl.Key != Key) {
    // New, or another kind of finder than last time
    // (RouteOptions::CacheKey): what its part holds answers other
    // questions.
    Sl.P = std::make_unique<Part>();
    Sl.Key = Key;
  }
  return *Sl.P;
}

namespace {

using CachedTarget = RouteCache::Part::Target;

CachedTarget keep(const CallGraph &G, size_t Seed, size_t Target,
                  const FoundRoutes &Found) {
  CachedTarget T;
  T.Key = G.function(Target).Key;
  T.Count = Found.Count;
  T.CountIsLowerBound = Found.CountIsLowerBound;
  for (const FoundRoute &FR : Found.Best) {
    RouteCache::Part::Route R;
    R.WideHops = FR.WideHops;
    R.Calls = FR.Calls;
    size_t At = Seed;
    for (const Edge *E : FR.Edges) {
      R.Positions.push_back(uint32_t(E - G.callees(At).data()));
      At = E->Callee;
    }
    T.Best.push_back(std::move(R));
  }
  return T;
}

FoundRoutes replay(const CallGraph &G, size_t Seed, const CachedTarget &T) {
  FoundRoutes Out;
  Out.Count = T.Count;
  Out.CountIsLowerBound = T.CountIsLowerBound;
  for (const RouteCache::Part::Route &R : T.Best) {
    FoundRoute FR;
    FR.WideHops = R.WideHops;
    FR.Calls = R.Calls;
    size_t At = Seed;
    for (uint32_t Pos : R.Positions) {
      const Edge *E = &G.callees(At)[Pos];
      FR.Edges.push_back(E);
      At = E->Callee;
    }
    Out.Best.push_back(std::move(FR));
  }
  return Out;
}

} // namespace

namespace {

/// A function's signature: its out-edges (callee by key, kind, evidence,
/// width, the task flags, guards and atomic section at the call: what RouteOptions::Skip
/// and search()'s FirstCall read; the parameters it passes on and whether
/// it always makes the call and the struct members it hands: what the
/// witnesses read; the argument values and guards), in order, and
/// \p Extra (its witness summaries). With whether it is a target, all a
/// search reads of it.
uint64_t signature(const CallGraph &G, size_t F,
                   const std::vector<uint64_t> &KeyHash, uint64_t Extra) {
  uint64_t H = Extra ? mix(1, Extra) : 1;
  for (const Edge &E : G.callees(F)) {
    H = mix(H, KeyHash[E.Callee]);
    H = mix(H, uint64_t(E.Kind) | uint64_t(E.Evidence) << 8 |
                   uint64_t(E.Candidates) << 16);
    if (E.Site) {
      H = mix(H, uint64_t(E.Site->TaskFlags) |
                     uint64_t(E.Site->GuardClear) << 8 |
                     uint64_t(E.Site->Always) << 16 |
                     uint64_t(E.Site->Atomic) << 17);
      // The parameters passed on (what the witnesses follow), the values
      // handed and the guards (what argument values read).
      for (uint8_t P : E.Site->ArgParams)
        H = mix(H, P);
      for (const ArgValue &A : E.Site->ArgValues) {
        H = mix(mix(H, A.Kind), uint64_t(A.Value));
        if (!A.Table.empty()) // ops tables
          H = mix(H, hashKey(A.Table));
      }
      for (const ValueGuard &G : E.Site->Guards) {
        H = mix(mix(H, uint64_t(G.Param) << 8 | G.Op), uint64_t(G.Value));
        if (!G.Field.empty())
          H = mix(mix(H, hashKey(G.Field)), G.Before);
      }
      // Field values: members known, what came before (its meaning is
      // in the summaries' hashes, Extra).
      for (const FieldValue &V : E.Site->ArgFields) {
        H = mix(mix(mix(mix(H, V.Arg), hashKey(V.Field)), uint64_t(V.Value)),
                V.Before);
        // Slot origin: a function the program does not define decides
        // nothing (WitnessCheck::passValues()), so whether it is defined
        // is part of what the search reads here.
        if (!V.Fn.empty())
          H = mix(mix(H, hashKey(V.Fn)), uint64_t(G.indexOf(V.Fn) >= 0));
        // Ops tables: a table's address, or a parameter's value.
        if (!V.Table.empty() || V.FromParam >= 0)
          H = mix(mix(H, hashKey(V.Table)), uint64_t(V.FromParam + 1));
      }
      for (const auto &[P, B] : E.Site->ParamBefore)
        H = mix(mix(H, P), B);
      // Slot origin: the member the call reads its function from.
      for (const SlotRead &R : E.Site->SlotReads)
        H = mix(mix(mix(H, R.Param | uint64_t(R.Deref) << 8),
                    hashKey(R.Field)),
                R.Before);
      // The struct members handed (origin witnesses).
      for (const auto &[Arg, Key] : E.Site->ArgOrigins)
        H = mix(mix(H, Arg), hashKey(Key));
    }
  }
  return H;
}

} // namespace

void RouteCache::beginAnalysis(const CallGraph &G,
                               const std::vector<uint64_t> *Extra) {
  NextInLane.clear();
  ++Generation;
  Shared &S = *Snap;
  const size_t N = G.size();
  const size_t OldN = S.Keys.size();
  const std::vector<uint32_t> *Patched = G.patchedFunctions();
  // Patched from the last analysis's graph: the same functions, and only
  // the patched ones can have other out-edges.
  const bool Incremental =
      Patched && S.Version != 0 && G.patchedFrom() == S.Version && N == OldN;
  std::vector<int64_t> OldToNew;
  S.NewToOld.clear();
  S.Unmatched = false;
  std::vector<char> Dirty(N, 0);
  S.Dirty.clear();
  auto ExtraOf = [&](size_t F) -> uint64_t {
    return Extra && F < Extra->size() ? (*Extra)[F] : 0;
  };
  if (Incremental) {
    // The patched functions, and those whose extra hash changed (a
    // witness summary takes in its callees').
    std::vector<uint32_t> Look(Patched->begin(), Patched->end());
    for (size_t F = 0; F < N; ++F)
      if (ExtraOf(F) != (F < S.Extra.size() ? S.Extra[F] : 0))
        Look.push_back(uint32_t(F));
    std::sort(Look.begin(), Look.end());
    Look.erase(std::unique(Look.begin(), Look.end()), Look.end());
    for (uint32_t F : Look) {
      uint64_t Sig = signature(G, F, S.KeyHashes, ExtraOf(F));
      if (Sig != S.Sigs[F]) {
        Dirty[F] = 1;
        S.Dirty.push_back(F);
      }
    }
  } else {
    // Old and new functions matched by key: the graph's functions are in
    // key order (Program::Functions), as were the last analysis's.
    S.NewToOld.assign(N, -1);
    OldToNew.assign(OldN, -1);
    bool Sorted = true;
    for (size_t F = 1; F < N && Sorted; ++F)
      Sorted = G.function(F - 1).Key < G.function(F).Key;
    if (Sorted) {
      size_t J = 0;
      for (size_t F = 0; F < N; ++F) {
        const std::string &K = G.function(F).Key;
        while (J < OldN && S.Keys[J] < K)
          ++J;
        if (J < OldN && S.Keys[J] == K) {
          S.NewToOld[F] = int64_t(J);
          OldToNew[J] = int64_t(F);
        }
      }
    } else {
      S.Unmatched = true; // Nothing can be matched.
      std::fill(S.NewToOld.begin(), S.NewToOld.end(), -1);
      std::fill(OldToNew.begin(), OldToNew.end(), -1);
    }
    std::vector<uint64_t> KeyHash(N);
    for (size_t F = 0; F < N; ++F)
      KeyHash[F] = S.NewToOld[F] >= 0 ? S.KeyHashes[size_t(S.NewToOld[F])]
                                      : hashKey(G.function(F).Key);
    std::vector<uint64_t> Sig(N);
    for (size_t F = 0; F < N; ++F) {
      Sig[F] = signature(G, F, KeyHash, ExtraOf(F));
      if (S.NewToOld[F] < 0 || S.Sigs[size_t(S.NewToOld[F])] != Sig[F]) {
        Dirty[F] = 1;
        S.Dirty.push_back(F);
      }
    }
    S.KeyHashes = std::move(KeyHash);
    S.Sigs = std::move(Sig);
  }
  // What reaches a dirty function, over the new graph.
  S.ReachesDirty = Dirty;
  std::vector<size_t> Stack(S.Dirty.begin(), S.Dirty.end());
  while (!Stack.empty()) {
    size_t F = Stack.back();
    Stack.pop_back();
    G.forEachCaller(F, [&](size_t C) {
      if (!S.ReachesDirty[C]) {
        S.ReachesDirty[C] = 1;
        Stack.push_back(C);
      }
    });
  }
  // What a dirty function reaches, over the new edges and the old edges of
  // dirty functions and of removed ones (through which an old path went).
  S.FromDirty = Dirty;
  std::vector<char> OldSeen(OldN, 0);
  std::vector<size_t> OldStack;
  auto NewOf = [&](size_t O) -> int64_t {
    return Incremental ? int64_t(O) : OldToNew[O];
  };
  auto OldEdges = [&](size_t O) {
    for (uint32_t Callee : S.Callees[O]) {
      int64_t NF = NewOf(Callee);
      if (NF >= 0) {
        if (!S.FromDirty[size_t(NF)]) {
          S.FromDirty[size_t(NF)] = 1;
          Stack.push_back(size_t(NF));
        }
      } else if (!OldSeen[Callee]) {
        OldSeen[Callee] = 1;
        OldStack.push_back(Callee);
      }
    }
  };
  Stack.assign(S.Dirty.begin(), S.Dirty.end());
  while (!Stack.empty() || !OldStack.empty()) {
    if (!OldStack.empty()) {
      size_t O = OldStack.back();
      OldStack.pop_back();
      OldEdges(O);
      continue;
    }
    size_t F = Stack.back();
    Stack.pop_back();
    for (const Edge &E : G.callees(F))
      if (!S.FromDirty[E.Callee]) {
        S.FromDirty[E.Callee] = 1;
        Stack.push_back(E.Callee);
      }
    if (Dirty[F]) {
      int64_t O = Incremental ? int64_t(F) : S.NewToOld[F];
      if (O >= 0 && size_t(O) < OldN)
        OldEdges(size_t(O));
    }
  }
  // This graph, for the next analysis.
  auto CalleesOf = [&](size_t F) {
    std::vector<uint32_t> C;
    C.reserve(G.callees(F).size());
    for (const Edge &E : G.callees(F))
      C.push_back(E.Callee);
    return C;
  };
  if (Incremental) {
    for (size_t F : S.Dirty) {
      S.Sigs[F] = signature(G, F, S.KeyHashes, ExtraOf(F));
      S.Callees[F] = CalleesOf(F);
    }
  } else {
    S.Keys.resize(N);
    for (size_t F = 0; F < N; ++F)
      if (S.NewToOld.empty() || S.NewToOld[F] != int64_t(F) ||
          S.Keys[F] != G.function(F).Key)
        S.Keys[F] = G.function(F).Key;
    S.Callees.resize(N);
    for (size_t F = 0; F < N; ++F)
      S.Callees[F] = CalleesOf(F);
  }
  S.Version = G.version();
  if (Extra)
    S.Extra = *Extra;
  else
    S.Extra.clear();
}

void RouteFinder::refreshCache() {
  RouteCache &RC = *G.routeCache();
  const RouteCache::Shared &S = *RC.Snap;
  RouteCache::Part &C = *Cache;
  C.Last = RouteCache::Counters();
  if (!C.Set || C.MaxIndirect != Opts.MaxIndirect ||
      C.MaxRoutes != Opts.MaxRoutes || C.CountLimit != Opts.CountLimit) {
    C = RouteCache::Part();
    C.Set = true;
    C.MaxIndirect = Opts.MaxIndirect;
    C.MaxRoutes = Opts.MaxRoutes;
    C.CountLimit = Opts.CountLimit;
  }
  // Not refreshed by the last analysis (no finder of this kind ran), or
  // no function matched: what changed since it was is not known.
  if (C.Generation + 1 != RC.Generation || S.Unmatched ||
      S.ReachesDirty.size() != G.size())
    C.Results.clear();
  const size_t N = G.size();
  std::vector<char> &IsTargetNow = GivenTargets;
  // Flipped: only became or stopped being a target, which changes the
  // routes to it alone (the chop of any other target does not depend on
  // it). A new function is dirty already.
  ReachesDirty = S.ReachesDirty;
  FromDirty = S.FromDirty;
  ReachesDirty.resize(N, 1);
  FromDirty.resize(N, 1);
  std::vector<size_t> Stack;
  auto Flip = [&](size_t F) {
    FromDirty[F] = 1;
    if (!ReachesDirty[F]) {
      ReachesDirty[F] = 1;
      Stack.push_back(F);
    }
  };
  if (S.NewToOld.empty()) {
    // The same functions: the flipped ones are the difference of the two
    // lists, found without reading every function.
    std::vector<uint32_t> Flipped;
    std::set_symmetric_difference(C.WasTarget.begin(), C.WasTarget.end(),
                                  TargetList.begin(), TargetList.end(),
                                  std::back_inserter(Flipped));
    for (uint32_t F : Flipped)
      if (F < N)
        Flip(F);
  } else {
    std::vector<char> Was(C.WasTarget.empty() ? 0 : C.WasTarget.back() + 1,
                          0);
    for (uint32_t O : C.WasTarget)
      Was[O] = 1;
    for (size_t F = 0; F < N; ++F) {
      int64_t O = S.NewToOld[F];
      bool WasT = O >= 0 && size_t(O) < Was.size() && Was[size_t(O)];
      if (O >= 0 && WasT != bool(IsTargetNow[F]))
        Flip(F);
    }
  }
  C.Last.Dirty = S.Dirty.size();
  while (!Stack.empty()) {
    size_t F = Stack.back();
    Stack.pop_back();
    G.forEachCaller(F, [&](size_t Caller) {
      if (!ReachesDirty[Caller]) {
        ReachesDirty[Caller] = 1;
        Stack.push_back(Caller);
      }
    });
  }
  // Drop what the changes may have changed; a result left partial by the
  // last analysis (its seed was not searched) is dropped whole.
  for (auto It = C.Results.begin(); It != C.Results.end();) {
    int64_t Sd = G.indexOf(It->first);
    RouteCache::Part::Result &R = It->second;
    if (Sd < 0 || R.Partial) {
      It = C.Results.erase(It);
      ++C.Last.Invalidated;
      continue;
    }
    if (ReachesDirty[size_t(Sd)]) {
      std::vector<CachedTarget> Kept;
      for (CachedTarget &T : R.Targets) {
        int64_t TF = G.indexOf(T.Key);
        if (TF >= 0 && !FromDirty[size_t(TF)])
          Kept.push_back(std::move(T));
      }
      R.Targets = std::move(Kept);
      R.Partial = true;
      ++C.Last.Invalidated;
    }
    ++It;
  }
  C.WasTarget = TargetList;
  C.Generation = RC.Generation;
}

void RouteFinder::search(
    size_t Seed,
    const std::function<void(size_t Target, const FoundRoutes &)> &Visit,
    const std::function<bool(const Edge &)> *FirstCall) {
  if (!Cache) {
    if (canReach(Seed))
      searchFresh(Seed, Visit, FirstCall);
    return;
  }
  RouteCache::Part &C = *Cache;
  const std::string &Key = G.function(Seed).Key;
  auto It = C.Results.find(Key);
  if (It == C.Results.end()) {
    RouteCache::Part::Result R;
    ++C.Last.Searched;
    if (!canReach(Seed)) { // Kept too: it reaches no target.
      C.Results[Key] = std::move(R);
      return;
    }
    searchFresh(
        Seed,
        [&](size_t Target, const FoundRoutes &Found) {
          R.Targets.push_back(keep(G, Seed, Target, Found));
          Visit(Target, Found);
        },
        FirstCall);
    C.Results[Key] = std::move(R);
    return;
  }
  RouteCache::Part::Result &R = It->second;
  if (!R.Partial) {
    for (const CachedTarget &T : R.Targets)
      Visit(size_t(G.indexOf(T.Key)), replay(G, Seed, T));
    ++C.Last.Replayed;
    return;
  }
  // Some targets were dropped: search for those reached from dirty
  // functions, in the region cut down to them, and merge in function order.
  if (!Sub) {
    Sub.reset(new RouteFinder(G, Opts, false));
    std::vector<uint32_t> SubTargets;
    for (uint32_t F : TargetList)
      if (FromDirty[F])
        SubTargets.push_back(F);
    std::vector<size_t> SubSeeds;
    for (size_t S : CacheSeeds)
      if (S < G.size() && ReachesDirty[S])
        SubSeeds.push_back(S);
    Sub->setTargetList(std::move(SubTargets), HaveSeeds ? &SubSeeds : nullptr);
  }
  std::vector<std::pair<size_t, CachedTarget>> All;
  for (CachedTarget &T : R.Targets)
    All.push_back({size_t(G.indexOf(T.Key)), std::move(T)});
  Sub->search(
      Seed,
      [&](size_t Target, const FoundRoutes &Found) {
        All.push_back({Target, keep(G, Seed, Target, Found)});
      },
      FirstCall);
  std::sort(All.begin(), All.end(),
            [](const auto &L, const auto &R) { return L.first < R.first; });
  R.Targets.clear();
  for (auto &[Target, T] : All) {
    Visit(Target, replay(G, Seed, T));
    R.Targets.push_back(std::move(T));
  }
  R.Partial = false;
  ++C.Last.Searched;
}

} // namespace wqdep
