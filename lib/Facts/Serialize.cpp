//===- Serialize.cpp - A compact binary form of facts ---------------------===//
#include "Facts/Serialize.h"

#include <unordered_map>

namespace wqdep {
namespace {

/// Writes varints and interned strings; finish() prepends the string table.
class Encoder {
public:
  void u(uint64_t V) {
    while (V >= 0x80) {
      Body.push_back(char(V | 0x80));
      V >>= 7;
    }
    Body.push_back(char(V));
  }
  /// A signed value, zigzag-encoded.
  void i(int64_t V) { u((uint64_t(V) << 1) ^ uint64_t(V >> 63)); }
  void s(const std::string &S) {
    auto [It, New] = Index.try_emplace(S, Strings.size());
    if (New)
      Strings.push_back(&It->first);
    u(It->second);
  }
  void loc(const Location &L) {
    s(L.File);
    u(L.Line);
    u(L.Column);
  }
  void op(const Operand &O) {
    u(O.Kind);
    s(O.Key);
    u(O.Index);
    s(O.Suffix);
  }
  void fn(const FuncRef &F) {
    s(F.Key);
    u(F.IsSlot);
  }
  /// One byte for the common Unknown.
  void ref(const ObjectRef &R) {
    u(R.Kind);
    if (R.Kind == ObjectRef::Param)
      u(R.Index);
    else if (R.Kind != ObjectRef::Unknown)
      s(R.Var);
    if (R.Kind != ObjectRef::Unknown)
      s(R.Path);
  }
  std::string finish() {
    std::string Out;
    std::swap(Out, Body);
    u(Strings.size());
    for (const std::string *S : Strings) {
      u(S->size());
      Body += *S;
    }
    Body += Out;
    return std::move(Body);
  }

private:
  std::string Body;
  std::unordered_map<std::string, uint64_t> Index;
  std::vector<const std::string *> Strings;
};

/// Reads what Encoder wrote; any inconsistency sets Ok to false and yields
/// zeros and empty strings from then on.
class Decoder {
public:
  explicit Decoder(std::string_view Blob)
      : P(Blob.data()), End(Blob.data() + Blob.size()) {
    uint64_t N = u();
    if (N > Blob.size()) {
      Ok = false;
      return;
    }
    Strings.reserve(N);
    for (uint64_t I = 0; I < N && Ok; ++I) {
      uint64_t Len = u();
      if (Len > uint64_t(End - P)) {
        Ok = false;
        break;
      }
      Strings.emplace_back(P, Len);
      P += Len;
    }
  }
  int64_t i() {
    uint64_t V = u();
    return int64_t(V >> 1) ^ -int64_t(V & 1);
  }
  uint64_t u() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (P == End) {
        Ok = false;
        return 0;
      }
      uint8_t B = uint8_t(*P++);
      V |= uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return V;
    }
    Ok = false;
    return 0;
  }
  /// A count of records, bounded by what the remaining bytes can hold.
  uint64_t count() {
    uint64_t N = u();
    if (N > uint64_t(End - P)) {
      Ok = false;
      return 0;
    }
    return N;
  }
  std::string s() {
    uint64_t I = u();
    if (I >= Strings.size()) {
      Ok = false;
      return {};
    }
    return Strings[I];
  }
  Location loc() {
    Location L;
    L.File = s();
    L.Line = unsigned(u());
    L.Column = unsigned(u());
    return L;
  }
  Operand op() {
    Operand O;
    uint64_t K = u();
    if (K > Operand::Param)
      Ok = false;
    O.Kind = Operand::KindTy(K);
    O.Key = s();
    O.Index = unsigned(u());
    O.Suffix = s();
    return O;
  }
  FuncRef fn() {
    FuncRef F;
    F.Key = s();
    F.IsSlot = u() != 0;
    return F;
  }
  ObjectRef ref() {
    ObjectRef R;
    uint64_t K = u();
    if (K > ObjectRef::Global) {
      Ok = false;
      return R;
    }
    R.Kind = ObjectRef::KindTy(K);
    if (R.Kind == ObjectRef::Param)
      R.Index = unsigned(u());
    else if (R.Kind != ObjectRef::Unknown)
      R.Var = s();
    if (R.Kind != ObjectRef::Unknown)
      R.Path = s();
    return R;
  }
  bool done() const { return Ok && P == End; }
  bool Ok = true;

private:
  const char *P, *End;
  std::vector<std::string> Strings;
};

} // namespace

std::string encodeFunction(const FunctionFacts &F) {
  Encoder E;
  E.u(FactsFormatVersion);
  E.s(F.Key);
  E.s(F.Name);
  E.loc(F.Loc);
  E.u(F.NumParams);
  E.u(F.NoReturn);
  E.s(F.Section);
  E.u(F.UnresolvedCalls);
  E.u(F.Receivers.size());
  for (const ObjectRef &R : F.Receivers)
    E.ref(R);
  E.u(F.Calls.size());
  for (const CallSite &C : F.Calls) {
    E.u(C.Kind);
    E.u(uint64_t(C.CalleeNoReturn) | uint64_t(C.Always) << 1 |
        uint64_t(C.AfterTerminal) << 2 | uint64_t(C.Atomic) << 3);
    E.u(C.Receiver);
    E.u(C.TaskFlags);
    E.u(C.GuardClear);
    E.s(C.Callee);
    E.op(C.WorkItem);
    E.loc(C.Loc);
    E.u(C.ParamIndex);
    E.u(C.Args.size());
    for (const Operand &A : C.Args)
      E.op(A);
    E.u(C.FnArgs.size());
    for (const FnArg &A : C.FnArgs) {
      E.u(A.Arg);
      E.fn(A.Ref);
      E.u(uint64_t(A.FromParam + 1));
    }
    E.u(C.ArgParams.size());
    for (uint8_t P : C.ArgParams)
      E.u(P);
    E.u(C.Guards.size());
    for (const ValueGuard &G : C.Guards) {
      E.u(G.Param);
      E.u(G.Op);
      E.i(G.Value);
      E.s(G.Field);
      E.u(G.Before);
    }
    E.u(C.ArgValues.size());
    for (const ArgValue &A : C.ArgValues) {
      E.u(A.Kind);
      E.i(A.Value);
      E.s(A.Table);
    }
    E.u(C.ArgOrigins.size());
    for (const auto &[Arg, Key] : C.ArgOrigins) {
      E.u(Arg);
      E.s(Key);
    }
    E.u(C.ArgFields.size());
    for (const FieldValue &V : C.ArgFields) {
      E.u(V.Arg);
      E.s(V.Field);
      E.i(V.Value);
      E.u(V.Before);
      E.s(V.Fn);
      E.s(V.Table);
      E.i(V.FromParam);
    }
    E.u(C.ParamBefore.size());
    for (const auto &[P, B] : C.ParamBefore) {
      E.u(P);
      E.u(B);
    }
    E.u(C.SlotReads.size());
    for (const SlotRead &R : C.SlotReads) {
      E.u(R.Param);
      E.s(R.Field);
      E.u(R.Before);
      E.u(R.Deref);
    }
    E.u(C.ArgInits.size());
    for (const ArgInit &A : C.ArgInits) {
      E.u(A.Arg);
      E.u(A.Call);
      E.u(A.CalleeArg);
      E.u(A.Before);
      E.u(A.Stored.size());
      for (const std::string &M : A.Stored)
        E.s(M);
    }
  }
  E.u(F.Effects.size());
  for (const Effect &X : F.Effects) {
    E.u(unsigned(X.Kind));
    E.s(X.Api);
    E.op(X.WorkItem);
    E.op(X.Workqueue);
    E.op(X.Completion);
    E.u(X.TaskFlags);
    E.u(X.GuardClear);
    E.u(uint64_t(X.AfterTerminal) | uint64_t(X.Atomic) << 1);
    E.loc(X.Loc);
    E.u(X.Inner.size());
    for (const WrapperStep &W : X.Inner) {
      E.s(W.Function);
      E.loc(W.Loc);
    }
    E.fn(X.Fn);
    E.u(X.Runs.size());
    for (const FuncRef &R : X.Runs)
      E.fn(R);
  }
  E.u(F.FlagSetters.size());
  for (const TaskFlagSetter &T : F.FlagSetters) {
    E.u(T.Flags);
    E.s(T.Api);
    E.loc(T.Loc);
  }
  for (const std::vector<FieldEffects> *L : {&F.ParamEffects, &F.FieldBefore}) {
    E.u(L->size());
    for (const FieldEffects &X : *L) {
      E.u(X.Param);
      E.u(uint64_t(X.Escapes) | uint64_t(X.WritesAll) << 1 |
          uint64_t(X.Returns) << 2);
      E.u(X.Writes.size());
      for (const std::string &W : X.Writes)
        E.s(W);
      E.u(X.Passes.size());
      for (const FieldPass &P : X.Passes) {
        E.u(P.Call);
        E.u(P.Arg);
        E.s(P.Sub);
        E.u(P.ResultUsed);
      }
    }
  }
  E.u(F.MemberSets.size());
  for (const MemberSet &M : F.MemberSets) {
    E.u(M.Param);
    E.s(M.Field);
    E.u(M.Kind);
    E.i(M.Value);
  }
  E.u(F.Witnesses.size());
  for (const ObjectWitness &W : F.Witnesses) {
    E.u(W.Param);
    E.s(W.Path);
    E.s(W.Type);
    E.loc(W.Loc);
  }
  return E.finish();
}

std::optional<FunctionFacts> decodeFunction(std::string_view Blob) {
  Decoder D(Blob);
  FunctionFacts F;
  if (D.u() != FactsFormatVersion)
    return std::nullopt;
  F.Key = D.s();
  F.Name = D.s();
  F.Loc = D.loc();
  F.NumParams = unsigned(D.u());
  F.NoReturn = D.u() != 0;
  F.Section = D.s();
  F.UnresolvedCalls = unsigned(D.u());
  F.Receivers.resize(D.count());
  for (ObjectRef &R : F.Receivers)
    R = D.ref();
  uint64_t NC = D.count();
  F.Calls.resize(NC);
  for (CallSite &C : F.Calls) {
    uint64_t K = D.u();
    if (K > CallSite::Param)
      return std::nullopt;
    C.Kind = CallSite::KindTy(K);
    uint64_t Bits = D.u();
    C.CalleeNoReturn = Bits & 1;
    C.Always = Bits & 2;
    C.AfterTerminal = Bits & 4;
    C.Atomic = Bits & 8;
    uint64_t Receiver = D.u();
    if (Receiver > F.Receivers.size())
      return std::nullopt;
    C.Receiver = uint32_t(Receiver);
    C.TaskFlags = uint8_t(D.u());
    C.GuardClear = uint8_t(D.u());
    C.Callee = D.s();
    C.WorkItem = D.op();
    C.Loc = D.loc();
    C.ParamIndex = unsigned(D.u());
    C.Args.resize(D.count());
    for (Operand &A : C.Args)
      A = D.op();
    C.FnArgs.resize(D.count());
    for (FnArg &A : C.FnArgs) {
      A.Arg = unsigned(D.u());
      A.Ref = D.fn();
      A.FromParam = int(D.u()) - 1;
    }
    C.ArgParams.resize(D.count());
    for (uint8_t &P : C.ArgParams)
      P = uint8_t(D.u());
    C.Guards.resize(D.count());
    for (ValueGuard &G : C.Guards) {
      G.Param = uint8_t(D.u());
      uint64_t Op = D.u();
      if (Op > ValueGuard::EqAny)
        return std::nullopt;
      G.Op = ValueGuard::OpTy(Op);
      G.Value = D.i();
      G.Field = D.s();
      G.Before = uint32_t(D.u());
    }
    C.ArgValues.resize(D.count());
    for (ArgValue &A : C.ArgValues) {
      uint64_t K = D.u();
      if (K > ArgValue::NotParam)
        return std::nullopt;
      A.Kind = ArgValue::KindTy(K);
      A.Value = D.i();
      A.Table = D.s();
    }
    C.ArgOrigins.resize(D.count());
    for (auto &[Arg, Key] : C.ArgOrigins) {
      Arg = uint8_t(D.u());
      Key = D.s();
    }
    C.ArgFields.resize(D.count());
    for (FieldValue &V : C.ArgFields) {
      V.Arg = uint8_t(D.u());
      V.Field = D.s();
      V.Value = D.i();
      V.Before = uint32_t(D.u());
      V.Fn = D.s();
      V.Table = D.s();
      V.FromParam = int16_t(D.i());
    }
    C.ParamBefore.resize(D.count());
    for (auto &[P, B] : C.ParamBefore) {
      P = uint8_t(D.u());
      B = uint32_t(D.u());
    }
    C.SlotReads.resize(D.count());
    for (SlotRead &R : C.SlotReads) {
      R.Param = uint8_t(D.u());
      R.Field = D.s();
      R.Before = uint32_t(D.u());
      R.Deref = D.u() != 0;
    }
    C.ArgInits.resize(D.count());
    for (ArgInit &A : C.ArgInits) {
      A.Arg = uint8_t(D.u());
      A.Call = uint32_t(D.u());
      A.CalleeArg = uint8_t(D.u());
      A.Before = uint32_t(D.u());
      A.Stored.resize(D.count());
      for (std::string &M : A.Stored)
        M = D.s();
    }
    if (!D.Ok)
      return std::nullopt;
  }
  F.Effects.resize(D.count());
  for (Effect &X : F.Effects) {
    uint64_t K = D.u();
    if (K > unsigned(EffectKind::Complete))
      return std::nullopt;
    X.Kind = EffectKind(K);
    X.Api = D.s();
    X.WorkItem = D.op();
    X.Workqueue = D.op();
    X.Completion = D.op();
    X.TaskFlags = uint8_t(D.u());
    X.GuardClear = uint8_t(D.u());
    {
      const uint64_t Bits = D.u();
      X.AfterTerminal = Bits & 1;
      X.Atomic = Bits & 2;
    }
    X.Loc = D.loc();
    X.Inner.resize(D.count());
    for (WrapperStep &W : X.Inner) {
      W.Function = D.s();
      W.Loc = D.loc();
    }
    X.Fn = D.fn();
    X.Runs.resize(D.count());
    for (FuncRef &R : X.Runs)
      R = D.fn();
    if (!D.Ok)
      return std::nullopt;
  }
  F.FlagSetters.resize(D.count());
  for (TaskFlagSetter &T : F.FlagSetters) {
    T.Flags = uint8_t(D.u());
    T.Api = D.s();
    T.Loc = D.loc();
  }
  for (std::vector<FieldEffects> *L : {&F.ParamEffects, &F.FieldBefore}) {
    L->resize(D.count());
    for (FieldEffects &X : *L) {
      X.Param = uint8_t(D.u());
      uint64_t Bits = D.u();
      X.Escapes = Bits & 1;
      X.WritesAll = Bits >> 1 & 1;
      X.Returns = Bits >> 2 & 1;
      X.Writes.resize(D.count());
      for (std::string &W : X.Writes)
        W = D.s();
      X.Passes.resize(D.count());
      for (FieldPass &P : X.Passes) {
        P.Call = uint32_t(D.u());
        P.Arg = uint8_t(D.u());
        P.Sub = D.s();
        P.ResultUsed = D.u() != 0;
        if (P.Call >= F.Calls.size())
          return std::nullopt;
      }
      if (!D.Ok)
        return std::nullopt;
    }
  }
  F.MemberSets.resize(D.count());
  for (MemberSet &M : F.MemberSets) {
    M.Param = uint8_t(D.u());
    M.Field = D.s();
    const uint64_t K = D.u();
    if (K > MemberSet::FromParamBool)
      return std::nullopt;
    M.Kind = MemberSet::KindTy(K);
    M.Value = D.i();
  }
  for (const CallSite &C : F.Calls)
    for (const ArgInit &A : C.ArgInits)
      if (A.Call >= F.Calls.size())
        return std::nullopt;
  F.Witnesses.resize(D.count());
  for (ObjectWitness &W : F.Witnesses) {
    W.Param = unsigned(D.u());
    W.Path = D.s();
    W.Type = D.s();
    W.Loc = D.loc();
  }
  if (!D.Ok || !D.done())
    return std::nullopt;
  return F;
}

std::string encodeTUGlobals(const TUFacts &TU) {
  Encoder E;
  E.u(FactsFormatVersion);
  E.s(TU.MainFile);
  E.u(TU.Allocs.size());
  for (const WorkqueueAlloc &A : TU.Allocs) {
    E.s(A.Storage);
    E.s(A.Name);
    E.u(A.Flags.has_value());
    E.u(A.Flags.value_or(0));
    E.u(A.FlagNames.size());
    for (const std::string &N : A.FlagNames)
      E.s(N);
    E.u(A.MemReclaim | (A.Legacy << 1) | (A.BH << 2) | (A.Builtin << 3));
    E.s(A.Function);
    E.loc(A.Loc);
  }
  E.u(TU.Bindings.size());
  for (const WorkBinding &B : TU.Bindings) {
    E.s(B.WorkItem);
    E.s(B.Function);
    E.loc(B.Loc);
  }
  E.u(TU.Stores.size());
  for (const SlotStore &S : TU.Stores) {
    E.s(S.Slot);
    E.s(S.Function);
    E.loc(S.Loc);
    E.s(S.InFunction);
    E.ref(S.Object);
    E.s(S.ObjectKey);
  }
  E.u(TU.ConstTables.size());
  for (const auto &[Key, Record] : TU.ConstTables) {
    E.s(Key);
    E.s(Record);
  }
  return E.finish();
}

bool decodeTUGlobals(std::string_view Blob, TUFacts &TU) {
  Decoder D(Blob);
  if (D.u() != FactsFormatVersion)
    return false;
  TU.MainFile = D.s();
  TU.Allocs.resize(D.count());
  for (WorkqueueAlloc &A : TU.Allocs) {
    A.Storage = D.s();
    A.Name = D.s();
    bool HasFlags = D.u() != 0;
    uint64_t Flags = D.u();
    if (HasFlags)
      A.Flags = Flags;
    A.FlagNames.resize(D.count());
    for (std::string &N : A.FlagNames)
      N = D.s();
    uint64_t Bits = D.u();
    A.MemReclaim = Bits & 1;
    A.Legacy = Bits & 2;
    A.BH = Bits & 4;
    A.Builtin = Bits & 8;
    A.Function = D.s();
    A.Loc = D.loc();
    if (!D.Ok)
      return false;
  }
  TU.Bindings.resize(D.count());
  for (WorkBinding &B : TU.Bindings) {
    B.WorkItem = D.s();
    B.Function = D.s();
    B.Loc = D.loc();
  }
  TU.Stores.resize(D.count());
  for (SlotStore &S : TU.Stores) {
    S.Slot = D.s();
    S.Function = D.s();
    S.Loc = D.loc();
    S.InFunction = D.s();
    S.Object = D.ref();
    S.ObjectKey = D.s();
  }
  TU.ConstTables.resize(D.count());
  for (auto &[Key, Record] : TU.ConstTables) {
    Key = D.s();
    Record = D.s();
  }
  return D.done();
}

} // namespace wqdep
