//===- Witnesses.cpp - Object-class witnesses along a route ---------------===//
#include "Graph/Witnesses.h"
#include "Support/Hash.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <queue>
#include <tuple>

namespace wqdep {

uint32_t WitnessSummaries::name(const std::string &S) {
  auto [It, New] = NameIds.try_emplace(S, uint32_t(Names.size()));
  if (New)
    Names.push_back(S);
  return It->second;
}

uint32_t WitnessSummaries::witness(const std::string &Path,
                                   const std::string &Type) {
  uint32_t P = name(Path);
  auto [It, New] = WIds.try_emplace({P, Type}, uint32_t(Ws.size()));
  if (New) {
    Witness W;
    W.Path = P;
    for (size_t B = 0; B <= Type.size();) {
      size_t E = Type.find('|', B);
      if (E == std::string::npos)
        E = Type.size();
      W.Types.push_back(name(Type.substr(B, E - B)));
      B = E + 1;
    }
    Ws.push_back(std::move(W));
  }
  return It->second;
}

uint32_t WitnessSummaries::intern(std::vector<uint32_t> Set) {
  std::sort(Set.begin(), Set.end());
  Set.erase(std::unique(Set.begin(), Set.end()), Set.end());
  if (Set.empty())
    return 0;
  auto [It, New] = SetIds.try_emplace(Set, uint32_t(Sets.size()));
  if (New)
    Sets.push_back(It->first);
  return It->second;
}

bool WitnessSummaries::disagree(uint32_t A, uint32_t B) const {
  const Witness &X = Ws[A], &Y = Ws[B];
  if (X.Path != Y.Path)
    return false;
  // The same type, or one begins with the other (first-member
  // inheritance): one object can be both.
  auto In = [](uint32_t T, const std::vector<uint32_t> &L) {
    return std::find(L.begin(), L.end(), T) != L.end();
  };
  // A container_of() witness ("in struct ext4_inode_info::vfs_inode")
  // and a cast of the object itself speak of different things (the object
  // may well be that member's type): no disagreement between the kinds.
  auto Container = [&](const Witness &W) {
    return Names[W.Types.front()].rfind("in ", 0) == 0;
  };
  if (Container(X) != Container(Y))
    return false;
  // Structs that begin with a member of one type ("=unsigned int", the
  // last of the list) may be headers of one buffer: no witness.
  if (X.Types.size() > 1 && Y.Types.size() > 1 &&
      Names[X.Types.back()][0] == '=' && X.Types.back() == Y.Types.back())
    return false;
  return !In(X.Types.front(), Y.Types) && !In(Y.Types.front(), X.Types);
}

bool WitnessSummaries::contradict(uint32_t A, uint32_t B) const {
  if (!A || !B)
    return false;
  for (uint32_t X : Sets[A])
    for (uint32_t Y : Sets[B])
      if (disagree(X, Y))
        return true;
  return false;
}

uint32_t WitnessSummaries::clean(uint32_t Set) {
  const std::vector<uint32_t> &V = Sets[Set];
  std::vector<uint32_t> Keep;
  for (uint32_t X : V) {
    bool Bad = false;
    for (uint32_t Y : V)
      Bad = Bad || disagree(X, Y);
    if (!Bad)
      Keep.push_back(X);
  }
  return Keep.size() == V.size() ? Set : intern(std::move(Keep));
}

void Followed::add(uint32_t Set) {
  if (!Set)
    return;
  for (uint32_t &X : Sets) {
    if (X == Set)
      return;
    if (!X) {
      X = Set;
      return;
    }
  }
}

std::vector<uint64_t> WitnessSummaries::hashes() const {
  std::vector<uint64_t> Out(Sum.size(), 0);
  for (size_t F = 0; F < Sum.size(); ++F)
    for (const auto &[P, Set] : Sum[F]) {
      // A set's witnesses summed: their numbering is this process's.
      uint64_t Of = 0;
      for (uint32_t W : Sets[Set]) {
        uint64_t X = hashKey(Names[Ws[W].Path]);
        for (uint32_t T : Ws[W].Types)
          X = mix(X, hashKey(Names[T]));
        Of += X;
      }
      Out[F] = mix(mix(Out[F] ? Out[F] : 1, P), Of) | 1;
    }
  return Out;
}

uint32_t WitnessSummaries::of(size_t F, unsigned Param) const {
  if (F >= Sum.size())
    return 0;
  for (const auto &[P, Set] : Sum[F])
    if (P == Param)
      return Set;
  return 0;
}

WitnessSummaries::WitnessSummaries(const CallGraph &G) {
  Sets.emplace_back();
  Sum.resize(G.size());
  // Raw sets (unions, cleaned at the end), per (function, parameter).
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> Raw(G.size());
  auto Add = [&](size_t F, uint32_t P, uint32_t Set) {
    for (auto &[Q, S] : Raw[F])
      if (Q == P) {
        if (S == Set)
          return false;
        std::vector<uint32_t> U = Sets[S];
        U.insert(U.end(), Sets[Set].begin(), Sets[Set].end());
        uint32_t N = intern(std::move(U));
        if (N == S)
          return false;
        S = N;
        return true;
      }
    Raw[F].push_back({P, Set});
    return true;
  };
  std::deque<uint32_t> Work;
  std::vector<char> Queued(G.size(), 0);
  for (size_t F = 0; F < G.size(); ++F) {
    const FunctionFacts &Fn = G.function(F);
    if (Fn.Witnesses.empty())
      continue;
    ++Own;
    std::map<uint32_t, std::vector<uint32_t>> ByParam;
    for (const ObjectWitness &W : Fn.Witnesses)
      ByParam[W.Param].push_back(witness(W.Path, W.Type));
    for (auto &[P, V] : ByParam)
      Add(F, P, intern(std::move(V)));
    Work.push_back(uint32_t(F));
    Queued[F] = 1;
  }
  // Up the direct calls made on every run that pass the parameter on.
  while (!Work.empty()) {
    uint32_t F = Work.front();
    Work.pop_front();
    Queued[F] = 0;
    for (const auto &[Caller, CS] : G.callers(F)) {
      if (CS->Kind != CallSite::Direct || !CS->Always ||
          CS->ArgParams.empty())
        continue;
      bool Changed = false;
      for (size_t J = 0; J < CS->ArgParams.size(); ++J) {
        int P = CS->argParam(J);
        if (P < 0)
          continue;
        for (const auto &[Q, Set] : Raw[F])
          if (Q == J)
            Changed |= Add(Caller, uint32_t(P), Set);
      }
      if (Changed && !Queued[Caller]) {
        Queued[Caller] = 1;
        Work.push_back(Caller);
      }
    }
  }
  for (size_t F = 0; F < G.size(); ++F) {
    for (const auto &[P, Set] : Raw[F])
      if (uint32_t C = clean(Set))
        Sum[F].push_back({P, C});
    std::sort(Sum[F].begin(), Sum[F].end());
    Summarised += !Sum[F].empty();
  }
  // The struct members calls hand by address: a witness of the object
  // from where it is made (`&iod->req`), not from how it is read.
  for (size_t F = 0; F < G.size(); ++F)
    for (const CallSite &CS : G.function(F).Calls) {
      if (CS.ArgOrigins.empty())
        continue;
      auto &V = Origins[&CS];
      for (const auto &[Arg, Key] : CS.ArgOrigins)
        V.push_back({Arg, intern({witness("", Key)})});
    }
}

const std::vector<std::pair<uint8_t, uint32_t>> *
WitnessSummaries::origins(const CallSite &CS) const {
  if (CS.ArgOrigins.empty())
    return nullptr;
  auto It = Origins.find(&CS);
  return It == Origins.end() ? nullptr : &It->second;
}

const std::pair<uint32_t, int64_t> *Followed::value(unsigned P,
                                                   uint32_t Member) const {
  for (const auto &V : Vals) {
    if (!V.first)
      break;
    if (V.first >> 2 == (Member << 8 | P))
      return &V;
  }
  return nullptr;
}

bool Followed::holdsMember(unsigned P) const {
  for (const auto &V : Vals) {
    if (!V.first)
      break;
    if (V.first >> 10 && (V.first >> 2 & 255) == P)
      return true;
  }
  return false;
}

const std::pair<uint32_t, int64_t> *
WitnessCheck::memberValue(size_t Caller, const Followed &In, unsigned Param,
                          const std::string &Field, uint32_t Before) const {
  // Known when the route handed it, and nothing before the point may have
  // changed it.
  if (!Fields || !In.holdsMember(Param))
    return nullptr;
  const uint32_t Id = Fields->id(Field);
  const auto *V = Id ? In.value(Param, Id) : nullptr;
  return V && !Fields->kills(Caller, Before, Id) ? V : nullptr;
}

bool WitnessCheck::guardsHold(size_t Caller, const Followed &In,
                              const CallSite &CS) const {
  for (const ValueGuard &G : CS.Guards) {
    const std::pair<uint32_t, int64_t> *V = nullptr;
    if (G.Field.empty()) {
      V = In.value(G.Param);
    } else {
      V = memberValue(Caller, In, G.Param, G.Field, G.Before);
    }
    if (!V)
      continue;
    if ((V->first & 3) != Followed::ValConst) { // nonzero, a function
      if (G.Op == ValueGuard::Zero)
        return false;
      continue;
    }
    const int64_t X = V->second;
    if (G.Op == ValueGuard::EqAny) {
      // One of the values of the call's EqAny guards on this parameter.
      if (!std::any_of(CS.Guards.begin(), CS.Guards.end(),
                       [&](const ValueGuard &O) {
                         return O.Op == ValueGuard::EqAny &&
                                O.Param == G.Param && O.Field == G.Field &&
                                O.Value == X;
                       }))
        return false;
      continue;
    }
    const bool Holds = G.Op == ValueGuard::Zero      ? X == 0
                       : G.Op == ValueGuard::NonZero ? X != 0
                       : G.Op == ValueGuard::Eq      ? X == G.Value
                                                     : X != G.Value;
    if (!Holds)
      return false;
  }
  return true;
}

std::vector<uint64_t> valueParams(const CallGraph &G, bool Fields,
                                  bool SlotOrigin) {
  std::vector<uint64_t> Bits(G.size(), 0);
  for (size_t F = 0; F < G.size(); ++F)
    for (const CallSite &CS : G.function(F).Calls) {
      for (const ValueGuard &Gd : CS.Guards)
        if (Gd.Param < 64 && (Fields || Gd.Field.empty()))
          Bits[F] |= uint64_t(1) << Gd.Param;
      if (Fields && SlotOrigin)
        for (const SlotRead &R : CS.SlotReads)
          if (R.Param < 64)
            Bits[F] |= uint64_t(1) << R.Param;
    }
  // Backwards along the calls that hand a parameter on, to a fixpoint.
  std::vector<uint32_t> Work;
  for (size_t F = 0; F < G.size(); ++F)
    if (Bits[F])
      Work.push_back(uint32_t(F));
  while (!Work.empty()) {
    const uint32_t Callee = Work.back();
    Work.pop_back();
    for (const auto &[Caller, Site] : G.callers(Callee)) {
      if (!Site)
        continue;
      const CallSite &CS = *Site;
      uint64_t Add = 0;
      for (size_t J = 0; J < 64; ++J) {
        if (!(Bits[Callee] >> J & 1))
          continue;
        int P = CS.argParam(J);
        if (P < 0 && J < CS.ArgValues.size() &&
            CS.ArgValues[J].Kind == ArgValue::NotParam)
          P = int(CS.ArgValues[J].Value);
        if (P >= 0 && P < 64)
          Add |= uint64_t(1) << P;
        // Ops tables: a member of the object handed set to a parameter.
        if (Fields && SlotOrigin)
          for (const FieldValue &V : CS.ArgFields)
            if (V.Arg == J && V.FromParam >= 0 && V.FromParam < 64)
              Add |= uint64_t(1) << V.FromParam;
      }
      if (Add & ~Bits[Caller]) {
        Bits[Caller] |= Add;
        Work.push_back(uint32_t(Caller));
      }
    }
  }
  return Bits;
}

void WitnessCheck::passValues(size_t Caller, const Followed &In,
                              const CallSite &CS, unsigned Params,
                              uint64_t Wanted, Followed &Out) const {
  size_t N = 0;
  const size_t Args = std::max(CS.ArgValues.size(), CS.ArgParams.size());
  for (size_t J = 0; J < Args && J < Params && J < 64 && N < Out.Vals.size();
       ++J) {
    if (!(Wanted >> J & 1))
      continue;
    const ArgValue A = J < CS.ArgValues.size() ? CS.ArgValues[J] : ArgValue();
    uint32_t Kind = 0;
    int64_t X = 0;
    if (A.Kind == ArgValue::Const) {
      Kind = Followed::ValConst;
      X = A.Value;
    } else if (A.Kind == ArgValue::NonZero) {
      Kind = Followed::ValNonZero;
      // Ops tables: nonzero, and which const table (1 + its number).
      if (!A.Table.empty() && Fields && Fields->slotOrigin())
        if (int32_t T = Fields->tableId(A.Table); T >= 0)
          X = int64_t(T) + 1;
    } else if (A.Kind == ArgValue::NotParam) {
      if (const auto *V = In.value(unsigned(A.Value))) {
        Kind = Followed::ValConst;
        X = (V->first & 3) != Followed::ValConst ? 0 : V->second == 0;
      }
    } else if (int P = CS.argParam(J); P >= 0) {
      if (const auto *V = In.value(unsigned(P))) {
        Kind = V->first & 3;
        X = V->second;
      }
    }
    if (Kind)
      Out.Vals[N++] = {Followed::key(unsigned(J), 0, Kind), X};
  }
  if (!Fields)
    return;
  // Field values: members of a local's object stored just before the
  // call, or left set by the call that set it up before (when the
  // function hands its address nowhere that may keep it).
  Fields->forEachKnown(CS, [&](const FieldValue &V) {
    if (N >= Out.Vals.size() || V.Arg >= Params || V.Arg >= 64 ||
        !(Wanted >> V.Arg & 1))
      return;
    const uint32_t Id = Fields->id(V.Field);
    if (!Id || !Fields->tested(Id) || Fields->escapes(Caller, V.Before))
      return;
    if (!V.Table.empty() || V.FromParam >= 0) {
      // Ops tables: a const table's address, or what the route handed a
      // parameter of the caller (a table's, or anything else known).
      if (!Fields->slotOrigin())
        return;
      if (!V.Table.empty()) {
        if (int32_t T = Fields->tableId(V.Table); T >= 0)
          Out.Vals[N++] = {Followed::key(V.Arg, Id, Followed::ValNonZero),
                           int64_t(T) + 1};
      } else if (const auto *P = In.value(unsigned(V.FromParam))) {
        Out.Vals[N++] = {Followed::key(V.Arg, Id, P->first & 3), P->second};
      }
    } else if (V.Fn.empty()) {
      Out.Vals[N++] = {Followed::key(V.Arg, Id, Followed::ValConst), V.Value};
    } else if (Fields->slotOrigin()) {
      // Slot origin: a function the program defines (one it does not
      // define is no callee a route can take, so it decides nothing).
      if (int64_t Fn = G.indexOf(V.Fn); Fn >= 0)
        Out.Vals[N++] = {Followed::key(V.Arg, Id, Followed::ValFn), Fn};
    }
  });
  // Members known of the caller's parameters' objects, passed on with
  // the pointer, unless the caller may have changed them before.
  for (const auto &[Key, X] : In.Vals) {
    if (!Key)
      break;
    const uint32_t Member = Key >> 10, P = Key >> 2 & 255;
    if (!Member)
      continue;
    uint32_t Before = 0;
    for (const auto &[Q, B] : CS.ParamBefore)
      if (Q == P)
        Before = B;
    if (!Before || Fields->kills(Caller, Before, Member))
      continue;
    for (size_t J = 0; J < CS.ArgParams.size() && J < Params && J < 64; ++J)
      if (CS.argParam(J) == int(P) && (Wanted >> J & 1) &&
          N < Out.Vals.size())
        Out.Vals[N++] = {Followed::key(unsigned(J), Member, Key & 3), X};
  }
}

Followed WitnessCheck::start(size_t Seed) const {
  Followed F;
  if (Rules)
    F.Armed = Rules->arms(Seed);
  return F;
}

Followed WitnessCheck::step(size_t Caller, const Followed &In, const Edge &E,
                            bool &Possible) {
  if (Rules && Rules->forbids(In.Armed, Caller, E)) {
    Possible = false;
    return Followed();
  }
  Followed Out = stepFacts(Caller, In, E, Possible);
  if (Rules)
    Out.Armed = In.Armed | Rules->arms(E.Callee);
  return Out;
}

Followed WitnessCheck::stepFacts(size_t Caller, const Followed &In,
                                 const Edge &E, bool &Possible) {
  Possible = true;
  Followed Out;
  // A call made under conditions the values handed down fail is not made,
  // whatever it reaches.
  if (Values && E.Site && In.anyValue() &&
      !guardsHold(Caller, In, *E.Site)) {
    Possible = false;
    return Out;
  }
  // Only a call's own arguments reach the callee's parameters: not a
  // callback's, a work function's or a notifier block's.
  if (!E.Site || (E.Kind != EdgeKind::Direct && E.Kind != EdgeKind::Slot))
    return Out;
  const CallSite &CS = *E.Site;
  // Slot origin: a call through a member of a parameter's object that
  // the route handed with a function in it, nothing before the call
  // having changed it, calls that function and no other.
  if (Fields && E.Kind == EdgeKind::Slot && !CS.SlotReads.empty() &&
      Fields->slotOrigin() && In.anyValue()) {
    const SlotRead &R = CS.SlotReads.front();
    const auto *V = memberValue(Caller, In, R.Param, R.Field, R.Before);
    if (!R.Deref && V && (V->first & 3) == Followed::ValFn &&
        uint64_t(V->second) != E.Callee) {
      Possible = false;
      return Out;
    }
    // Ops tables: the function is the slot's member of a const table the
    // route handed: in a pointer member (Deref), or as the parameter
    // itself (`ops->cb(...)`, ops a parameter not assigned before).
    const std::pair<uint32_t, int64_t> *T =
        R.Deref ? V
                : (R.Field.find('.') == std::string::npos ? In.value(R.Param)
                                                          : nullptr);
    if (T && (T->first & 3) == Followed::ValNonZero && T->second > 0 &&
        uint64_t(T->second) <= Fields->tableCount() &&
        !Fields->tableAllows(uint32_t(T->second - 1), CS.Callee, E.Callee)) {
      Possible = false;
      return Out;
    }
  }
  if (Values)
    passValues(Caller, In, CS, G.function(E.Callee).NumParams,
               (*Values)[E.Callee], Out);
  if (!S || (In.Param < 0 && !S->any(Caller) && !S->origins(CS)))
    return Out;
  Followed W = witnessStep(Caller, In, E, CS, Possible);
  W.Vals = Out.Vals;
  return W;
}

Followed WitnessCheck::witnessStep(size_t Caller, const Followed &In,
                                   const Edge &E, const CallSite &CS,
                                   bool &Possible) {
  Followed Out;
  // The object followed, if passed on; else the first parameter passed on
  // that the caller has witnesses on.
  for (int Pass = 0; Pass < 2 && Out.Param < 0; ++Pass)
    for (size_t J = 0; J < CS.ArgParams.size(); ++J) {
      int P = CS.argParam(J);
      if (P < 0)
        continue;
      uint32_t Own = S->of(Caller, unsigned(P));
      if (Pass == 0 && P == In.Param) {
        Out.Sets = In.Sets;
        Out.Param = int(J);
        Out.add(Own);
        break;
      }
      if (Pass == 1 && Own) {
        Out.Param = int(J);
        Out.add(Own);
        break;
      }
    }
  // Else a struct member handed by address (`&iod->req`): the object
  // starts being followed here, with where it was made as its witness.
  if (Out.Param < 0)
    if (const auto *O = S->origins(CS))
      for (const auto &[Arg, Set] : *O)
        if (Arg < G.function(E.Callee).NumParams) {
          Out.Param = int(Arg);
          Out.add(Set);
          break;
        }
  if (Out.Param < 0 || !Out.any())
    return Followed();
  if (E.isWide())
    if (uint32_t Callee = S->of(E.Callee, unsigned(Out.Param)))
      for (uint32_t Set : Out.Sets)
        if (S->contradict(Set, Callee))
          Possible = false;
  return Out;
}

bool WitnessCheck::possible(size_t Seed, const EdgePath &Path) {
  Followed F = start(Seed);
  size_t At = Seed;
  for (const Edge *E : Path) {
    bool Ok = true;
    F = step(At, F, *E, Ok);
    if (!Ok)
      return false;
    At = E->Callee;
  }
  return true;
}

void WitnessCheck::search(
    size_t Seed, const std::vector<uint32_t> &Targets,
    const std::function<uint64_t(size_t)> &Bound,
    const std::function<bool(const Edge &)> &Skip,
    const std::function<bool(const Edge &)> *FirstCall,
    const std::function<void(size_t, const EdgePath &)> &Visit,
    uint64_t MaxCost) {
  constexpr uint64_t WideUnit = uint64_t(1) << 32;
  // States: (function, followed), numbered as first met.
  struct State {
    uint32_t Fn;
    Followed F;
    uint64_t Cost;
    uint32_t From;
    const Edge *Via;
    bool Done;
  };
  std::vector<State> States;
  // Plain states by function (Plain), those following an object by key.
  std::map<std::tuple<uint32_t, int, std::array<uint32_t, 4>,
                      std::array<std::pair<uint32_t, int64_t>, 4>, uint64_t>,
           uint32_t>
      Ids;
  auto Key = [](uint32_t Fn, const Followed &F) {
    return std::make_tuple(Fn, F.Param, F.Sets, F.Vals, F.Armed);
  };
  std::unordered_map<uint32_t, char> Wanted;
  for (uint32_t T : Targets)
    Wanted[T] = 1;
  size_t Left = Wanted.size();
  constexpr uint64_t Inf = std::numeric_limits<uint64_t>::max();
  // The bound of each function, once.
  H.resize(G.size(), Inf - 1);
  Plain.resize(G.size(), UINT32_MAX);
  for (uint32_t Fn : Touched)
    H[Fn] = Inf - 1, Plain[Fn] = UINT32_MAX;
  Touched.clear();
  auto HOf = [&](uint32_t Fn) {
    if (H[Fn] == Inf - 1) {
      H[Fn] = Bound(Fn);
      Touched.push_back(Fn);
    }
    return H[Fn];
  };
  using Item = std::pair<uint64_t, uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Q;
  auto Reach = [&](uint32_t Fn, const Followed &F, uint64_t Cost,
                   uint32_t From, const Edge *Via) {
    const uint64_t Rest = HOf(Fn);
    if (Rest == Inf || Cost + Rest > MaxCost)
      return;
    uint32_t *Slot;
    if (F.plain())
      Slot = &Plain[Fn];
    else
      Slot = &Ids.try_emplace(Key(Fn, F), UINT32_MAX).first->second;
    if (*Slot == UINT32_MAX) {
      *Slot = uint32_t(States.size());
      States.push_back({Fn, F, Cost, From, Via, false});
    } else if (States[*Slot].Done || States[*Slot].Cost <= Cost) {
      return;
    } else {
      States[*Slot].Cost = Cost;
      States[*Slot].From = From;
      States[*Slot].Via = Via;
    }
    Q.push({Cost + Rest, *Slot});
  };
  Reach(uint32_t(Seed), start(Seed), 0, UINT32_MAX, nullptr);

  while (!Q.empty() && Left) {
    auto [Key, Id] = Q.top();
    Q.pop();
    const uint64_t Cost = States[Id].Cost;
    if (States[Id].Done || Cost + HOf(States[Id].Fn) != Key)
      continue;
    States[Id].Done = true;

    const uint32_t U = States[Id].Fn;
    const Followed F = States[Id].F;
    auto W = Wanted.find(U);
    if (W != Wanted.end() && W->second) {
      W->second = 0;
      --Left;
      EdgePath Path;
      for (uint32_t At = Id; States[At].Via; At = States[At].From)
        Path.push_back(States[At].Via);
      std::reverse(Path.begin(), Path.end());
      Visit(U, Path);
    }
    for (const Edge &E : G.callees(U)) {
      if (Skip && Skip(E))
        continue;
      if (FirstCall && U == Seed && !(*FirstCall)(E))
        continue;
      bool Ok = true;
      Followed Next = step(U, F, E, Ok);
      if (!Ok)
        continue;
      Reach(E.Callee, Next, Cost + (E.isWide() ? WideUnit + 1 : 1), Id, &E);
    }
  }
}

} // namespace wqdep
