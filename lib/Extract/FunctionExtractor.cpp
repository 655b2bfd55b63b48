//===- FunctionExtractor.cpp - Facts from one function definition ---------===//
//
// Two passes over the body: what simple local variables hold (collectLocals),
// then the calls, effects, allocations, slot stores and the objects calls
// and stores go through (extract). See ExtractorImpl.h.
//
//===----------------------------------------------------------------------===//
#include "Extract/ExtractorImpl.h"
#include "Facts/KernelModel.h"

namespace wqdep::extract {

void FunctionExtractor::recordLocal(const VarDecl *VD, const Value &V) {
  if (V.Kind == Value::None)
    return;
  auto [It, Inserted] = Locals.try_emplace(VD, V);
  if (!Inserted && !(It->second == V))
    It->second.Kind = Value::Conflict;
}

size_t FunctionExtractor::allocFor(const CallExpr *CE, const Primitive &P) {
  // alloc_hooks() expands its argument more than once: one allocation per
  // source location.
  Location At = TU.loc(CE->getBeginLoc());
  for (size_t I : FunctionAllocs)
    if (TU.Out.Allocs[I].Loc == At)
      return I;
  WorkqueueAlloc A;
  A.Function = F.Key;
  A.Loc = At;
  A.Name = "?";
  if (P.FmtArg >= 0 && (unsigned)P.FmtArg < CE->getNumArgs())
    if (const auto *SL =
            dyn_cast<StringLiteral>(CE->getArg(P.FmtArg)->IgnoreParenCasts()))
      A.Name = SL->getString().str();
  if (P.FlagsArg >= 0 && (unsigned)P.FlagsArg < CE->getNumArgs()) {
    Expr::EvalResult R;
    const Expr *FE = CE->getArg(P.FlagsArg);
    if (!FE->isValueDependent() && FE->EvaluateAsInt(R, TU.Ctx))
      TU.decodeFlags(A, R.Val.getInt().getZExtValue());
  }
  size_t Idx = TU.Out.Allocs.size();
  TU.Out.Allocs.push_back(std::move(A));
  FunctionAllocs.push_back(Idx);
  return Idx;
}

Value FunctionExtractor::eval(const Expr *E) {
  Value V;
  if (!E)
    return V;
  E = strip(E);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    Value L = eval(CO->getTrueExpr()), R = eval(CO->getFalseExpr());
    if (L == R)
      return L;
    if (L.Kind == Value::None || R.Kind == Value::None)
      return L.Kind == Value::None ? R : L;
    V.Kind = Value::Conflict;
    return V;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (const Primitive *P = lookupPrimitive(Callee->getName()))
        if (P->Kind == Primitive::Alloc) {
          V.Kind = Value::Alloc;
          V.AllocIdx = allocFor(CE, *P);
          return V;
        }
    return V;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr())))
        if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl())) {
          V.Kind = Value::Fn;
          V.Name = TU.functionKey(Fn);
          return V;
        }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      V.Kind = Value::Fn;
      V.Name = TU.functionKey(Fn);
      return V;
    }
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      if (isFunctionPointer(PVD->getType())) {
        V.Kind = Value::ParamFn;
        V.AllocIdx = PVD->getFunctionScopeIndex();
        return V;
      }
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (isTrackedLocal(VD)) {
        auto It = Locals.find(VD);
        if (It != Locals.end())
          return It->second;
      } else if (!isa<ParmVarDecl>(VD) && isFunctionPointer(VD->getType())) {
        V.Kind = Value::Slot;
        V.Name = TU.varKey(VD);
        return V;
      }
    }
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (isFunctionPointer(Field->getType())) {
        V.Kind = Value::Slot;
        V.Name = TU.slotKey(Field);
        return V;
      }
  Operand Op = operandOf(E);
  if (Op.Kind != Operand::Unknown) {
    V.Kind = Value::Obj;
    V.Op = std::move(Op);
  }
  return V;
}

Operand FunctionExtractor::rootOperand(const Expr *Root) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Root);
  if (!DRE)
    return Operand::unknown();
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return Operand::unknown();
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
    return Operand::param(PVD->getFunctionScopeIndex());
  if (isTrackedLocal(VD)) {
    auto It = Locals.find(VD);
    if (It != Locals.end())
      return It->second.Kind == Value::Obj ? It->second.Op : Operand::unknown();
    // An object on the stack (INIT_WORK_ONSTACK): named by its function.
    if (!VD->getType()->isPointerType())
      return Operand::object(TU.varKey(VD));
    return Operand::unknown();
  }
  return Operand::object(TU.varKey(VD));
}

Operand FunctionExtractor::operandOf(const Expr *E) {
  E = cancelAddrDeref(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      E = strip(UO->getSubExpr());
  // Collect the field path down to the root object.
  std::vector<std::string> Path;
  const RecordDecl *RootRecord = nullptr;
  while (true) {
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!Field)
        return Operand::unknown();
      if (!Field->getName().empty())
        Path.push_back(Field->getName().str());
      RootRecord = Field->getParent();
      // Anonymous members belong to the enclosing named record.
      while (RootRecord && RootRecord->getName().empty() &&
             !RootRecord->getTypedefNameForAnonDecl() &&
             isa<RecordDecl>(RootRecord->getDeclContext()))
        RootRecord = cast<RecordDecl>(RootRecord->getDeclContext());
      // A member is named from the innermost record that holds it, however
      // that record is reached (`&q->sq.work` and `&sq->work` are one work
      // item: struct sq_type::work), except the workqueue API's own
      // wrappers: delayed_work is in everyone's structs, and is named from
      // the record that holds it (struct x::dwork.work).
      // An unnamed record (`struct { ... } f;`) is no name for it: the
      // walk goes on to the named record that holds it.
      const RecordDecl *Holder = Field->getParent();
      if ((!Holder->getName().empty() || Holder->getTypedefNameForAnonDecl()) &&
          !isWorkqueueRecord(Holder->getName()) &&
          !isNotifierHeadRecord(Holder->getName()))
        break;
      E = cancelAddrDeref(ME->getBase());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      Path.push_back("[]");
      E = cancelAddrDeref(AS->getBase());
      continue;
    } else {
      break;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        E = strip(UO->getSubExpr());
  }
  if (Path.empty())
    return rootOperand(E);
  std::string Joined;
  for (auto It = Path.rbegin(); It != Path.rend(); ++It) {
    if (!Joined.empty() && (*It)[0] != '[')
      Joined += ".";
    Joined += *It;
  }
  if (!RootRecord) // Only subscripts: an array variable.
    return rootOperand(E).withSuffix(Joined);
  if (!isWorkqueueRecord(RootRecord->getName()) &&
      !isNotifierHeadRecord(RootRecord->getName()))
    return Operand::object(TU.recordKey(RootRecord) + "::" + Joined);
  return rootOperand(E).withSuffix("." + Joined);
}

Operand FunctionExtractor::exactOperand(const Expr *E) {
  E = cancelAddrDeref(strip(E));
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf) {
      const Expr *X = strip(UO->getSubExpr());
      if (const auto *In = dyn_cast<UnaryOperator>(X))
        if (In->getOpcode() == UO_Deref) // &*p: p
          return exactOperand(In->getSubExpr());
      if (!isa<DeclRefExpr>(X) && !isa<MemberExpr>(X) &&
          !isa<ArraySubscriptExpr>(X))
        return Operand::unknown();
      Operand O = operandOf(E);
      return O.isObject() || O.isParam() ? O : Operand::unknown();
    }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      if (!Opaque.count(PVD))
        return Operand::param(PVD->getFunctionScopeIndex());
  return Operand::unknown();
}

std::string FunctionExtractor::localKey(const VarDecl *VD) {
  std::string K = TU.varKey(VD);
  auto It = Ordinal.find(VD);
  if (It != Ordinal.end() && It->second > 1)
    K += "#" + std::to_string(It->second);
  return K;
}

void FunctionExtractor::noteVar(const VarDecl *VD) {
  if (!Ordinal.count(VD))
    Ordinal[VD] = ++NameCount[VD->getName()];
}

/// Pass 1: a write of \p Value (null: not a plain value) into \p LHS.
void FunctionExtractor::noteWrite(const Expr *LHS, const Expr *Value) {
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(LHS));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD)
    return;
  if (isa<ParmVarDecl>(VD) || !Value)
    Opaque.insert(VD);
  else if (isTrackedLocal(VD))
    Writes[VD].push_back(Value);
}

ObjectRef FunctionExtractor::rootRef(const VarDecl *VD, unsigned Depth) {
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD)) {
    if (Opaque.count(VD))
      return ObjectRef::var(ObjectRef::Local, localKey(VD));
    return ObjectRef::param(PVD->getFunctionScopeIndex());
  }
  if (isTrackedLocal(VD)) {
    ObjectRef Self = ObjectRef::var(ObjectRef::Local, localKey(VD));
    // Only a pointer carries another object; a struct is its own.
    if (Opaque.count(VD) || !VD->getType()->isPointerType() || Depth > 8 ||
        !Resolving.insert(VD).second)
      return Self;
    ObjectRef R = Self;
    auto It = Writes.find(VD);
    if (It != Writes.end()) {
      bool First = true;
      for (const Expr *W : It->second) {
        ObjectRef X = refOf(W, Depth + 1);
        if (!X.known() || (!First && X != R)) {
          R = Self;
          break;
        }
        R = std::move(X);
        First = false;
      }
    }
    Resolving.erase(VD);
    return R;
  }
  if (VD->hasGlobalStorage())
    return ObjectRef::var(ObjectRef::Global, TU.varKey(VD));
  return ObjectRef();
}

ObjectRef FunctionExtractor::refOf(const Expr *E, unsigned Depth) {
  auto Peel = [](const Expr *X) {
    X = cancelAddrDeref(X);
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        return strip(UO->getSubExpr());
    return X;
  };
  E = Peel(E);
  // Field path, leaf first.
  std::vector<StringRef> Path;
  while (true) {
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!Field)
        return ObjectRef();
      if (!Field->getName().empty())
        Path.push_back(Field->getName());
      E = Peel(ME->getBase());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      Path.push_back("[]");
      E = Peel(AS->getBase());
    } else {
      break;
    }
  }
  ObjectRef R;
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    if (Depth > 8)
      return R;
    ObjectRef L = refOf(CO->getTrueExpr(), Depth + 1);
    if (L != refOf(CO->getFalseExpr(), Depth + 1))
      return R;
    R = std::move(L);
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      R = rootRef(VD, Depth);
  }
  if (!R.known())
    return ObjectRef();
  for (auto It = Path.rbegin(); It != Path.rend(); ++It) {
    if (*It != "[]")
      R.Path += ".";
    R.Path += It->str();
  }
  return R;
}

/// The object a function pointer called through is read from.
ObjectRef FunctionExtractor::slotReceiver(const Expr *Callee, unsigned Depth) {
  const Expr *E = strip(Callee);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      E = strip(UO->getSubExpr());
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(ME->getMemberDecl()) ? refOf(ME->getBase())
                                                : ObjectRef();
  if (Depth > 8)
    return ObjectRef();
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    ObjectRef L = slotReceiver(CO->getTrueExpr(), Depth + 1);
    return L == slotReceiver(CO->getFalseExpr(), Depth + 1) ? L : ObjectRef();
  }
  // `fn = ops->cb; fn(x)`: the object every assignment reads it from.
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !isTrackedLocal(VD) || Opaque.count(VD) ||
      !Resolving.insert(VD).second)
    return ObjectRef();
  ObjectRef R;
  auto It = Writes.find(VD);
  if (It != Writes.end()) {
    bool First = true;
    for (const Expr *W : It->second) {
      ObjectRef X = slotReceiver(W, Depth + 1);
      if (!X.known() || (!First && X != R)) {
        R = ObjectRef();
        break;
      }
      R = std::move(X);
      First = false;
    }
  }
  Resolving.erase(VD);
  return R;
}

std::string FunctionExtractor::apiName(const CallExpr *CE, StringRef Callee) {
  // Prefer the outermost known API macro the user wrote (flush_workqueue
  // expands to __flush_workqueue).
  SourceLocation L = CE->getBeginLoc();
  std::string Best;
  const LangOptions &LO = TU.Ctx.getLangOpts();
  while (L.isMacroID()) {
    StringRef Name = Lexer::getImmediateMacroName(L, TU.SM, LO);
    if (isApiMacro(Name))
      Best = Name.str();
    L = TU.SM.getImmediateMacroCallerLoc(L);
  }
  return Best.empty() ? Callee.str() : Best;
}

void FunctionExtractor::handlePrimitive(const CallExpr *CE,
                                        const Primitive &P) {
  auto Arg = [&](int I) -> const Expr * {
    return I >= 0 && (unsigned)I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
  };
  Effect E;
  E.Loc = TU.loc(CE->getBeginLoc());
  E.Api = apiName(CE, CE->getDirectCallee()->getName());
  TaskFlagWalker::AtCall At = Flags.at(CE);
  E.TaskFlags = At.Set;
  E.Atomic = At.Atomic;
  E.GuardClear = At.Guard;
  E.AfterTerminal = AfterTerminalCalls.count(CE) != 0;
  switch (P.Kind) {
  case Primitive::Wait:
  case Primitive::Complete:
    E.Kind = P.Kind == Primitive::Wait ? EffectKind::Wait : EffectKind::Complete;
    if (const Expr *C = Arg(P.WorkArg))
      E.Completion = operandOf(C);
    F.Effects.push_back(std::move(E));
    return;
  case Primitive::Queue:
    E.Kind = EffectKind::Queue;
    break;
  case Primitive::Flush:
    E.Kind = EffectKind::Flush;
    break;
  case Primitive::Exempt:
    E.Kind = EffectKind::Exempt;
    break;
  case Primitive::Alloc:
    allocFor(CE, P);
    return;
  case Primitive::Opaque:
    return;
  }
  if (const Expr *W = Arg(P.WorkArg))
    E.WorkItem = operandOf(W).withSuffix(std::string(P.WorkSuffix));
  if (const Expr *Q = Arg(P.WqArg))
    E.Workqueue = operandOf(Q);
  if (!P.SystemWq.empty())
    E.Workqueue = Operand::object(std::string(
        P.SystemWq == "system_wq" ? TU.schedulingWorkqueue() : P.SystemWq));
  F.Effects.push_back(std::move(E));
}

bool FunctionExtractor::fnChoices(const Expr *E, std::vector<Value> &Out,
                                  unsigned Depth) {
  if (Depth > 8)
    return false;
  E = strip(E);
  if (E->isNullPointerConstant(TU.Ctx, Expr::NPC_ValueDependentIsNotNull))
    return true;
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return fnChoices(CO->getTrueExpr(), Out, Depth + 1) &&
           fnChoices(CO->getFalseExpr(), Out, Depth + 1);
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (VD && isTrackedLocal(VD)) {
    auto It = Writes.find(VD);
    if (Opaque.count(VD) || It == Writes.end() ||
        !Resolving.insert(VD).second)
      return false;
    bool All = true;
    for (const Expr *W : It->second)
      if (!(All = fnChoices(W, Out, Depth + 1)))
        break;
    Resolving.erase(VD);
    return All;
  }
  Value V = eval(E);
  if (V.Kind != Value::Fn && V.Kind != Value::Slot)
    return false;
  if (std::find(Out.begin(), Out.end(), V) == Out.end())
    Out.push_back(std::move(V));
  return true;
}

void FunctionExtractor::handleCall(const CallExpr *CE) {
  std::vector<Value> Choices;
  CallSite CS;
  CS.Loc = TU.loc(CE->getBeginLoc());
  TaskFlagWalker::AtCall At = Flags.at(CE);
  CS.TaskFlags = At.Set;
  CS.Atomic = At.Atomic;
  CS.GuardClear = At.Guard;
  CS.Always = AlwaysCalls.count(CE) != 0;
  CS.AfterTerminal = AfterTerminalCalls.count(CE) != 0;
  if (const FunctionDecl *Direct = CE->getDirectCallee()) {
    if (Direct->getBuiltinID())
      return;
    if (const Primitive *P = lookupPrimitive(Direct->getName())) {
      handlePrimitive(CE, *P);
      return;
    }
    CS.Kind = CallSite::Direct;
    CS.Callee = TU.functionKey(Direct);
    CS.CalleeNoReturn = isNoReturnFunction(Direct) ||
                        isNoReturnCalleeType(CE->getCallee()->getType());
  } else {
    CS.CalleeNoReturn = isNoReturnCalleeType(CE->getCallee()->getType());
    const Expr *Callee = strip(CE->getCallee());
    if (const auto *UO = dyn_cast<UnaryOperator>(Callee))
      if (UO->getOpcode() == UO_Deref)
        Callee = strip(UO->getSubExpr());
    const auto *ME = dyn_cast<MemberExpr>(Callee);
    const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
    if (Field && Field->getParent()->getName() == "work_struct" &&
        Field->getName() == "func") {
      // work->func(work): the function bound to that work item, if known.
      CS.Kind = CallSite::WorkFunc;
      CS.WorkItem = operandOf(ME->getBase());
    } else {
      Value V = eval(Callee);
      if (V.Kind == Value::Fn) {
        CS.Kind = CallSite::Direct;
        CS.Callee = V.Name;
      } else if (V.Kind == Value::Slot) {
        CS.Kind = CallSite::Slot;
        CS.Callee = V.Name;
        F.setReceiver(CS, slotReceiver(Callee));
        if (Fields)
          Fields->slotRead(Callee, CE, CS, F.receiver(CS));
      } else if (V.Kind == Value::ParamFn) {
        CS.Kind = CallSite::Param;
        CS.ParamIndex = unsigned(V.AllocIdx);
      } else if (V.Kind == Value::Conflict && fnChoices(Callee, Choices) &&
                 !Choices.empty()) {
        // A local given several functions or slots: a call site for each
        // (below), all at this call.
      } else {
        ++F.UnresolvedCalls;
        return;
      }
    }
  }
  // Parameters passed on unchanged, whatever their type.
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(CE->getArg(I))))
      if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
        if (!Opaque.count(PVD) && PVD->getFunctionScopeIndex() < 255) {
          CS.ArgParams.resize(CE->getNumArgs());
          CS.ArgParams[I] = uint8_t(PVD->getFunctionScopeIndex() + 1);
        }
  // What the arguments are known to be, and what the call is made under.
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (ArgValue V = argValue(CE->getArg(I)); V.Kind != ArgValue::Unknown) {
      CS.ArgValues.resize(CE->getNumArgs());
      CS.ArgValues[I] = V;
    }
  if (auto It = CallGuards.find(CE); It != CallGuards.end())
    CS.Guards = It->second;
  // Struct members handed by address: origin witnesses.
  for (unsigned I = 0; I < CE->getNumArgs() && I < 255; ++I)
    if (std::string Key = memberOrigin(CE->getArg(I)); !Key.empty())
      CS.ArgOrigins.push_back({uint8_t(I), std::move(Key)});
  // Functions passed as arguments, for callbacks the callee calls.
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *A = CE->getArg(I);
    if (!isFunctionPointer(A->IgnoreParenImpCasts()->getType()) &&
        !A->IgnoreParenImpCasts()->getType()->isFunctionType())
      continue;
    Value V = eval(A);
    if (V.Kind == Value::Fn)
      CS.FnArgs.push_back({I, {V.Name, false}, -1});
    else if (V.Kind == Value::Slot)
      CS.FnArgs.push_back({I, {V.Name, true}, -1});
    else if (V.Kind == Value::ParamFn)
      CS.FnArgs.push_back({I, {}, int(V.AllocIdx)});
  }
  // Only workqueue objects, completions and notifier chains and blocks are
  // followed through parameters (a chain's list is passed as `&nh->head`, a
  // struct notifier_block **).
  for (const Expr *A : CE->arguments()) {
    QualType T = A->IgnoreParenImpCasts()->getType().getCanonicalType();
    const RecordDecl *RD = recordOf(T);
    if (!RD)
      if (const auto *PT = T->getAs<PointerType>())
        if (PT->getPointeeType()->isPointerType()) {
          RD = recordOf(PT->getPointeeType());
          if (RD && RD->getName() != "notifier_block")
            RD = nullptr;
        }
    if (RD && (RD->getName() == "notifier_block" ||
               isNotifierHeadRecord(RD->getName())))
      CS.Args.push_back(exactOperand(A));
    else if (RD && isFollowedRecord(RD->getName()))
      CS.Args.push_back(operandOf(A));
    else
      CS.Args.push_back(Operand::unknown());
  }
  // Every sink takes its file first. A file that is the file of a kiocb
  // the function was handed (`vfs_fsync_range(iocb->ki_filp, ...)`) is
  // kept as that parameter: the sink continues that I/O
  // (continuesHandedIo()).
  if (CS.Kind == CallSite::Direct && CE->getNumArgs() > 0 &&
      lookupFileIoSink(CS.Callee, /*Slot=*/false))
    if (const auto *ME =
            dyn_cast<MemberExpr>(CE->getArg(0)->IgnoreParenImpCasts()))
      if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (ME->isArrow() && Field->getName() == "ki_filp" &&
            Field->getParent()->getName() == "kiocb")
          if (const auto *DRE = dyn_cast<DeclRefExpr>(
                  ME->getBase()->IgnoreParenImpCasts()))
            if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl()))
              CS.Args[0] = Operand::param(PVD->getFunctionScopeIndex(),
                                          std::string(HandedIoFile));
  // Field values: the objects of parameters passed on, local structs.
  if (Fields)
    Fields->atCall(CE, CS);
  const uint32_t First = uint32_t(F.Calls.size());
  for (const Value &V : Choices) {
    CallSite One = CS;
    One.Kind = V.Kind == Value::Fn ? CallSite::Direct : CallSite::Slot;
    One.Callee = V.Name;
    F.Calls.push_back(std::move(One));
  }
  if (Choices.empty())
    F.Calls.push_back(std::move(CS));
  if (Fields)
    Fields->noteCalls(CE, First, uint32_t(F.Calls.size()) - First);
}

/// `w->func = fn`, the end of every INIT_WORK: a Bind effect, whatever the
/// value (a function, a slot's functions, or unknown).
bool FunctionExtractor::bindWork(const Expr *LHS, const Expr *RHS) {
  const auto *ME = dyn_cast<MemberExpr>(strip(LHS));
  const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!Field || Field->getParent()->getName() != "work_struct" ||
      Field->getName() != "func")
    return false;
  Effect E;
  E.Kind = EffectKind::Bind;
  E.Api = "INIT_WORK";
  E.WorkItem = operandOf(ME->getBase());
  E.Loc = TU.loc(RHS->getExprLoc());
  Value V = eval(RHS);
  if (V.Kind == Value::Fn)
    E.Fn = {V.Name, false};
  else if (V.Kind == Value::Slot)
    E.Fn = {V.Name, true};
  F.Effects.push_back(std::move(E));
  return true;
}

void FunctionExtractor::storeFunction(const Expr *LHS, const std::string &Fn,
                                      SourceLocation At) {
  LHS = strip(LHS);
  if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
    const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!Field)
      return;
    if (isFunctionPointer(Field->getType())) {
      // The object written, when it is named exactly: `x.f = fn` (x a
      // struct lvalue) or `(&x)->f = fn`; not through a pointer.
      const Expr *Base = strip(ME->getBase());
      const auto *Deref = dyn_cast<UnaryOperator>(Base);
      Operand Holder =
          ME->isArrow() ? exactOperand(Base)
          : Deref && Deref->getOpcode() == UO_Deref
              ? exactOperand(Deref->getSubExpr())
              : operandOf(Base);
      TU.Out.Stores.push_back({TU.slotKey(Field), Fn, TU.loc(At), F.Key,
                               refOf(ME->getBase()),
                               Holder.isObject() ? Holder.Key : ""});
    }
    return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LHS))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!isTrackedLocal(VD) && !isa<ParmVarDecl>(VD))
        TU.Out.Stores.push_back(
            {TU.varKey(VD), Fn, TU.loc(At), F.Key, ObjectRef()});
}

bool FunctionExtractor::VisitVarDecl(VarDecl *VD) {
  if (CollectingLocals && VD->isLocalVarDecl()) {
    noteVar(VD);
    if (VD->hasInit() && isTrackedLocal(VD))
      Writes[VD].push_back(VD->getInit());
  }
  if (!VD->hasInit())
    return true;
  if (CollectingLocals) {
    if (isTrackedLocal(VD) && !isa<InitListExpr>(VD->getInit()->IgnoreParenImpCasts()))
      recordLocal(VD, eval(VD->getInit()));
    return true;
  }
  if (isTrackedLocal(VD)) {
    Value V = eval(VD->getInit());
    if (V.Kind == Value::Alloc)
      LastAlloc[VD] = V.AllocIdx;
  }
  if (isa<InitListExpr>(VD->getInit()->IgnoreParenImpCasts()) ||
      isa<CompoundLiteralExpr>(VD->getInit()->IgnoreParenImpCasts())) {
    const RecordDecl *RD = recordOf(VD->getType());
    bool Work = RD && (isWorkqueueRecord(RD->getName()) ||
                       RD->getName() == "notifier_block");
    // An automatic variable's initializer runs in this function; a static
    // local's holds from the start.
    bool Auto = isTrackedLocal(VD);
    TU.walkInit(VD->getInit(), VD->getType(),
                Work ? Operand::object(TU.varKey(VD)) : Operand::unknown(),
                false,
                Auto ? ObjectRef::var(ObjectRef::Local, localKey(VD))
                     : ObjectRef::var(ObjectRef::Global, TU.varKey(VD)),
                Auto ? F.Key : std::string());
  } else if (!isTrackedLocal(VD) && isFunctionPointer(VD->getType())) {
    Value V = eval(VD->getInit());
    if (V.Kind == Value::Fn)
      TU.Out.Stores.push_back({TU.varKey(VD), V.Name,
                               TU.loc(VD->getLocation()), "", ObjectRef()});
  }
  return true;
}

bool FunctionExtractor::VisitBinaryOperator(BinaryOperator *BO) {
  if (CollectingLocals && BO->isCompoundAssignmentOp())
    noteWrite(BO->getLHS(), nullptr); // p += n: no longer what it was.
  if (BO->getOpcode() != BO_Assign)
    return true;
  // WRITE_ONCE(x, v) is `*(volatile typeof(x) *)&(x) = v`: a store to x.
  const Expr *LHS = cancelAddrDeref(BO->getLHS());
  const auto *DRE = dyn_cast<DeclRefExpr>(LHS);
  const auto *LocalVD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  bool ToLocal = LocalVD && isTrackedLocal(LocalVD);
  if (CollectingLocals) {
    if (ToLocal)
      recordLocal(LocalVD, eval(BO->getRHS()));
    noteWrite(LHS, BO->getRHS());
    return true;
  }
  if (ToLocal) {
    Value V = eval(BO->getRHS());
    if (V.Kind == Value::Alloc)
      LastAlloc[LocalVD] = V.AllocIdx;
    else
      LastAlloc.erase(LocalVD);
    return true;
  }
  if (bindWork(LHS, BO->getRHS()))
    return true;
  Value V = eval(BO->getRHS());
  if (V.Kind == Value::Conflict)
    if (const auto *R = dyn_cast<DeclRefExpr>(strip(BO->getRHS())))
      if (const auto *VD = dyn_cast<VarDecl>(R->getDecl())) {
        auto It = LastAlloc.find(VD);
        if (It != LastAlloc.end()) {
          V.Kind = Value::Alloc;
          V.AllocIdx = It->second;
        }
      }
  if (V.Kind == Value::Alloc) {
    Operand Dest = operandOf(LHS);
    if (Dest.isObject() && TU.Out.Allocs[V.AllocIdx].Storage.empty())
      TU.Out.Allocs[V.AllocIdx].Storage = Dest.Key;
  } else if (V.Kind == Value::Fn) {
    storeFunction(LHS, V.Name, BO->getRHS()->getExprLoc());
  }
  return true;
}

bool FunctionExtractor::VisitUnaryOperator(UnaryOperator *UO) {
  // p++, &p: the variable may hold anything afterwards.
  if (CollectingLocals && (UO->isIncrementDecrementOp() ||
                           UO->getOpcode() == UO_AddrOf))
    noteWrite(UO->getSubExpr(), nullptr);
  return true;
}

/// Inline assembly that writes memory with a value: how cmpxchg() and
/// xchg() publish a pointer on x86 (`"+m" (*ptr)` written with the
/// register operand `"r" (__new)` or `"+r" (__ret)`). The allocation a value
/// operand holds is tied to the memory operand, as an assignment would tie
/// it. Operands tied to an output by a digit constraint (cmpxchg's
/// expected old value, `"0" (__old)`) and write-only outputs (the value
/// read back) are not stored values.
bool FunctionExtractor::VisitGCCAsmStmt(GCCAsmStmt *AS) {
  if (CollectingLocals)
    return true;
  std::vector<Operand> Dests;
  std::vector<const Expr *> Values;
  for (unsigned I = 0; I < AS->getNumOutputs(); ++I) {
    StringRef C = AS->getOutputConstraint(I);
    if (C.contains('m')) {
      Operand D = operandOf(AS->getOutputExpr(I));
      if (D.isObject())
        Dests.push_back(std::move(D));
    } else if (C.starts_with("+")) {
      Values.push_back(AS->getOutputExpr(I));
    }
  }
  for (unsigned I = 0; I < AS->getNumInputs(); ++I) {
    StringRef C = AS->getInputConstraint(I);
    if (C.empty() || C.contains('m') || isdigit(C[0]))
      continue;
    Values.push_back(AS->getInputExpr(I));
  }
  if (Dests.size() != 1)
    return true; // Several memory operands: which got the value is unknown.
  for (const Expr *V : Values) {
    Value X = eval(V);
    if (X.Kind == Value::Alloc && TU.Out.Allocs[X.AllocIdx].Storage.empty())
      TU.Out.Allocs[X.AllocIdx].Storage = Dests.front().Key;
  }
  return true;
}

bool FunctionExtractor::VisitCallExpr(CallExpr *CE) {
  if (!CollectingLocals)
    handleCall(CE);
  return true;
}

void FunctionExtractor::finish() {
  if (Fields)
    Fields->finish(F);
  // An allocation only ever kept in a local variable is named by it.
  for (auto &[VD, V] : Locals)
    if (V.Kind == Value::Alloc && TU.Out.Allocs[V.AllocIdx].Storage.empty() &&
        !VD->getName().starts_with("_"))
      TU.Out.Allocs[V.AllocIdx].Storage = TU.varKey(VD);
}

} // namespace wqdep::extract
