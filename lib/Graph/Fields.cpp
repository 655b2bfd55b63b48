//===- Fields.cpp - Field values: what calls may do to objects ------------===//
#include "Graph/Fields.h"

#include "Support/Hash.h"

#include <algorithm>
namespace wqdep {

namespace {

/// A summary with more members than this, or paths deeper, writes the
/// object whole: recursion through `&p->a` would grow paths forever.
constexpr size_t MaxPaths = 32;
constexpr size_t MaxDepth = 8;


/// Per call site of \p F, the functions it calls with its arguments:
/// its direct and slot edges. A site with edges of another kind only (a
/// notifier chain run, a work function) maps to the invalid index: what
/// it hands where is not followed. The graph keeps one edge per callee
/// and function, at one of the sites that make it: the other sites of the
/// same callee (by key) call the same functions.
constexpr uint32_t Elsewhere = UINT32_MAX;

/// A call of a tracepoint's probes: the iterator DEFINE_TRACE_FN()
/// defines, or the static call __DO_TRACE() makes (include/linux/
/// tracepoint.h names both so; no other code does).
bool isTracepointProbeCall(const std::string &Callee) {
  return Callee.rfind("__traceiter_", 0) == 0 ||
         Callee.rfind("__SCT__tp_func_", 0) == 0;
}
} // namespace

/// A function's direct and slot edges by call site (sorted pairs, one
/// buffer reused from function to function).
struct CalleeMap {
  const CallGraph &G;
  size_t F = 0;
  std::vector<std::pair<const CallSite *, uint32_t>> Edges;
  std::vector<uint32_t> Found;
  void reset(size_t Fn) {
    F = Fn;
    Edges.clear();
    for (const Edge &E : G.callees(F))
      if (E.Site)
        Edges.push_back({E.Site, E.Kind == EdgeKind::Direct ||
                                         E.Kind == EdgeKind::Slot
                                     ? E.Callee
                                     : Elsewhere});
    std::sort(Edges.begin(), Edges.end());
  }
  /// The functions \p CS calls: its own edges, else those of another
  /// site of the function with the same callee key.
  const std::vector<uint32_t> *find(const CallSite &CS) {
    Found.clear();
    auto It = std::lower_bound(
        Edges.begin(), Edges.end(),
        std::pair<const CallSite *, uint32_t>(&CS, 0));
    for (; It != Edges.end() && It->first == &CS; ++It)
      Found.push_back(It->second);
    if (!Found.empty())
      return &Found;
    if (CS.Kind != CallSite::Direct && CS.Kind != CallSite::Slot)
      return nullptr;
    for (const Edge &E : G.callees(F))
      if (E.Site && (E.Kind == EdgeKind::Direct || E.Kind == EdgeKind::Slot) &&
          E.Site->Kind == CS.Kind && E.Site->Callee == CS.Callee &&
          std::find(Found.begin(), Found.end(), E.Callee) == Found.end())
        Found.push_back(E.Callee);
    return Found.empty() ? nullptr : &Found;
  }
};

uint32_t FieldSummaries::intern(const std::string &Path) {
  auto [It, New] = Ids.try_emplace(Path, uint32_t(Names.size()));
  if (New)
    Names.push_back(Path);
  return It->second;
}

uint32_t FieldSummaries::id(const std::string &Path) const {
  auto It = Ids.find(Path);
  return It == Ids.end() ? 0 : It->second;
}

void FieldSummaries::add(Sum &S, uint32_t Path) {
  if (S.All || S.Escapes)
    return;
  if (Path == 0 || std::count(Names[Path].begin(), Names[Path].end(), '.') >=
                       long(MaxDepth)) {
    S.All = true;
    S.Paths.clear();
    return;
  }
  auto It = std::lower_bound(S.Paths.begin(), S.Paths.end(), Path);
  if (It != S.Paths.end() && *It == Path)
    return;
  S.Paths.insert(It, Path);
  if (S.Paths.size() > MaxPaths) {
    S.All = true;
    S.Paths.clear();
  }
}

const FieldSummaries::Sum *FieldSummaries::of(size_t F, unsigned P) const {
  for (const auto &[Q, S] : Params[F])
    if (Q == P)
      return &S;
  return nullptr;
}

FieldSummaries::Resolved FieldSummaries::resolve(size_t F,
                                                 const FieldEffects &E,
                                                 CalleeMap &Callees) {
  Resolved R;
  R.Escapes = E.Escapes;
  R.WritesAll = E.WritesAll;
  R.Returns = E.Returns;
  for (const std::string &W : E.Writes)
    R.Writes.push_back(intern(W));
  const FunctionFacts &Fn = G.function(F);
  for (const FieldPass &P : E.Passes) {
    if (P.Call >= Fn.Calls.size()) {
      R.Escapes = true;
      break;
    }
    const CallSite &CS = Fn.Calls[P.Call];
    if (CS.Kind == CallSite::Direct && isTracepointProbeCall(CS.Callee))
      continue; // read only
    const std::vector<uint32_t> *Targets = Callees.find(CS);
    std::vector<uint32_t> Named;
    if (!Targets && CS.Kind == CallSite::Direct)
      if (int64_t T = G.indexOf(CS.Callee); T >= 0) {
        Named.push_back(uint32_t(T)); // its edges removed by a proof
        Targets = &Named;
      }
    if (!Targets) {
      // No edge: a slot nothing is stored into, or a call a mechanism
      // proved impossible (after a noreturn call, into __init code),
      // calls nothing. A direct call of a function the program does not
      // define, or a callback or work function called through a
      // parameter, is unknown.
      if ((CS.Kind == CallSite::Direct && G.indexOf(CS.Callee) < 0) ||
          CS.Kind == CallSite::Param || CS.Kind == CallSite::WorkFunc)
        R.Escapes = true;
      continue;
    }
    RPass X;
    X.First = uint32_t(Pool.size());
    for (uint32_t T : *Targets) {
      // Elsewhere (a notifier chain run, a work function) and a variadic
      // argument: not followed.
      if (T == Elsewhere || P.Arg >= G.function(T).NumParams) {
        R.Escapes = true;
        break;
      }
      Pool.push_back(T);
    }
    if (R.Escapes)
      break;
    X.Count = uint32_t(Pool.size()) - X.First;
    X.Arg = P.Arg;
    X.Sub = P.Sub == "?" ? -1 : int32_t(P.Sub.empty() ? 0 : intern(P.Sub));
    X.ResultUsed = P.ResultUsed;
    R.Passes.push_back(X);
  }
  if (R.Escapes) {
    R.Writes.clear();
    R.Passes.clear();
  }
  return R;
}

uint32_t FieldSummaries::below(int32_t Sub, uint32_t Q) {
  if (Sub == 0)
    return Q;
  const uint64_t K = uint64_t(uint32_t(Sub)) << 32 | Q;
  auto It = Concat.find(K);
  if (It != Concat.end())
    return It->second;
  const uint32_t Id = intern(Names[size_t(Sub)] + "." + Names[Q]);
  Concat.emplace(K, Id);
  return Id;
}

void FieldSummaries::apply(const Resolved &E, Sum &Into) {
  if (E.Escapes)
    Into.Escapes = true;
  if (E.Returns)
    Into.Returns = true;
  if (E.WritesAll)
    add(Into, 0);
  for (uint32_t W : E.Writes)
    add(Into, W);
  for (const RPass &P : E.Passes) {
    if (Into.Escapes)
      break;
    for (uint32_t I = P.First; I < P.First + P.Count; ++I) {
      const Sum *S = of(Pool[I], P.Arg);
      if (!S)
        continue;
      if (S->Escapes || (S->Returns && P.ResultUsed)) {
        Into.Escapes = true;
        break;
      }
      if (P.Sub < 0) {
        if (S->All || !S->Paths.empty())
          add(Into, 0);
        continue;
      }
      if (S->All)
        add(Into, uint32_t(P.Sub));
      for (uint32_t Q : S->Paths)
        add(Into, below(P.Sub, Q));
    }
  }
  if (Into.Escapes) {
    Into.All = Into.Returns = false;
    Into.Paths.clear();
  }
}

void FieldSummaries::deriveInits() {
  InitHashes.assign(G.size(), 0);
  for (size_t F = 0; F < G.size(); ++F) {
    const FunctionFacts &Fn = G.function(F);
    for (const CallSite &CS : Fn.Calls) {
      if (CS.ArgInits.empty())
        continue;
      std::vector<FieldValue> Out;
      for (const ArgInit &I : CS.ArgInits) {
        if (I.Call >= Fn.Calls.size())
          continue;
        const CallSite &IC = Fn.Calls[I.Call];
        const int64_t T =
            IC.Kind == CallSite::Direct ? G.indexOf(IC.Callee) : -1;
        if (T < 0)
          continue; // a function the program does not define
        for (const MemberSet &M : G.function(size_t(T)).MemberSets) {
          if (M.Param != I.CalleeArg)
            continue;
          int64_t V = M.Value;
          if (M.Kind != MemberSet::Const) {
            if (size_t(M.Value) >= IC.ArgValues.size() ||
                IC.ArgValues[size_t(M.Value)].Kind != ArgValue::Const)
              continue;
            V = IC.ArgValues[size_t(M.Value)].Value;
            if (M.Kind == MemberSet::FromParamBool)
              V = V != 0;
          }
          // A member stored in between has the value stored (ArgFields,
          // when it is known), whatever it is.
          bool Stored = false;
          for (const std::string &S : I.Stored)
            Stored |= memberPathsOverlap(S, M.Field);
          if (!Stored)
            Out.push_back({I.Arg, M.Field, V, I.Before});
        }
      }
      if (Out.empty())
        continue;
      // Which call: values moved from one call to another change routes.
      uint64_t H = mix(InitHashes[F] ? InitHashes[F] : 1,
                       uint64_t(&CS - Fn.Calls.data()));
      for (const FieldValue &V : Out)
        H = mix(mix(mix(mix(H, V.Arg), hashKey(V.Field)), uint64_t(V.Value)),
                V.Before);
      InitHashes[F] = H | 1;
      Inits.emplace(&CS, std::move(Out));
    }
  }
}

bool FieldSummaries::tableAllows(uint32_t Table, const std::string &Slot,
                                 uint32_t Callee) const {
  const std::string &R = TableRecord[Table];
  if (Slot.size() <= R.size() + 2 || Slot.compare(0, R.size(), R) != 0 ||
      Slot.compare(R.size(), 2, "::") != 0)
    return true;
  auto It = TableSlots[Table].find(Slot);
  if (It == TableSlots[Table].end())
    return false;
  return std::find(It->second.begin(), It->second.end(), int64_t(Callee)) !=
         It->second.end();
}

FieldSummaries::FieldSummaries(const CallGraph &G, bool SlotOrigin)
    : G(G), SlotOrigin(SlotOrigin) {
  const size_t N = G.size();
  // Ops tables: the const tables, and what their initializers store.
  if (SlotOrigin) {
    const Program &P = G.program();
    for (const auto &[Key, Record] : P.ConstTables) {
      TableIds.emplace(Key, uint32_t(TableRecord.size()));
      TableRecord.push_back(Record);
    }
    TableSlots.resize(TableRecord.size());
    for (const auto &[Slot, Stores] : P.SlotStoreSites)
      for (const SlotStore &S : Stores)
        if (S.InFunction.empty() && S.Object.Kind == ObjectRef::Global &&
            S.Object.Path.empty())
          if (auto It = TableIds.find(S.Object.Var); It != TableIds.end())
            TableSlots[It->second][Slot].push_back(G.indexOf(S.Function));
  }
  Params.resize(N);
  Before.resize(N);
  deriveInits();
  // Fields facts name, first: ids are stable for the analysis.
  for (size_t F = 0; F < N; ++F) {
    const FunctionFacts &Fn = G.function(F);
    for (const CallSite &CS : Fn.Calls) {
      for (const ValueGuard &Gd : CS.Guards)
        if (!Gd.Field.empty()) {
          const uint32_t Id = intern(Gd.Field);
          Tested.resize(std::max<size_t>(Tested.size(), Id + 1), 0);
          Tested[Id] = 1;
        }
      forEachKnown(CS, [&](const FieldValue &V) { intern(V.Field); });
      // Slot origin: the member a call reads its function from is
      // tested as a condition is (by the callee the route takes).
      if (SlotOrigin)
        for (const SlotRead &R : CS.SlotReads) {
          const uint32_t Id = intern(R.Field);
          Tested.resize(std::max<size_t>(Tested.size(), Id + 1), 0);
          Tested[Id] = 1;
        }
    }
  }
  // Callers of each function that hand it an object they summarise; each
  // function's effects with their calls resolved, once.
  std::vector<std::vector<uint32_t>> Dependents(N);
  std::vector<uint32_t> Work;
  ParamRes.resize(N);
  BeforeRes.resize(N);
  // Which FieldBefore entries a route can read: those of the conditions
  // on members, of the members known at calls, and of the calls that pass
  // on a parameter that can hold a member known (one handed one by a
  // call with ArgFields, or passed one on by a holder, over call edges).
  // The others are not resolved (read, they would kill every value).
  std::vector<std::vector<char>> Need(N);
  std::vector<uint64_t> Held(N, 0);
  std::vector<std::pair<uint32_t, unsigned>> HeldWork;
  auto Hold = [&](uint32_t T, unsigned P) {
    if (P < 64 && !(Held[T] >> P & 1)) {
      Held[T] |= uint64_t(1) << P;
      HeldWork.push_back({T, P});
    }
  };
  auto Mark = [&](size_t F, uint32_t B) {
    const size_t Size = G.function(F).FieldBefore.size();
    if (!B || B > Size)
      return;
    Need[F].resize(Size, 0);
    Need[F][B - 1] = 1;
  };
  for (size_t F = 0; F < N; ++F) {
    const FunctionFacts &Fn = G.function(F);
    bool Values = false;
    for (const CallSite &CS : Fn.Calls) {
      for (const ValueGuard &Gd : CS.Guards)
        if (!Gd.Field.empty())
          Mark(F, Gd.Before);
      forEachKnown(CS, [&](const FieldValue &V) {
        Mark(F, V.Before);
        Values = true;
      });
      if (SlotOrigin)
        for (const SlotRead &R : CS.SlotReads)
          Mark(F, R.Before);
    }
    if (!Values)
      continue;
    for (const Edge &E : G.callees(F))
      if (E.Site && (E.Kind == EdgeKind::Direct || E.Kind == EdgeKind::Slot))
        forEachKnown(*E.Site,
                     [&](const FieldValue &V) { Hold(E.Callee, V.Arg); });
  }
  while (!HeldWork.empty()) {
    const auto [T, P] = HeldWork.back();
    HeldWork.pop_back();
    for (const CallSite &CS : G.function(T).Calls)
      for (const auto &[Q, B] : CS.ParamBefore)
        if (Q == P)
          Mark(T, B);
    for (const Edge &E : G.callees(T))
      if (E.Site && (E.Kind == EdgeKind::Direct || E.Kind == EdgeKind::Slot))
        for (size_t J = 0; J < E.Site->ArgParams.size(); ++J)
          if (E.Site->argParam(J) == int(P))
            Hold(E.Callee, unsigned(J));
  }
  CalleeMap Callees{G, 0, {}, {}};
  for (size_t F = 0; F < N; ++F) {
    const FunctionFacts &Fn = G.function(F);
    if (Fn.ParamEffects.empty() && Need[F].empty())
      continue;
    Callees.reset(F);
    for (size_t I = 0; I < Need[F].size(); ++I) {
      if (Need[F][I]) {
        BeforeRes[F].push_back(resolve(F, Fn.FieldBefore[I], Callees));
      } else {
        BeforeRes[F].emplace_back();
        BeforeRes[F].back().Escapes = true; // never read
      }
    }
    if (Fn.ParamEffects.empty())
      continue;
    for (const FieldEffects &E : Fn.ParamEffects) {
      Params[F].push_back({E.Param, Sum()});
      ParamRes[F].push_back(resolve(F, E, Callees));
      for (const RPass &P : ParamRes[F].back().Passes)
        for (uint32_t I = P.First; I < P.First + P.Count; ++I)
          Dependents[Pool[I]].push_back(uint32_t(F));
    }
    Work.push_back(uint32_t(F));
  }
  for (auto &D : Dependents) {
    std::sort(D.begin(), D.end());
    D.erase(std::unique(D.begin(), D.end()), D.end());
  }
  // To a fixpoint: summaries only grow.
  std::vector<char> Queued(N, 0);
  for (uint32_t F : Work)
    Queued[F] = 1;
  while (!Work.empty()) {
    const uint32_t F = Work.back();
    Work.pop_back();
    Queued[F] = 0;
    bool Changed = false;
    for (size_t I = 0; I < ParamRes[F].size(); ++I) {
      Sum S;
      apply(ParamRes[F][I], S);
      Sum &Old = Params[F][I].second;
      // Join with the old (monotone even when a callee's grew first).
      Sum J = Old;
      J.Escapes |= S.Escapes;
      J.Returns |= S.Returns;
      if (S.All)
        add(J, 0);
      for (uint32_t P : S.Paths)
        add(J, P);
      if (J.Escapes) {
        J.All = J.Returns = false;
        J.Paths.clear();
      }
      if (!(J == Old)) {
        Old = std::move(J);
        Changed = true;
      }
    }
    if (Changed)
      for (uint32_t C : Dependents[F])
        if (!Queued[C]) {
          Queued[C] = 1;
          Work.push_back(C);
        }
  }
  for (size_t F = 0; F < N; ++F)
    for (const auto &[P, S] : Params[F])
      Summaries += S.Escapes || S.All || !S.Paths.empty();
  // What each function's points see, now that every summary is final.
  for (size_t F = 0; F < N; ++F)
    for (const Resolved &E : BeforeRes[F]) {
      Sum S;
      apply(E, S);
      Before[F].push_back(std::move(S));
    }
  ParamRes.clear();
  BeforeRes.clear();
  Pool.clear();
}

bool FieldSummaries::kills(size_t F, uint32_t B, uint32_t Field) const {
  if (!B || F >= Before.size() || B > Before[F].size())
    return true;
  const Sum &S = Before[F][B - 1];
  if (S.Escapes || S.All)
    return true;
  for (uint32_t P : S.Paths)
    if (memberPathsOverlap(Names[P], Names[Field]))
      return true;
  return false;
}

bool FieldSummaries::escapes(size_t F, uint32_t B) const {
  if (!B || F >= Before.size() || B > Before[F].size())
    return true;
  return Before[F][B - 1].Escapes;
}

std::vector<uint64_t> FieldSummaries::hashes() const {
  std::vector<uint64_t> Out(Before.size(), 0);
  for (size_t F = 0; F < Before.size(); ++F) {
    if (Before[F].empty() && !InitHashes[F])
      continue;
    uint64_t H = InitHashes[F] ? InitHashes[F] : 1;
    for (const Sum &S : Before[F]) {
      H = mix(H, uint64_t(S.Escapes) | uint64_t(S.All) << 1 |
                     uint64_t(S.Returns) << 2);
      for (uint32_t P : S.Paths)
        H = mix(H, hashKey(Names[P]));
    }
    Out[F] = H | 1;
  }
  return Out;
}

} // namespace wqdep
