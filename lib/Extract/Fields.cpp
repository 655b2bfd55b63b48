//===- Fields.cpp - Field values: what a function does to objects ---------===//
//
// Part of FunctionExtractor's pass 2 (ExtractorImpl.h), for the field-values
// mechanism (docs/limits.md, "Field values"; Graph/Fields.h follows them on
// routes). Three kinds of facts:
//
// - what the function may do to the object each pointer parameter points
//   to (FunctionFacts::ParamEffects): write members, write it whole, hand
//   it (or a member's address) to calls, or let it escape (store, return,
//   convert it, hand it where wqdep cannot follow);
// - the same before a point, along the function's control flow (a clang
//   CFG): before the test of a condition on a member of the object
//   (ValueGuard::Field), and before a call that passes the pointer on
//   (CallSite::ParamBefore);
// - members of a local struct known at a call that hands its address
//   (CallSite::ArgFields): `lock.c.flc_type = F_UNLCK;` then
//   `vfs_lock_file(filp, F_SETLK, &lock, NULL)` in the same block.
//
// What "may" means is conservative: anything this walk does not recognise
// as a read, a member store, a comparison or a call argument is an escape.
// A local pointer given the parameter (through casts, pointer arithmetic,
// a statement expression: container_of()) is an alias of it, whose stores
// write the object whole (its type may be another struct's).
//
//===----------------------------------------------------------------------===//
#include "Extract/ExtractorImpl.h"

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "llvm/ADT/BitVector.h"

#include <functional>
#include <set>

namespace wqdep::extract {

namespace {

/// How an expression's value is used.
enum class Use : uint8_t {
  Value,   ///< Copied somewhere: a pointer that is a root escapes.
  Test,    ///< Compared or tested: nothing escapes.
  Discard, ///< Thrown away.
  Read,    ///< The base of a member access, a subscript or a dereference.
};

/// The library functions of C's string.h that write their first argument
/// (and only read the others), and those that only read theirs. The
/// kernel implements them with C's meaning (lib/string.c, arch/*/lib).
bool writesFirstArg(StringRef N) {
  return N == "memset" || N == "memcpy" || N == "memmove" ||
         N == "__memset" || N == "__memcpy" || N == "__memmove" ||
         N == "memzero_explicit" || N == "strcpy" || N == "strncpy" ||
         N == "strscpy" || N == "strlcpy" || N == "strcat" ||
         N == "strlcat" || N == "strncat" || N == "sized_strscpy";
}
bool readsArgs(StringRef N) {
  return N == "memcmp" || N == "strcmp" || N == "strncmp" ||
         N == "strlen" || N == "strnlen" || N == "memchr" ||
         N == "strchr" || N == "bcmp";
}

} // namespace

/// One thing the function does to a root's object.
struct FieldEvent {
  enum KindTy : uint8_t { Assign, Write, Escape, Pass, Returned } Kind;
  const VarDecl *Root;
  std::string Path; ///< Write: the member ("" whole); Pass: the sub-object.
  const CallExpr *Call = nullptr;
  unsigned Arg = 0;
  const Stmt *At = nullptr;
  unsigned Pos = 0;
  /// Pass: the call's value is used (a callee that returns the object
  /// hands it on).
  bool ResultUsed = false;
};

/// A member's value known at a call: an integer, or a function (slot
/// origin).
struct KnownValue {
  int64_t Value = 0;
  const FunctionDecl *Fn = nullptr;
  /// Ops tables: the address of a const table (its key), or the value of
  /// an unassigned parameter (its index).
  std::string Table = {};
  int FromParam = -1;
};

/// Effects with calls still as CallExprs (their call sites are numbered
/// once the whole body has been walked).
struct TmpEffects {
  uint8_t Param = 0;
  bool Escapes = false, WritesAll = false, Returns = false;
  std::set<std::string> Writes;
  std::vector<std::tuple<const CallExpr *, uint8_t, std::string, bool>>
      Passes;
  bool operator<(const TmpEffects &O) const {
    return std::tie(Param, Escapes, WritesAll, Returns, Writes, Passes) <
           std::tie(O.Param, O.Escapes, O.WritesAll, O.Returns, O.Writes,
                    O.Passes);
  }
};

class FieldWalker {
public:
  /// Ops tables: the key of a const table (empty: \p VD is none), and the
  /// parameter an expression is, unassigned (-1: none).
  std::function<std::string(const VarDecl *)> TableKey;
  std::function<int(const Expr *)> ParamOf;
  FieldWalker(ASTContext &Ctx, const FunctionDecl *FD, Stmt *Body)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), FD(FD), Body(Body) {
    for (const ParmVarDecl *P : FD->parameters())
      if (P->getFunctionScopeIndex() < 255 && isRecordPointer(P->getType()))
        Params.insert(P);
    findAliases();
    stmt(Body);
  }

  /// The parameter a root stands for (itself, or the one it aliases).
  const VarDecl *paramOf(const VarDecl *VD) const {
    if (Params.count(VD))
      return VD;
    auto It = Alias.find(VD);
    return It == Alias.end() ? nullptr : It->second;
  }

  /// \p E as a member of a parameter's object (`p->a.b`, `(*p).a`,
  /// READ_ONCE(p->a)): the parameter and the path, or null.
  const ParmVarDecl *member(const Expr *E, std::string &Path) const {
    Chain C = chainOf(E);
    if (!C.Root || C.Bare || !Params.count(C.Root) || C.Path.empty() ||
        C.Within)
      return nullptr;
    Path = C.Path;
    return cast<ParmVarDecl>(C.Root);
  }

  /// What may happen to \p Param's object before \p X (a condition, or a
  /// call that passes it on) is evaluated, along the CFG. Null when the
  /// parameter may have been assigned by then.
  std::optional<TmpEffects> before(const VarDecl *Param, const Stmt *X,
                                   const CallExpr *Self) {
    const CFGBlock *BX = nullptr;
    llvm::BitVector Reach;
    if (cfg()) {
      BX = Map->getBlock(X);
      if (BX) {
        Reach.resize(Cfg->getNumBlockIDs());
        std::vector<const CFGBlock *> Work(BX->pred_begin(), BX->pred_end());
        while (!Work.empty()) {
          const CFGBlock *B = Work.back();
          Work.pop_back();
          if (!B || Reach.test(B->getBlockID()))
            continue;
          Reach.set(B->getBlockID());
          for (const CFGBlock *P : B->preds())
            Work.push_back(P);
        }
      }
    }
    const unsigned XPos = pos(X, /*End=*/true);
    TmpEffects T;
    if (const auto *PV = dyn_cast<ParmVarDecl>(Param))
      T.Param = uint8_t(PV->getFunctionScopeIndex());
    for (const FieldEvent &E : Events) {
      if ((E.Root != Param && paramOf(E.Root) != Param) ||
          (Self && E.Call == Self))
        continue;
      if (BX) {
        const CFGBlock *B = Map->getBlock(E.At);
        if (B && B != BX && !Reach.test(B->getBlockID()))
          continue;
        if (B == BX && !Reach.test(BX->getBlockID()) && E.Pos > XPos)
          continue;
      }
      if (E.Kind == FieldEvent::Assign && E.Root == Param)
        return std::nullopt;
      add(T, E);
    }
    return T;
  }

  /// Everything that may happen to \p Root's object in the function
  /// (less the events \p Skip accepts).
  TmpEffects all(const VarDecl *Root, uint8_t Param,
                 const std::function<bool(const FieldEvent &)> &Skip) const {
    TmpEffects T;
    T.Param = Param;
    for (const FieldEvent &E : Events)
      if ((E.Root == Root || paramOf(E.Root) == Root) && !Skip(E))
        add(T, E);
    return T;
  }

  const std::set<const VarDecl *, std::less<>> &params() const {
    return Params;
  }

  /// Members of local \p V known when \p CE (which hands `&V` as argument
  /// \p Arg) is made: stores of constants in the statements before the
  /// call's in the same block, nothing in between naming V but stores of
  /// other members, no label in between.
  /// \p Init, when not null, is set to the call that set the local up
  /// last, if the scan stopped there: a statement `g(..., &v, ...);`
  /// handing `v` once, to a function named (ArgInit; its argument in
  /// \p InitArg).
  std::map<std::string, KnownValue>
  knownAt(const VarDecl *V, const CallExpr *CE,
          const CallExpr **Init = nullptr, unsigned *InitArg = nullptr,
          std::set<std::string> *Stored = nullptr) {
    std::map<std::string, KnownValue> Known;
    if (!parents())
      return Known;
    // The statement of the block the call is: `f(&v);`, `x = f(&v);`,
    // `return f(&v);`, `T x = f(&v);`, `if (f(&v))`.
    const Stmt *Child = CE, *Parent = PM->getParent(CE);
    while (Parent && !isa<CompoundStmt>(Parent)) {
      const auto *PE = dyn_cast<Expr>(Parent);
      const bool Through =
          (PE && (isa<ParenExpr>(PE) || isa<CastExpr>(PE) ||
                  (isa<BinaryOperator>(PE) &&
                   cast<BinaryOperator>(PE)->getOpcode() == BO_Assign &&
                   cast<BinaryOperator>(PE)->getRHS()->IgnoreParenCasts() ==
                       Child->IgnoreContainers()) ||
                  (isa<UnaryOperator>(PE) &&
                   cast<UnaryOperator>(PE)->getOpcode() == UO_LNot))) ||
          isa<ReturnStmt>(Parent) || isa<DeclStmt>(Parent) ||
          (isa<IfStmt>(Parent) && cast<IfStmt>(Parent)->getCond() == Child);
      if (!Through)
        return Known;
      Child = Parent;
      Parent = PM->getParent(Parent);
    }
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Parent);
    if (!Block)
      return Known;
    // The call's own other arguments must not name V.
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      if (names(CE->getArg(I), V) > 1)
        return Known;
    std::vector<const Stmt *> Stmts(Block->body_begin(), Block->body_end());
    auto At = std::find(Stmts.begin(), Stmts.end(), Child);
    if (At == Stmts.end())
      return Known;
    std::set<std::string> Seen; // members stored closer to the call
    for (auto It = std::make_reverse_iterator(At); It != Stmts.rend();
         ++It) {
      const Stmt *S = *It;
      if (hasLabel(S))
        break;
      // The declaration: members its initializer list sets to constants
      // (`struct iattr a = { .ia_valid = ATTR_MODE };`).
      if (const auto *DS = dyn_cast<DeclStmt>(S);
          DS && std::find(DS->decl_begin(), DS->decl_end(), V) !=
                    DS->decl_end()) {
        if (const auto *IL = dyn_cast_or_null<InitListExpr>(
                V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr))
          initList(IL, "", Seen, Known);
        break;
      }
      if (!names(S, V))
        continue;
      const auto *BO = dyn_cast<BinaryOperator>(S);
      Chain C = BO && BO->getOpcode() == BO_Assign ? chainOf(BO->getLHS())
                                                    : Chain();
      if (C.Root != V || C.Path.empty() || names(BO->getRHS(), V)) {
        if (Init && InitArg && Stored) {
          *Init = initCall(S, V, *InitArg);
          *Stored = Seen;
        }
        break;
      }
      bool Covered = false;
      for (const std::string &P : Seen)
        Covered |= memberPathsOverlap(P, C.Path);
      Seen.insert(C.Path);
      // Part of the member (an array element, a union member): it is
      // written, its value not known.
      if (Covered || C.Within)
        continue;
      // A bit-field's value is the stored one cut to its width: not
      // recorded.
      const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
      const auto *FDl = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
      if (FDl && FDl->isBitField())
        continue;
      if (std::optional<KnownValue> V =
              stored(BO->getRHS(), BO->getLHS()->getType()))
        Known[C.Path] = *V;
    }
    return Known;
  }

  /// Calls \p Leaf with each member an initializer list sets, below
  /// \p Prefix (its semantic form: every member in order, nested structs
  /// walked, unions not), its path and its initializer (an
  /// ImplicitValueInitExpr for one not listed, which is 0).
  static void
  forEachInit(const InitListExpr *IL, const std::string &Prefix,
              const std::function<void(const FieldDecl *, const std::string &,
                                       const Expr *)> &Leaf,
              unsigned Depth = 0) {
    if (Depth > 8)
      return;
    if (IL->isSyntacticForm())
      if (const InitListExpr *Sem = IL->getSemanticForm())
        IL = Sem;
    const RecordDecl *RD = IL->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion())
      return;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (F->isUnnamedBitField()) // no initializer of its own
        continue;
      if (I >= IL->getNumInits())
        break;
      const Expr *Init = IL->getInit(I++);
      if (!Init)
        continue;
      const std::string Name = memberName(F);
      const std::string Path = Prefix.empty() ? Name : Prefix + "." + Name;
      if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreImplicit()))
        forEachInit(Sub, Path, Leaf, Depth + 1);
      else
        Leaf(F, Path, Init->IgnoreImplicit());
    }
  }

  /// Members an initializer list sets to integer constants (or, for slot
  /// origin, functions), below \p Prefix, unless a store closer to the
  /// call (\p Seen) covers them.
  void initList(const InitListExpr *IL, const std::string &Prefix,
                const std::set<std::string> &Seen,
                std::map<std::string, KnownValue> &Known) {
    forEachInit(IL, Prefix, [&](const FieldDecl *F, const std::string &Path,
                                const Expr *Init) {
      bool Covered = false; // a store closer to the call, above or below
      for (const std::string &P : Seen)
        Covered |= memberPathsOverlap(P, Path);
      if (Covered || isa<ImplicitValueInitExpr>(Init) || Known.count(Path) ||
          F->isBitField())
        return; // unlisted (zero), a bit-field: not recorded
      if (std::optional<KnownValue> V = stored(Init, F->getType()))
        Known[Path] = *V;
    });
  }


  bool isLocalRoot(const VarDecl *VD) const {
    return VD->isLocalVarDecl() && !VD->isStaticLocal() &&
           !isa<ParmVarDecl>(VD) &&
           VD->getType().getCanonicalType()->isRecordType() &&
           !VD->getType().isVolatileQualified();
  }

  /// \p S as `g(..., &v, ...);` (a call of a function named, `v` the
  /// local \p V handed once, whole, as a pointer to its own struct): the
  /// call, and in \p Arg which argument hands it.
  static const CallExpr *initCall(const Stmt *S, const VarDecl *V,
                                  unsigned &Arg) {
    const auto *E = dyn_cast<Expr>(S);
    const auto *CE =
        E ? dyn_cast<CallExpr>(E->IgnoreParenCasts()) : nullptr;
    if (!CE || !CE->getDirectCallee() || names(CE, V) != 1)
      return nullptr;
    for (unsigned I = 0; I < CE->getNumArgs() && I < 255; ++I) {
      const auto *AO =
          dyn_cast<UnaryOperator>(CE->getArg(I)->IgnoreParenCasts());
      const auto *DRE =
          AO && AO->getOpcode() == UO_AddrOf
              ? dyn_cast<DeclRefExpr>(AO->getSubExpr()->IgnoreParens())
              : nullptr;
      // Taken as a pointer to the local's own struct: the callee's
      // member paths name the local's members.
      if (DRE && DRE->getDecl() == V &&
          recordOf(CE->getArg(I)->getType()) == recordOf(V->getType()) &&
          recordOf(V->getType())) {
        Arg = I;
        return CE;
      }
    }
    return nullptr;
  }

  /// FunctionFacts::MemberSets: the stores into members of a parameter's
  /// object that every return comes after, the parameter named nowhere
  /// else: `*p = (struct T){ .m = C, .n = q }` (every member: those not
  /// listed are 0), `p->a.m = C;`, in the body's own block. Not in a
  /// function with a `goto` or a label, nor after a statement that may
  /// return. Values are constants and parameters of integer type the
  /// function never assigns.
  std::vector<MemberSet> memberSets() const {
    std::vector<MemberSet> Out;
    // A weak definition may not be the one that runs.
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
    if (!Block || jumps(Block) || FD->hasAttr<WeakAttr>())
      return Out;
    for (const VarDecl *PV : Params) {
      const auto *P = cast<ParmVarDecl>(PV);
      if (assigned(Body, P))
        continue;
      std::map<std::string, std::pair<MemberSet::KindTy, int64_t>> Set;
      // Returned: a statement that may return came before; Other: one
      // naming the parameter otherwise (which may have kept it).
      bool Returned = false, Other = false;
      for (const Stmt *S : Block->body()) {
        if (!names(S, P)) {
          Returned |= returns(S);
          continue;
        }
        const auto *BO = dyn_cast<BinaryOperator>(S);
        if (Returned || Other || !BO || BO->getOpcode() != BO_Assign ||
            names(BO->getRHS(), P)) {
          Set.clear();
          Other = true;
          continue;
        }
        const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
        const auto *D = dyn_cast<UnaryOperator>(L);
        const auto *DRE =
            D && D->getOpcode() == UO_Deref
                ? dyn_cast<DeclRefExpr>(D->getSubExpr()->IgnoreParenImpCasts())
                : nullptr;
        if (DRE && DRE->getDecl() == P) {
          // The object whole: a compound literal sets every member.
          Set.clear();
          const auto *CL =
              dyn_cast<CompoundLiteralExpr>(BO->getRHS()->IgnoreParenImpCasts());
          const auto *IL = CL ? dyn_cast_or_null<InitListExpr>(
                                    CL->getInitializer()->IgnoreImplicit())
                              : nullptr;
          if (IL)
            setList(IL, "", Set);
          continue;
        }
        Chain C = chainOf(BO->getLHS());
        if (C.Root != P || C.Path.empty() || C.Bare) {
          Set.clear();
          continue;
        }
        // A store below or above members set replaces them.
        for (auto It = Set.begin(); It != Set.end();)
          It = memberPathsOverlap(It->first, C.Path) ? Set.erase(It)
                                                     : std::next(It);
        if (C.Within)
          continue;
        const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
        if (auto V = setValue(BO->getRHS(), BO->getLHS()->getType(),
                              ME ? dyn_cast<FieldDecl>(ME->getMemberDecl())
                                 : nullptr))
          Set[C.Path] = *V;
      }
      for (const auto &[Path, V] : Set)
        Out.push_back({uint8_t(P->getFunctionScopeIndex()), Path, V.first,
                       V.second});
    }
    std::sort(Out.begin(), Out.end(), [](const MemberSet &A,
                                         const MemberSet &B) {
      return std::tie(A.Param, A.Field) < std::tie(B.Param, B.Field);
    });
    return Out;
  }

private:
  /// What \p E stores into a member of type \p T: an integer constant
  /// (storedValue()), or a function into a function pointer (slot
  /// origin: `ctx.actor = filldir`, `&filldir`, through casts).
  std::optional<KnownValue> stored(const Expr *E, QualType T) const {
    if (std::optional<int64_t> V = storedValue(E, T))
      return KnownValue{*V, nullptr};
    if (E->isValueDependent())
      return std::nullopt;
    // Ops tables: a pointer to a struct given `&table` or a parameter.
    if (T->isPointerType() && !isFunctionPointer(T) &&
        T->getPointeeType()->isRecordType()) {
      const Expr *X = E->IgnoreParenCasts();
      if (const auto *AO = dyn_cast<UnaryOperator>(X);
          AO && AO->getOpcode() == UO_AddrOf)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(AO->getSubExpr()->IgnoreParens()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (std::string K = TableKey ? TableKey(VD) : ""; !K.empty()) {
              KnownValue R;
              R.Table = std::move(K);
              return R;
            }
      if (int P = ParamOf ? ParamOf(E) : -1; P >= 0) {
        KnownValue R;
        R.FromParam = P;
        return R;
      }
      return std::nullopt;
    }
    if (!isFunctionPointer(T))
      return std::nullopt;
    if (const FunctionDecl *FD = functionNamed(E))
      return KnownValue{0, FD};
    return std::nullopt;
  }

  /// The value \p E (an integer constant expression) stores into a member
  /// of integer type \p T: converted to T.
  std::optional<int64_t> storedValue(const Expr *E, QualType T) const {
    Expr::EvalResult R;
    if (!T->isIntegralOrEnumerationType() || E->isValueDependent() ||
        !E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    if (T->isBooleanType()) // a conversion to bool, not a truncation
      return int64_t(R.Val.getInt() != 0);
    const unsigned W = unsigned(Ctx.getIntWidth(T));
    if (W == 0 || W > 64)
      return std::nullopt;
    llvm::APSInt I = R.Val.getInt().extOrTrunc(W);
    I.setIsUnsigned(!T->isSignedIntegerOrEnumerationType());
    return I.isSigned() ? I.getSExtValue() : int64_t(I.getZExtValue());
  }

  /// The value a store of \p E sets in a member of type \p T
  /// (\p Member, when known): a constant, or an integer parameter never
  /// assigned, when the member holds each of its values unchanged (or
  /// is a `bool`).
  std::optional<std::pair<MemberSet::KindTy, int64_t>>
  setValue(const Expr *E, QualType T, const FieldDecl *Member) const {
    T = T.getCanonicalType();
    if (!T->isIntegralOrEnumerationType())
      return std::nullopt;
    if (Member && Member->isBitField())
      return std::nullopt;
    if (std::optional<int64_t> V = storedValue(E, T))
      return std::make_pair(MemberSet::Const, *V);
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Q = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!Q || Q->getDeclContext() != FD || Q->getFunctionScopeIndex() >= 255 ||
        assigned(Body, Q))
      return std::nullopt;
    QualType QT = Q->getType().getCanonicalType();
    if (!QT->isIntegralOrEnumerationType())
      return std::nullopt;
    const int64_t I = int64_t(Q->getFunctionScopeIndex());
    if (T->isBooleanType())
      return std::make_pair(MemberSet::FromParamBool, I);
    const uint64_t WQ = Ctx.getIntWidth(QT), WT = Ctx.getIntWidth(T);
    const bool SQ = QT->isSignedIntegerOrEnumerationType(),
               ST = T->isSignedIntegerOrEnumerationType();
    if (QT->isBooleanType() || (SQ == ST && WQ <= WT) || (!SQ && ST && WQ < WT))
      return std::make_pair(MemberSet::FromParam, I);
    return std::nullopt;
  }

  /// Members a compound literal's initializer list sets (every member:
  /// those not listed 0), below \p Prefix.
  void setList(const InitListExpr *IL, const std::string &Prefix,
               std::map<std::string, std::pair<MemberSet::KindTy, int64_t>>
                   &Set) const {
    forEachInit(IL, Prefix, [&](const FieldDecl *F, const std::string &Path,
                                const Expr *Init) {
      QualType T = F->getType().getCanonicalType();
      if (!isa<ImplicitValueInitExpr>(Init)) {
        if (auto V = setValue(Init, T, F))
          Set[Path] = *V;
      } else if (T->isIntegralOrEnumerationType() && !F->isBitField()) {
        Set[Path] = {MemberSet::Const, 0};
      }
    });
  }


  /// Whether \p S assigns \p V, increments it or takes its address.
  static bool assigned(const Stmt *S, const VarDecl *V) {
    if (!S)
      return false;
    auto Is = [&](const Expr *E) {
      const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return DRE && DRE->getDecl() == V;
    };
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp() && Is(BO->getLHS()))
        return true;
    if (const auto *UO = dyn_cast<UnaryOperator>(S))
      if ((UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
          Is(UO->getSubExpr()))
        return true;
    for (const Stmt *C : S->children())
      if (assigned(C, V))
        return true;
    return false;
  }

  /// Whether \p S has a `goto` or a label (a jump the block order does
  /// not show).
  static bool jumps(const Stmt *S) {
    if (!S)
      return false;
    if (isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S) || isa<LabelStmt>(S))
      return true;
    for (const Stmt *C : S->children())
      if (jumps(C))
        return true;
    return false;
  }

  /// Whether \p S may return from the function.
  static bool returns(const Stmt *S) {
    if (!S)
      return false;
    if (isa<ReturnStmt>(S))
      return true;
    for (const Stmt *C : S->children())
      if (returns(C))
        return true;
    return false;
  }

  struct Chain {
    const VarDecl *Root = nullptr;
    std::string Path;
    bool Bare = false; ///< The variable itself, not its object.
    /// Path names storage that holds the lvalue, not the lvalue itself:
    /// an array element (`p->arr[i].x` is in "arr") or a union member.
    bool Within = false;
  };

  static bool isRecordPointer(QualType T) {
    T = T.getCanonicalType();
    const auto *PT = T->getAs<PointerType>();
    return PT && PT->getPointeeType().getCanonicalType()->isRecordType();
  }

  bool isRoot(const VarDecl *VD) const {
    return Params.count(VD) || Alias.count(VD) || isLocalRoot(VD);
  }

  /// The root and member path of an lvalue: `p->a.b`, `(*p).a`, `p[i]`
  /// (the object whole), `v.a`, `*(T *)&p->a` (WRITE_ONCE()); `p` itself
  /// (Bare). A member of a union cuts the path at the union.
  Chain chainOf(const Expr *E) const {
    std::vector<const FieldDecl *> Members; // outermost first
    bool Deref = false, Within = false;
    E = E->IgnoreParenImpCasts();
    for (unsigned Depth = 0; Depth < 32; ++Depth) {
      if (const auto *ME = dyn_cast<MemberExpr>(E)) {
        const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
        if (!F || Deref)
          return {};
        Members.push_back(F);
        Deref = ME->isArrow();
        E = ME->getBase()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        if (Deref)
          return {};
        Members.clear(); // some element: the array (or object) whole
        Within = true;
        const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
        if (!Base->getType()->isArrayType())
          Deref = true;
        E = Base;
        continue;
      }
      if (const auto *UO = dyn_cast<UnaryOperator>(E);
          UO && UO->getOpcode() == UO_Deref) {
        if (Deref)
          return {};
        const Expr *Sub = UO->getSubExpr()->IgnoreParenCasts();
        if (const auto *AO = dyn_cast<UnaryOperator>(Sub);
            AO && AO->getOpcode() == UO_AddrOf) {
          // *(T *)&x: x, when T is x's type (qualifiers aside).
          const Expr *X = AO->getSubExpr()->IgnoreParenImpCasts();
          if (!Ctx.hasSameUnqualifiedType(UO->getType(), X->getType()))
            return {};
          E = X;
          continue;
        }
        Deref = true;
        E = UO->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      const auto *DRE = dyn_cast<DeclRefExpr>(E);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!VD || !isRoot(VD))
        return {};
      const bool Pointer = !isLocalRoot(VD);
      Chain C;
      C.Root = VD;
      C.Within = Within;
      if (Pointer && !Deref) {
        if (!Members.empty())
          return {};
        C.Bare = true;
        return C;
      }
      if (Pointer != Deref)
        return {};
      for (auto It = Members.rbegin(); It != Members.rend(); ++It) {
        const FieldDecl *F = *It;
        if (F->getParent()->isUnion()) {
          C.Within = true;
          break;
        }
        if (!C.Path.empty())
          C.Path += '.';
        C.Path += memberName(F);
      }
      return C;
    }
    return {};
  }

  unsigned pos(const Stmt *S, bool End = false) const {
    SourceLocation L = End ? S->getEndLoc() : S->getBeginLoc();
    if (L.isInvalid())
      return End ? ~0u : 0;
    L = End ? SM.getExpansionRange(L).getEnd() : SM.getExpansionLoc(L);
    return SM.getFileOffset(L);
  }

  void event(FieldEvent::KindTy K, const VarDecl *Root, const Stmt *At,
             std::string Path = {}, const CallExpr *Call = nullptr,
             unsigned Arg = 0, bool ResultUsed = false) {
    FieldEvent E{K, Root, std::move(Path), Call, Arg, At, pos(At),
                 ResultUsed};
    Events.push_back(std::move(E));
  }

  void add(TmpEffects &T, const FieldEvent &E) const {
    // Through an alias the object's type is not known: a store writes it
    // whole, a member handed is the object handed.
    const bool ViaAlias = Alias.count(E.Root) != 0;
    switch (E.Kind) {
    case FieldEvent::Assign:
      break;
    case FieldEvent::Write:
      if (ViaAlias || E.Path.empty())
        T.WritesAll = true;
      else
        T.Writes.insert(E.Path);
      break;
    case FieldEvent::Escape:
      T.Escapes = true;
      break;
    case FieldEvent::Returned:
      T.Returns = true;
      break;
    case FieldEvent::Pass:
      T.Passes.emplace_back(E.Call, uint8_t(E.Arg),
                            ViaAlias ? std::string("?") : E.Path,
                            E.ResultUsed);
      break;
    }
  }

  // --- aliases: locals given a parameter's pointer (container_of()) ---

  /// The roots whose pointer \p E evaluates to, through casts, pointer
  /// arithmetic, `?:` and statement expressions.
  void pointerRoots(const Expr *E, std::vector<const VarDecl *> &Out,
                    unsigned Depth = 0) const {
    if (!E || Depth > 16)
      return;
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (const VarDecl *P = paramOf(VD))
          Out.push_back(P);
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) {
        pointerRoots(BO->getLHS(), Out, Depth + 1);
        pointerRoots(BO->getRHS(), Out, Depth + 1);
      } else if (BO->getOpcode() == BO_Comma) {
        pointerRoots(BO->getRHS(), Out, Depth + 1);
      }
      return;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      pointerRoots(CO->getTrueExpr(), Out, Depth + 1);
      pointerRoots(CO->getFalseExpr(), Out, Depth + 1);
      return;
    }
    if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      const CompoundStmt *CS = SE->getSubStmt();
      if (!CS->body_empty())
        if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
          pointerRoots(Last, Out, Depth + 1);
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf) {
      Chain C = chainOf(UO->getSubExpr());
      if (C.Root && !C.Bare)
        if (const VarDecl *P = paramOf(C.Root))
          Out.push_back(P);
      return;
    }
    // A call handed the pointer may return it, or the object around it
    // (`file_lock(flc)` is container_of()).
    if (const auto *CE = dyn_cast<CallExpr>(E))
      for (const Expr *A : CE->arguments())
        pointerRoots(A, Out, Depth + 1);
  }

  /// Pointer locals every value of which comes from one parameter's
  /// pointer (and whose address is never taken), to a fixpoint.
  void findAliases() {
    if (Params.empty())
      return;
    // Every assignment and initializer of a local pointer.
    std::vector<std::pair<const VarDecl *, const Expr *>> Gives;
    std::set<const VarDecl *> Taken;
    std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
      if (!S)
        return;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (VD->isLocalVarDecl() && !VD->isStaticLocal() &&
                VD->getType()->isPointerType() && VD->getInit())
              Gives.emplace_back(VD, VD->getInit());
      if (const auto *BO = dyn_cast<BinaryOperator>(S))
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (VD->isLocalVarDecl() && !isa<ParmVarDecl>(VD))
              Gives.emplace_back(VD, BO->getOpcode() == BO_Assign
                                         ? BO->getRHS()
                                         : nullptr);
      if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
        if (UO->getOpcode() == UO_AddrOf)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(
                  UO->getSubExpr()->IgnoreParenImpCasts()))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              Taken.insert(VD);
        if (UO->isIncrementDecrementOp())
          if (const auto *DRE = dyn_cast<DeclRefExpr>(
                  UO->getSubExpr()->IgnoreParenImpCasts()))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              Gives.emplace_back(VD, nullptr);
      }
      for (const Stmt *C : S->children())
        Scan(C);
    };
    Scan(Body);
    // A local is an alias of parameter P when some value given it comes
    // from P (or an alias of P) and no value comes from another root.
    for (bool Changed = true; Changed;) {
      Changed = false;
      std::map<const VarDecl *, std::set<const VarDecl *>> From;
      std::set<const VarDecl *> Unknown;
      for (const auto &[VD, E] : Gives) {
        if (Taken.count(VD) || Params.count(VD))
          continue;
        if (!E)
          continue; // incremented: still points into the same object
        std::vector<const VarDecl *> R;
        pointerRoots(E, R);
        for (const VarDecl *P : R)
          From[VD].insert(P);
      }
      for (auto &[VD, Ps] : From) {
        if (Ps.size() != 1)
          continue; // two parameters: the walk treats it as an escape
        const VarDecl *P = *Ps.begin();
        auto It = Alias.find(VD);
        if (It == Alias.end()) {
          Alias[VD] = P;
          Changed = true;
        }
      }
    }
    // Aliases of two parameters are escapes of both (stmt() sees the
    // values copied into a local that is no alias).
  }

  // --- the walk ---

  /// \p E in \p U, where a DeclRefExpr of a parameter (or alias) stands
  /// for its pointer.
  void expr(const Expr *E, Use U) {
    if (!E)
      return;
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      expr(ICE->getSubExpr(), U);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (VD && paramOf(VD) && U == Use::Value)
        event(FieldEvent::Escape, VD, E);
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      pointerOperand(ME->getBase());
      return;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      pointerOperand(AS->getBase());
      expr(AS->getIdx(), Use::Value);
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      switch (UO->getOpcode()) {
      case UO_AddrOf: {
        Chain C = chainOf(UO->getSubExpr());
        if (C.Root && !C.Bare) {
          if (U == Use::Value)
            event(FieldEvent::Escape, C.Root, E);
          return;
        }
        // &x->y->z: a member of another object; &((T *)p)->f: into an
        // alias of p's object, handed on.
        if (U == Use::Value)
          for (const VarDecl *V : aliasedBy(UO->getSubExpr()))
            event(FieldEvent::Escape, V, E);
        expr(UO->getSubExpr(), Use::Read);
        return;
      }
      case UO_Deref:
        pointerOperand(UO->getSubExpr());
        return;
      case UO_PreInc:
      case UO_PreDec:
      case UO_PostInc:
      case UO_PostDec:
        write(UO->getSubExpr(), E);
        return;
      case UO_LNot:
        expr(UO->getSubExpr(), Use::Test);
        return;
      default:
        expr(UO->getSubExpr(), Use::Value);
        return;
      }
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->isAssignmentOp()) {
        write(BO->getLHS(), E);
        // A root's pointer stored into its own object (`p->next = p`,
        // INIT_LIST_HEAD()) does not leave it.
        Chain L = chainOf(BO->getLHS());
        const Expr *R = BO->getRHS()->IgnoreParenCasts();
        Chain RC;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(R))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (paramOf(VD)) {
              RC.Root = VD;
              RC.Bare = true;
            }
        if (const auto *AO = dyn_cast<UnaryOperator>(R);
            AO && AO->getOpcode() == UO_AddrOf)
          RC = chainOf(AO->getSubExpr());
        if (L.Root && !L.Bare && RC.Root &&
            (RC.Root == L.Root ||
             (paramOf(RC.Root) && paramOf(RC.Root) == paramOf(L.Root))))
          return;
        // A local alias given the pointer: not an escape (its own uses
        // are the parameter's).
        if (L.Root && L.Bare && Alias.count(L.Root))
          return;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(
                BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (Alias.count(VD))
              return;
        expr(BO->getRHS(), Use::Value);
        return;
      }
      if (BO->isComparisonOp() || BO->isLogicalOp()) {
        expr(BO->getLHS(), Use::Test);
        expr(BO->getRHS(), Use::Test);
        return;
      }
      if (BO->getOpcode() == BO_Comma) {
        expr(BO->getLHS(), Use::Discard);
        expr(BO->getRHS(), U);
        return;
      }
      if (BO->getOpcode() == BO_Sub && BO->getLHS()->getType()->isPointerType() &&
          BO->getRHS()->getType()->isPointerType()) {
        expr(BO->getLHS(), Use::Test);
        expr(BO->getRHS(), Use::Test);
        return;
      }
      // Pointer arithmetic (container_of()'s `__mptr - offsetof(...)`):
      // the pointer is used as the result is; the offset is a value.
      if ((BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
          BO->getType()->isPointerType()) {
        const bool LeftPtr = BO->getLHS()->getType()->isPointerType();
        expr(LeftPtr ? BO->getLHS() : BO->getRHS(), U);
        expr(LeftPtr ? BO->getRHS() : BO->getLHS(), Use::Value);
        return;
      }
      expr(BO->getLHS(), Use::Value);
      expr(BO->getRHS(), Use::Value);
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      call(CE, U);
      return;
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      expr(CO->getCond(), Use::Test);
      expr(CO->getTrueExpr(), U);
      expr(CO->getFalseExpr(), U);
      return;
    }
    if (isa<UnaryExprOrTypeTraitExpr>(E) || isa<OffsetOfExpr>(E))
      return;
    if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      const CompoundStmt *CS = SE->getSubStmt();
      for (const Stmt *S : CS->body())
        if (S == CS->body_back() && isa<Expr>(S))
          expr(cast<Expr>(S), U);
        else
          stmt(S);
      return;
    }
    if (const auto *CE = dyn_cast<ExplicitCastExpr>(E)) {
      expr(CE->getSubExpr(), U == Use::Read ? Use::Value : U);
      return;
    }
    if (const auto *GS = dyn_cast<GenericSelectionExpr>(E)) {
      if (!GS->isResultDependent())
        expr(GS->getResultExpr(), U);
      return;
    }
    if (const auto *Ch = dyn_cast<ChooseExpr>(E)) {
      if (!Ch->isConditionDependent())
        expr(Ch->getChosenSubExpr(), U);
      return;
    }
    for (const Stmt *C : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(C))
        expr(CE, Use::Value);
      else
        stmt(C);
  }

  /// The pointer a member access, subscript or dereference reads
  /// through: a variable or a pointer read from memory hands nothing on;
  /// a computed one (a cast, container_of(), arithmetic) is walked for
  /// what it contains, its roots only read through.
  void pointerOperand(const Expr *P) {
    const Expr *S = P->IgnoreParenImpCasts();
    if (isa<DeclRefExpr>(S))
      return;
    if (isa<MemberExpr>(S) || isa<ArraySubscriptExpr>(S) ||
        (isa<UnaryOperator>(S) &&
         cast<UnaryOperator>(S)->getOpcode() == UO_Deref)) {
      expr(S, Use::Read);
      return;
    }
    expr(S, Use::Test);
  }

  /// The pointer at the bottom of lvalue \p E (`q` of `q->a.b`, `*q`,
  /// `q[i]`), or null when E is rooted at a variable of record type or is
  /// no such lvalue.
  static const Expr *innerPointer(const Expr *E) {
    for (unsigned Depth = 0; E && Depth < 32; ++Depth) {
      E = E->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(E)) {
        if (ME->isArrow())
          return ME->getBase();
        E = ME->getBase();
      } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        const Expr *B = AS->getBase()->IgnoreParenImpCasts();
        if (!B->getType()->isArrayType())
          return AS->getBase();
        E = B;
      } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
                 UO && UO->getOpcode() == UO_Deref) {
        const Expr *Sub = UO->getSubExpr()->IgnoreParenCasts();
        if (const auto *AO = dyn_cast<UnaryOperator>(Sub);
            AO && AO->getOpcode() == UO_AddrOf)
          E = AO->getSubExpr();
        else
          return UO->getSubExpr();
      } else {
        return nullptr;
      }
    }
    return nullptr;
  }

  /// The roots a computed pointer at the bottom of lvalue \p E comes
  /// from (`((T *)p)->f`, `container_of(p, T, m)->f`): an alias of their
  /// objects of a type wqdep does not follow.
  std::vector<const VarDecl *> aliasedBy(const Expr *E) const {
    std::vector<const VarDecl *> R;
    const Expr *P = innerPointer(E);
    if (!P)
      return R;
    const Expr *S = P->IgnoreParenImpCasts();
    if (isa<DeclRefExpr>(S) || isa<MemberExpr>(S) ||
        isa<ArraySubscriptExpr>(S) ||
        (isa<UnaryOperator>(S) &&
         cast<UnaryOperator>(S)->getOpcode() == UO_Deref))
      return R;
    pointerRoots(S, R);
    return R;
  }

  /// A store into \p LHS (by \p At).
  void write(const Expr *LHS, const Stmt *At) {
    Chain C = chainOf(LHS);
    if (C.Root) {
      if (C.Bare) {
        event(FieldEvent::Assign, C.Root, At);
        return;
      }
      if (paramOf(C.Root))
        event(FieldEvent::Write, C.Root, At, C.Path);
      return;
    }
    const Expr *S = LHS->IgnoreParenImpCasts();
    if (isa<DeclRefExpr>(S))
      return; // a variable that is no root
    // Through an alias (a cast, container_of()): the object whole.
    for (const VarDecl *V : aliasedBy(S))
      event(FieldEvent::Write, V, At, "");
    expr(S, Use::Read);
  }

  void call(const CallExpr *CE, Use U) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    const unsigned Builtin = Callee ? Callee->getBuiltinID() : 0;
    StringRef Name = Callee && Callee->getIdentifier() ? Callee->getName()
                                                       : StringRef();
    if (Builtin) {
      Name = Ctx.BuiltinInfo.getName(Builtin);
      Name.consume_front("__builtin_");
    }
    if (!Callee)
      expr(CE->getCallee(), Use::Read);
    const FunctionProtoType *Proto = nullptr;
    if (const auto *PT = CE->getCallee()->getType()->getAs<PointerType>())
      Proto = PT->getPointeeType()->getAs<FunctionProtoType>();
    const bool ResultUsed = U == Use::Value || U == Use::Read;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      const Expr *A = CE->getArg(I)->IgnoreParenCasts();
      Chain C;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(A)) {
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (paramOf(VD)) {
            C.Root = VD;
            C.Bare = true;
          }
      } else if (const auto *AO = dyn_cast<UnaryOperator>(A);
                 AO && AO->getOpcode() == UO_AddrOf) {
        C = chainOf(AO->getSubExpr());
        if (C.Bare)
          C = Chain();
      }
      if (!C.Root) {
        expr(CE->getArg(I), Use::Value);
        continue;
      }
      // A parameter declared to point to const is not written through
      // (what the kernel's `const` promises).
      if (Proto && I < Proto->getNumParams()) {
        QualType PT = Proto->getParamType(I).getCanonicalType();
        if (PT->isPointerType() && PT->getPointeeType().isConstQualified())
          continue;
      }
      if (Builtin || writesFirstArg(Name) || readsArgs(Name)) {
        if (readsArgs(Name) ||
            (Builtin && !writesFirstArg(Name) &&
             Ctx.BuiltinInfo.isConst(Builtin)))
          continue;
        if (writesFirstArg(Name) ? I == 0 : true)
          if (paramOf(C.Root))
            event(FieldEvent::Write, C.Root, CE, C.Bare ? "" : C.Path);
        if (Builtin && !writesFirstArg(Name) && !readsArgs(Name) &&
            !Ctx.BuiltinInfo.isPure(Builtin))
          event(FieldEvent::Escape, C.Root, CE);
        continue;
      }
      // A callee summarises only its parameters that point to a struct
      // (FieldWalker::Params): a parameter's object, or a member's
      // address, handed as anything else (`void *`, `T **` for
      // `&p->ops`, `int *` for `&p->n`, a variadic argument, a call
      // without a prototype) may be written there, or kept.
      if (paramOf(C.Root) &&
          !(Proto && I < Proto->getNumParams() &&
            isRecordPointer(Proto->getParamType(I)))) {
        event(FieldEvent::Escape, C.Root, CE);
        continue;
      }
      event(FieldEvent::Pass, C.Root, CE, C.Bare ? "" : C.Path, CE, I,
            ResultUsed);
    }
  }

  void stmt(const Stmt *S) {
    if (!S)
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      expr(E, Use::Discard);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const Expr *Init = VD->getInit()) {
            if (Alias.count(VD)) {
              expr(Init, Use::Test);
              continue;
            }
            expr(Init, Use::Value);
          }
      return;
    }
    if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
      if (const Expr *V = RS->getRetValue()) {
        std::vector<const VarDecl *> R;
        if (V->getType()->isPointerType())
          pointerRoots(V, R);
        for (const VarDecl *P : R)
          event(FieldEvent::Returned, P, RS);
        expr(V, R.empty() ? Use::Value : Use::Test);
      }
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      stmt(If->getInit());
      stmt(If->getConditionVariableDeclStmt());
      expr(If->getCond(), Use::Test);
      stmt(If->getThen());
      stmt(If->getElse());
      return;
    }
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      expr(W->getCond(), Use::Test);
      stmt(W->getBody());
      return;
    }
    if (const auto *D = dyn_cast<DoStmt>(S)) {
      stmt(D->getBody());
      expr(D->getCond(), Use::Test);
      return;
    }
    if (const auto *F = dyn_cast<ForStmt>(S)) {
      stmt(F->getInit());
      expr(F->getCond(), Use::Test);
      expr(F->getInc(), Use::Discard);
      stmt(F->getBody());
      return;
    }
    if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
      stmt(Sw->getInit());
      expr(Sw->getCond(), Use::Test);
      stmt(Sw->getBody());
      return;
    }
    if (const auto *AS = dyn_cast<GCCAsmStmt>(S)) {
      for (unsigned I = 0; I < AS->getNumOutputs(); ++I)
        write(AS->getOutputExpr(I), AS);
      for (unsigned I = 0; I < AS->getNumInputs(); ++I)
        expr(AS->getInputExpr(I), Use::Value);
      return;
    }
    for (const Stmt *C : S->children())
      stmt(C);
  }

  /// How many times \p S names \p V.
  static unsigned names(const Stmt *S, const VarDecl *V) {
    if (!S)
      return 0;
    unsigned N = 0;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      N += DRE->getDecl() == V;
    for (const Stmt *C : S->children())
      N += names(C, V);
    return N;
  }
  static bool hasLabel(const Stmt *S) {
    if (!S)
      return false;
    if (isa<LabelStmt>(S) || isa<SwitchCase>(S))
      return true;
    for (const Stmt *C : S->children())
      if (hasLabel(C))
        return true;
    return false;
  }

  bool cfg() {
    if (!Built) {
      Built = true;
      CFG::BuildOptions BO;
      BO.setAllAlwaysAdd();
      Cfg = CFG::buildCFG(FD, Body, &Ctx, BO);
      if (Cfg && parents())
        Map.reset(CFGStmtMap::Build(Cfg.get(), PM.get()));
    }
    return Map != nullptr;
  }
  bool parents() {
    if (!PM)
      PM = std::make_unique<ParentMap>(Body);
    return true;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  const FunctionDecl *FD;
  Stmt *Body;
  std::set<const VarDecl *, std::less<>> Params;
  std::map<const VarDecl *, const VarDecl *> Alias;
  std::vector<FieldEvent> Events;
  bool Built = false;
  std::unique_ptr<CFG> Cfg;
  std::unique_ptr<ParentMap> PM;
  std::unique_ptr<CFGStmtMap> Map;
};

// --- FunctionExtractor's side ---

FieldFacts::FieldFacts(ASTContext &Ctx, const FunctionDecl *FD, Stmt *Body,
                       std::function<std::string(const FunctionDecl *)> FnKey,
                       std::function<std::string(const VarDecl *)> TableKey,
                       std::function<int(const Expr *)> ParamOf)
    : FD(FD), W(std::make_unique<FieldWalker>(Ctx, FD, Body)),
      FnKey(std::move(FnKey)) {
  W->TableKey = std::move(TableKey);
  W->ParamOf = std::move(ParamOf);
}
FieldFacts::~FieldFacts() = default;

uint32_t FieldFacts::intern(TmpEffects T) {
  auto [It, New] = Ids.try_emplace(T, uint32_t(Pending.size()));
  if (New)
    Pending.push_back(std::move(T));
  return It->second + 1;
}

bool FieldFacts::guard(const Expr *Operand, const Expr *At, int &Param,
                       std::string &Path, uint32_t &Before) {
  const ParmVarDecl *P = W->member(Operand, Path);
  if (!P)
    return false;
  QualType T = Operand->getType().getCanonicalType();
  if (!T->isIntegralOrEnumerationType() && !T->isPointerType())
    return false;
  return testedAt(P, At, Param, Before);
}

bool FieldFacts::paramGuard(const Expr *Arg, const Expr *At, int &Param,
                            uint32_t &Before) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  return P && W->params().count(P) && testedAt(P, At, Param, Before);
}

bool FieldFacts::testedAt(const ParmVarDecl *P, const Expr *At, int &Param,
                          uint32_t &Before) {
  std::optional<TmpEffects> B = W->before(P, At, nullptr);
  if (!B)
    return false;
  Param = int(P->getFunctionScopeIndex());
  Before = intern(std::move(*B));
  return true;
}

void FieldFacts::atCall(const CallExpr *CE, CallSite &CS) {
  // Pointer parameters passed on unchanged: what happened to their
  // objects before. Not when the callee takes the pointer as another
  // type (`void *`, another struct: a member path would name another
  // member there).
  for (size_t J = 0; J < CS.ArgParams.size(); ++J) {
    const int P = CS.argParam(J);
    if (P < 0)
      continue;
    bool Retyped = false;
    for (size_t K = 0; K < CS.ArgParams.size() && K < CE->getNumArgs(); ++K)
      if (CS.argParam(K) == P)
        Retyped |= recordOf(CE->getArg(unsigned(K))->getType()) !=
                   recordOf(FD->getParamDecl(unsigned(P))->getType());
    if (Retyped)
      continue;
    const VarDecl *PV = nullptr;
    for (const VarDecl *V : W->params())
      if (cast<ParmVarDecl>(V)->getFunctionScopeIndex() == unsigned(P))
        PV = V;
    if (!PV)
      continue;
    bool Have = false;
    for (const auto &[Q, B] : CS.ParamBefore)
      Have |= Q == P;
    if (Have)
      continue;
    std::optional<TmpEffects> B =
        W->before(cast<ParmVarDecl>(PV), CE, CE);
    if (B)
      CS.ParamBefore.push_back({uint8_t(P), intern(std::move(*B))});
  }
  // `&local` (or `&local.m`, a member of struct type: slot origin's
  // `&buf.ctx`) with members stored just before.
  for (unsigned I = 0; I < CE->getNumArgs() && I < 255; ++I) {
    const auto *AO =
        dyn_cast<UnaryOperator>(CE->getArg(I)->IgnoreParenCasts());
    if (!AO || AO->getOpcode() != UO_AddrOf)
      continue;
    // The members named down to the local, outermost last; none in a
    // union (which overlays others).
    std::string Prefix;
    const Expr *Sub = AO->getSubExpr()->IgnoreParenImpCasts();
    bool Plain = true;
    while (const auto *ME = dyn_cast<MemberExpr>(Sub)) {
      const auto *FDl = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FDl || ME->isArrow() || FDl->getParent()->isUnion() ||
          !FDl->getType().getCanonicalType()->isRecordType()) {
        Plain = false;
        break;
      }
      Prefix = memberName(FDl) + (Prefix.empty() ? "" : ".") + Prefix;
      Sub = ME->getBase()->IgnoreParenImpCasts();
    }
    const auto *DRE = Plain ? dyn_cast<DeclRefExpr>(Sub) : nullptr;
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || !W->isLocalRoot(V))
      continue;
    // The callee takes it as a pointer to the same struct.
    const RecordDecl *Handed = recordOf(AO->getSubExpr()->getType());
    if (!Handed || Handed != recordOf(CE->getArg(I)->getType()))
      continue;
    const CallExpr *Init = nullptr;
    unsigned InitArg = 0;
    std::set<std::string> Stored;
    std::map<std::string, KnownValue> Known = W->knownAt(
        V, CE, Prefix.empty() ? &Init : nullptr, &InitArg, &Stored);
    // The call that set the local up, numbered (it came before).
    std::optional<uint32_t> InitCall;
    if (Init)
      if (auto It = Sites.find(Init); It != Sites.end() && It->second.second == 1)
        InitCall = It->second.first;
    if (!Prefix.empty()) {
      // The members below the one handed, named from it.
      std::map<std::string, KnownValue> Below;
      for (auto &[Path, Value] : Known)
        if (Path.size() > Prefix.size() + 1 &&
            Path.compare(0, Prefix.size(), Prefix) == 0 &&
            Path[Prefix.size()] == '.')
          Below[Path.substr(Prefix.size() + 1)] = Value;
      Known = std::move(Below);
    }
    if (Known.empty() && !InitCall)
      continue;
    // Wherever else the function hands the local's address before the
    // call: a callee that keeps it lets anything write the object.
    std::optional<TmpEffects> Before = W->before(V, CE, CE);
    if (!Before || Before->Escapes)
      continue;
    TmpEffects Else = std::move(*Before);
    Else.Writes.clear();
    Else.WritesAll = false;
    const uint32_t B = intern(std::move(Else));
    for (const auto &[Path, Value] : Known)
      CS.ArgFields.push_back({uint8_t(I), Path, Value.Value, B,
                              Value.Fn ? FnKey(Value.Fn) : std::string(),
                              Value.Table, int16_t(Value.FromParam)});
    if (InitCall)
      CS.ArgInits.push_back({uint8_t(I), *InitCall, uint8_t(InitArg), B,
                             {Stored.begin(), Stored.end()}});
  }
}

void FieldFacts::slotRead(const Expr *Callee, const CallExpr *CE,
                          CallSite &CS, const ObjectRef &Receiver) {
  if (!isFunctionPointer(Callee->getType()))
    return;
  std::string Path;
  const ParmVarDecl *P = W->member(Callee, Path);
  // Ops tables: `p->ops->cb(...)`, `ops = p->ops; ops->cb(...)`: the
  // receiver is the object p's pointer member ops points to.
  const auto *ME = dyn_cast<MemberExpr>(Callee->IgnoreParenImpCasts());
  if (!P && ME && ME->isArrow() && Receiver.Kind == ObjectRef::Param &&
      Receiver.Path.size() > 1 && Receiver.Path[0] == '.' &&
      Receiver.Path.find('[') == std::string::npos &&
      Receiver.Index < FD->getNumParams()) {
    const ParmVarDecl *Q = FD->getParamDecl(Receiver.Index);
    std::optional<TmpEffects> B =
        W->params().count(Q) ? W->before(Q, CE, CE) : std::nullopt;
    if (B)
      CS.SlotReads.push_back({uint8_t(Receiver.Index), Receiver.Path.substr(1),
                              intern(std::move(*B)), true});
    return;
  }
  if (!P)
    return;
  std::optional<TmpEffects> B = W->before(P, CE, CE);
  if (!B)
    return;
  CS.SlotReads.push_back({uint8_t(P->getFunctionScopeIndex()), Path,
                          intern(std::move(*B))});
}

void FieldFacts::noteCalls(const CallExpr *CE, uint32_t First, uint32_t N) {
  Sites[CE] = {First, N};
}

void FieldFacts::finish(FunctionFacts &F) {
  auto Convert = [&](const TmpEffects &T) {
    FieldEffects X;
    X.Param = T.Param;
    X.Escapes = T.Escapes;
    X.WritesAll = T.WritesAll;
    X.Returns = T.Returns;
    X.Writes.assign(T.Writes.begin(), T.Writes.end());
    for (const auto &[CE, Arg, Sub, Used] : T.Passes) {
      auto It = Sites.find(CE);
      if (It == Sites.end() || It->second.second == 0) {
        // No call site: a workqueue primitive, a call wqdep does not
        // follow. Anything may happen to the object.
        X.Escapes = true;
        continue;
      }
      for (uint32_t I = 0; I < It->second.second; ++I) {
        FieldPass P{It->second.first + I, Arg, Sub, Used};
        if (std::find(X.Passes.begin(), X.Passes.end(), P) == X.Passes.end())
          X.Passes.push_back(std::move(P));
      }
    }
    if (X.Escapes) {
      X.WritesAll = X.Returns = false;
      X.Writes.clear();
      X.Passes.clear();
    }
    return X;
  };
  F.FieldBefore.clear();
  for (const TmpEffects &T : Pending)
    F.FieldBefore.push_back(Convert(T));
  F.ParamEffects.clear();
  for (const VarDecl *V : W->params()) {
    const auto *P = cast<ParmVarDecl>(V);
    FieldEffects X =
        Convert(W->all(P, uint8_t(P->getFunctionScopeIndex()),
                       [](const FieldEvent &) { return false; }));
    if (!X.empty())
      F.ParamEffects.push_back(std::move(X));
  }
  F.MemberSets = W->memberSets();
  std::sort(F.ParamEffects.begin(), F.ParamEffects.end(),
            [](const FieldEffects &A, const FieldEffects &B) {
              return A.Param < B.Param;
            });
}

} // namespace wqdep::extract
