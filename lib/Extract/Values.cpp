//===- Values.cpp - Argument values and the guards calls are made under ---===//
//
// Part of FunctionExtractor's pass 2 (ExtractorImpl.h), for the
// argument-values mechanism (Graph/Witnesses.h follows them on routes):
// what each argument of a call is known to be (CallSite::ArgValues) and the
// conditions on the function's own parameters under which a call is made
// (CallSite::Guards; walkAlways() keeps GuardStack).
//
//===----------------------------------------------------------------------===//
#include "Extract/ExtractorImpl.h"

namespace wqdep::extract {

namespace {

/// \p E without parentheses, implicit casts and `__builtin_expect()`.
const Expr *bare(const Expr *E) {
  return E ? unexpect(E, /*KeepExplicitCasts=*/true) : nullptr;
}

/// \p V as a mathematical integer, if it is one an int64_t holds.
std::optional<int64_t> toInt64(const llvm::APSInt &V) {
  if (V.isSigned() ? V.getSignificantBits() > 64 : V.getActiveBits() > 63)
    return std::nullopt;
  return V.isSigned() ? V.getSExtValue() : int64_t(V.getZExtValue());
}

/// Whether \p V is a value of the integer type \p T.
bool fits(int64_t V, QualType T, const ASTContext &Ctx) {
  if (T->isBooleanType())
    return V == 0 || V == 1;
  const uint64_t W = Ctx.getIntWidth(T);
  const bool Signed = T->isSignedIntegerOrEnumerationType();
  if (W >= 64)
    return Signed || V >= 0;
  if (Signed)
    return V >= -(int64_t(1) << (W - 1)) && V < (int64_t(1) << (W - 1));
  return V >= 0 && V < (int64_t(1) << W);
}

/// The value of constant \p K compared with a parameter of integer type
/// \p T, when it is a value of T (a value outside it says nothing of the
/// parameter, whatever the conversions).
std::optional<int64_t> constantFor(const Expr *K, QualType T,
                                   const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (K->isValueDependent() || !K->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  std::optional<int64_t> V = toInt64(R.Val.getInt());
  if (!V || !fits(*V, T, Ctx))
    return std::nullopt;
  return V;
}

/// \p E (bare) as a member of the object parameter \p Q of its function
/// points to (`q->a.b`): the path, empty when it is none. No union on
/// the way (a union is written whole).
std::string memberOf(const Expr *E, const ParmVarDecl *&Q) {
  std::string Path;
  const auto *ME = dyn_cast<MemberExpr>(bare(E));
  while (ME) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->getParent()->isUnion())
      return "";
    const std::string Name = memberName(F);
    Path = Path.empty() ? Name : Name + "." + Path;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (ME->isArrow()) {
      const auto *DRE = dyn_cast<DeclRefExpr>(Base);
      Q = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
      return Q ? Path : "";
    }
    ME = dyn_cast<MemberExpr>(Base);
  }
  return "";
}

/// Whether \p S computes without side effects: no call, assignment,
/// increment or statement expression.
bool pure(const Stmt *S) {
  if (!S)
    return true;
  if (isa<CallExpr>(S) || isa<StmtExpr>(S))
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    return false;
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->isIncrementDecrementOp())
    return false;
  for (const Stmt *C : S->children())
    if (!pure(C))
      return false;
  return true;
}

} // namespace

bool FunctionExtractor::accessorGuards(const Expr *E, const Expr *At,
                                       const Expr *Cmp, bool Positive) {
  const auto *CE = dyn_cast_or_null<CallExpr>(bare(E));
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Fields || !Callee || !Callee->hasBody(Def) || !Def ||
      Def->hasAttr<WeakAttr>())
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  const auto *Ret = Body && Body->size() == 1
                        ? dyn_cast<ReturnStmt>(Body->body_front())
                        : nullptr;
  const Expr *R = Ret ? bare(Ret->getRetValue()) : nullptr;
  if (!R || !pure(R) || Def->getNumParams() != CE->getNumArgs())
    return false;
  ASTContext &Ctx = TU.Ctx;
  auto Constant = [&](const Expr *K) -> std::optional<int64_t> {
    Expr::EvalResult X;
    if (!K || K->isValueDependent() || !K->EvaluateAsInt(X, Ctx))
      return std::nullopt;
    return toInt64(X.Val.getInt());
  };
  // f(p) is R converted to f's return type (bare() stripped that).
  const QualType RT = Def->getReturnType().getCanonicalType();
  if (!RT->isIntegralOrEnumerationType())
    return false;
  auto ToRet = [&](int64_t V) -> int64_t {
    if (RT->isBooleanType())
      return V != 0;
    llvm::APSInt I(llvm::APInt(64, uint64_t(V), /*isSigned=*/true),
                   /*isUnsigned=*/false);
    I = I.extOrTrunc(unsigned(Ctx.getIntWidth(RT)));
    I.setIsUnsigned(!RT->isSignedIntegerOrEnumerationType());
    return I.isSigned() ? I.getSExtValue() : int64_t(I.getZExtValue());
  };
  // R's form: the member (Op BO_Comma), `m ? K1 : K2` (BO_Cond), `m == K`,
  // `m != K`, `!m` (`m == 0`).
  const Expr *M = R;
  BinaryOperatorKind Op = BO_Comma;
  int64_t K1 = 0, K2 = 0;
  if (const auto *CO = dyn_cast<ConditionalOperator>(R)) {
    std::optional<int64_t> A = Constant(CO->getTrueExpr()),
                           B = Constant(CO->getFalseExpr());
    if (!A || !B || ToRet(*A) == ToRet(*B))
      return false;
    M = CO->getCond();
    Op = BO_Cmp; // a choice of two constants, as returned
    K1 = ToRet(*A);
    K2 = ToRet(*B);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(R);
             BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
    M = BO->getLHS();
    std::optional<int64_t> K = Constant(BO->getRHS());
    if (!K) {
      M = BO->getRHS();
      K = Constant(BO->getLHS());
    }
    if (!K)
      return false;
    Op = BO->getOpcode();
    K1 = *K;
  } else if (const auto *UO = dyn_cast<UnaryOperator>(R);
             UO && UO->getOpcode() == UO_LNot) {
    M = UO->getSubExpr();
    Op = BO_EQ;
  }
  const ParmVarDecl *Q = nullptr;
  std::string Path = memberOf(M, Q);
  if (Path.empty() || !Q || Q->getDeclContext() != Def ||
      Q->getFunctionScopeIndex() >= CE->getNumArgs())
    return false;
  const Expr *Arg = CE->getArg(Q->getFunctionScopeIndex());
  const RecordDecl *Handed = recordOf(Arg->IgnoreParenImpCasts()->getType());
  if (!Handed || Handed != recordOf(Q->getType()))
    return false;
  QualType T = bare(M)->getType().getCanonicalType();
  if (!T->isIntegralOrEnumerationType() && !T->isPointerType())
    return false;
  if (Op == BO_Comma && !T->isBooleanType()) {
    // f(p) is the member converted: into a bool, its truth; else the
    // member itself only when the return type holds each of its values.
    const uint64_t WT = Ctx.getIntWidth(T), WR = Ctx.getIntWidth(RT);
    const bool ST = T->isSignedIntegerOrEnumerationType(),
               SR = RT->isSignedIntegerOrEnumerationType();
    if (RT->isBooleanType() || T->isPointerType()) {
      Op = BO_NE; // f(p) is `m != 0`
      K1 = 0;
    } else if (!((ST == SR && WT <= WR) || (!ST && SR && WT < WR))) {
      return false;
    }
  }
  int P = -1;
  uint32_t Before = 0;
  if (!Fields->paramGuard(Arg, At, P, Before))
    return false;
  // What is said of f(x): true or false (Truth), or == / != V.
  std::optional<int64_t> V;
  bool Truth = Positive;
  if (Cmp) {
    V = Constant(Cmp);
    if (!V)
      return true;
  }
  auto Push = [&](ValueGuard::OpTy GOp, int64_t X) {
    ValueGuard G{uint8_t(P), GOp, X, Path, Before};
    if (std::find(GuardStack.begin(), GuardStack.end(), G) == GuardStack.end())
      GuardStack.push_back(G);
  };
  // The member's truth, when that is what is said.
  auto MemberTruth = [&](bool B) {
    Push(B ? ValueGuard::NonZero : ValueGuard::Zero, 0);
  };
  if (Op == BO_Cmp) {
    // f(x) is K1 when the member is nonzero, K2 when it is zero.
    if (V) {
      if (*V == K1 || *V == K2)
        MemberTruth((*V == K1) == Positive);
      return true;
    }
    if ((K1 != 0) != (K2 != 0))
      MemberTruth((K1 != 0) == Truth);
    return true;
  }
  if (Op == BO_Comma) {
    // f(x) is the member.
    if (!V) {
      MemberTruth(Truth);
    } else if (T->isIntegralOrEnumerationType() && fits(*V, T, Ctx)) {
      if (*V == 0)
        Push(Positive ? ValueGuard::Zero : ValueGuard::NonZero, 0);
      else
        Push(Positive ? ValueGuard::Eq : ValueGuard::Ne, *V);
    }
    return true;
  }
  // f(x) is `member == K1` (or !=): true (1) or false (0).
  if (V) {
    if (*V != 0 && *V != 1)
      return true;
    Truth = (*V == 1) == Positive;
  }
  const bool Equal = (Op == BO_EQ) == Truth;
  if (T->isPointerType()) {
    if (K1 == 0)
      Push(Equal ? ValueGuard::Zero : ValueGuard::NonZero, 0);
    return true;
  }
  if (!fits(K1, T, Ctx))
    return true;
  if (K1 == 0)
    Push(Equal ? ValueGuard::Zero : ValueGuard::NonZero, 0);
  else
    Push(Equal ? ValueGuard::Eq : ValueGuard::Ne, K1);
  return true;
}

int FunctionExtractor::valueParam(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(bare(E));
  const auto *PVD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PVD || Opaque.count(PVD) || PVD->getFunctionScopeIndex() >= 255 ||
      PVD->getDeclContext() != FD)
    return -1;
  QualType T = PVD->getType().getCanonicalType();
  if (!T->isIntegralOrEnumerationType() && !T->isPointerType())
    return -1;
  return int(PVD->getFunctionScopeIndex());
}

void FunctionExtractor::addGuards(const Expr *Cond, bool Positive,
                                  unsigned Depth) {
  const Expr *E = bare(Cond);
  if (!E || Depth > 16)
    return;
  ASTContext &Ctx = TU.Ctx;
  std::string Field;
  uint32_t Before = 0;
  auto Push = [&](int P, ValueGuard::OpTy Op, int64_t V) {
    ValueGuard G{uint8_t(P), Op, V, Field, Before};
    if (std::find(GuardStack.begin(), GuardStack.end(), G) == GuardStack.end())
      GuardStack.push_back(G);
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_LNot)
      addGuards(UO->getSubExpr(), !Positive, Depth + 1);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    const BinaryOperatorKind Op = BO->getOpcode();
    // Both sides of a conjunction that holds, of a disjunction that fails.
    if ((Op == BO_LAnd && Positive) || (Op == BO_LOr && !Positive)) {
      addGuards(BO->getLHS(), Positive, Depth + 1);
      addGuards(BO->getRHS(), Positive, Depth + 1);
      return;
    }
    // A disjunction that holds (a conjunction that fails) of equalities
    // of one parameter with constants: the parameter is one of them
    // (`IS_GETLK(cmd)`: `(0) || cmd == F_GETLK`). Constant disjuncts
    // that are false say nothing; one that is true, everything.
    if ((Op == BO_LOr && Positive) || (Op == BO_LAnd && !Positive)) {
      std::vector<const Expr *> Work{BO}, Leaves;
      while (!Work.empty() && Leaves.size() <= 16) {
        const Expr *X = bare(Work.back());
        Work.pop_back();
        const auto *B = dyn_cast<BinaryOperator>(X);
        if (B && B->getOpcode() == Op) {
          Work.push_back(B->getLHS());
          Work.push_back(B->getRHS());
        } else {
          Leaves.push_back(X);
        }
      }
      if (!Work.empty())
        return;
      int Param = -1;
      std::vector<int64_t> Values;
      for (const Expr *X : Leaves) {
        Expr::EvalResult R;
        if (!X->isValueDependent() && X->EvaluateAsInt(R, Ctx)) {
          // `(0) ||` and `(1) &&` drop out; the other constant decides.
          if ((R.Val.getInt() != 0) == Positive)
            return;
          continue;
        }
        const auto *C = dyn_cast<BinaryOperator>(X);
        if (!C || C->getOpcode() != (Positive ? BO_EQ : BO_NE))
          return;
        int P = valueParam(C->getLHS());
        const Expr *K = C->getRHS();
        if (P < 0) {
          P = valueParam(C->getRHS());
          K = C->getLHS();
        }
        if (P < 0 || (Param >= 0 && P != Param))
          return;
        QualType T = FD->getParamDecl(unsigned(P))->getType().getCanonicalType();
        std::optional<int64_t> V;
        if (T->isIntegralOrEnumerationType())
          V = constantFor(K, T, Ctx);
        if (!V)
          return;
        Param = P;
        Values.push_back(*V);
      }
      if (Param < 0)
        return;
      std::sort(Values.begin(), Values.end());
      Values.erase(std::unique(Values.begin(), Values.end()), Values.end());
      if (Values.size() == 1)
        Push(Param, Values[0] ? ValueGuard::Eq : ValueGuard::Zero, Values[0]);
      else
        for (int64_t V : Values)
          Push(Param, ValueGuard::EqAny, V);
      return;
    }
    if (Op != BO_EQ && Op != BO_NE)
      return;
    const bool Equal = (Op == BO_EQ) == Positive;
    for (int Side = 0; Side < 2; ++Side) {
      const Expr *Mine = Side ? BO->getRHS() : BO->getLHS();
      const Expr *Other = Side ? BO->getLHS() : BO->getRHS();
      int P = valueParam(Mine);
      QualType T;
      if (P >= 0)
        T = FD->getParamDecl(unsigned(P))->getType().getCanonicalType();
      else if (Fields && Fields->guard(bare(Mine), E, P, Field, Before))
        T = bare(Mine)->getType().getCanonicalType();
      else if (accessorGuards(Mine, E, Other, Equal))
        return;
      else
        continue;
      if (T->isPointerType()) {
        if (Other->isNullPointerConstant(Ctx,
                                         Expr::NPC_ValueDependentIsNotNull))
          Push(P, Equal ? ValueGuard::Zero : ValueGuard::NonZero, 0);
        return;
      }
      // The constant in the type compared in. When it is a value of the
      // parameter's type, `p == C` there says p is C, whatever the
      // conversions (a value outside it says nothing).
      std::optional<int64_t> V = constantFor(Other, T, Ctx);
      if (!V)
        return;
      if (*V == 0)
        Push(P, Equal ? ValueGuard::Zero : ValueGuard::NonZero, 0);
      else
        Push(P, Equal ? ValueGuard::Eq : ValueGuard::Ne, *V);
      return;
    }
    return;
  }
  int P = valueParam(E);
  if (P < 0 && Fields && !Fields->guard(E, E, P, Field, Before))
    P = -1;
  if (P < 0 && accessorGuards(E, E, nullptr, Positive))
    return;
  if (P >= 0)
    Push(P, Positive ? ValueGuard::NonZero : ValueGuard::Zero, 0);
}

ArgValue FunctionExtractor::argValue(const Expr *Arg) const {
  ASTContext &Ctx = TU.Ctx;
  ArgValue V;
  QualType T = Arg->getType().getCanonicalType();
  if (T->isPointerType() || T->isIntegralOrEnumerationType()) {
    if (Arg->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
      V.Kind = ArgValue::Const;
      return V;
    }
  }
  if (T->isIntegralOrEnumerationType()) {
    Expr::EvalResult R;
    if (Arg->EvaluateAsInt(R, Ctx))
      if (std::optional<int64_t> I = toInt64(R.Val.getInt())) {
        V.Kind = ArgValue::Const;
        V.Value = *I;
        return V;
      }
    // `!p`: the negation of a parameter.
    if (const auto *UO = dyn_cast<UnaryOperator>(bare(Arg));
        UO && UO->getOpcode() == UO_LNot)
      if (int P = valueParam(UO->getSubExpr()); P >= 0) {
        V.Kind = ArgValue::NotParam;
        V.Value = P;
      }
    return V;
  }
  if (!T->isPointerType())
    return V;
  // A pointer that is not null: a string, a function, the address of a
  // variable, or of a member past its struct's start.
  const Expr *E = Arg->IgnoreParenCasts();
  if (isa<StringLiteral>(E)) {
    V.Kind = ArgValue::NonZero;
    return V;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (isa<FunctionDecl>(DRE->getDecl()))
      V.Kind = ArgValue::NonZero;
  const auto *UO = dyn_cast<UnaryOperator>(E);
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return V;
  const Expr *X = UO->getSubExpr()->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    if (isa<VarDecl>(DRE->getDecl()) || isa<FunctionDecl>(DRE->getDecl()))
      V.Kind = ArgValue::NonZero;
    // Ops tables: the address of a const table.
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && TU.isConstTable(VD))
      V.Table = TU.varKey(VD);
    return V;
  }
  // &p->a.b: not null when some member on the way is past its start (a
  // null base plus an offset is no pointer the kernel makes).
  for (const auto *ME = dyn_cast<MemberExpr>(X); ME;
       ME = dyn_cast<MemberExpr>(ME->getBase()->IgnoreParenImpCasts())) {
    const auto *FDecl = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FDecl || FDecl->isBitField() || FDecl->getParent()->isInvalidDecl())
      break;
    if (Ctx.getFieldOffset(FDecl) != 0) {
      V.Kind = ArgValue::NonZero;
      break;
    }
    if (ME->isArrow())
      break;
  }
  return V;
}

} // namespace wqdep::extract
