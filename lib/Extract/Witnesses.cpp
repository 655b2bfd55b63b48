//===- Witnesses.cpp - Calls made on every run, object-class witnesses ----===//
//
// The first walk of FunctionExtractor's pass 2 (ExtractorImpl.h): in source
// order, which calls a function makes on every run that gets as far as
// them (CallSite::Always), which come after a call that never returns
// (CallSite::AfterTerminal), and the object-class witnesses it holds
// (FunctionFacts::Witnesses, Graph/Witnesses.h reads them).
//
//===----------------------------------------------------------------------===//
#include "Extract/ExtractorImpl.h"

#include "clang/Basic/Builtins.h"

namespace wqdep::extract {

void FunctionExtractor::walkAlways(const Stmt *S, bool Cond) {
  if (!S)
    return;
  auto Walk = [&](const Stmt *C, bool InBranch) {
    walkAlways(C, Cond || InBranch);
  };
  // \p C, walked where \p Guard is true (\p Positive) or false: a branch.
  auto Under = [&](const Expr *Guard, bool Positive, const Stmt *C) {
    const size_t Mark = GuardStack.size();
    addGuards(Guard, Positive);
    Walk(C, true);
    GuardStack.resize(Mark);
  };
  // Whether a call that never returns here ends every run that gets here.
  const bool EveryRun = !Cond && !Exited;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    if (EveryRun)
      AlwaysCalls.insert(CE);
    if (Terminal)
      AfterTerminalCalls.insert(CE);
    if (!GuardStack.empty())
      CallGuards[CE] = GuardStack;
  } else if (const auto *Cast = dyn_cast<CastExpr>(S)) {
    if (!Cond && !Exited)
      noteWitness(Cast);
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    Walk(If->getInit(), false);
    Walk(If->getConditionVariableDeclStmt(), false);
    Walk(If->getCond(), false);
    const Expr *G = If->getConditionVariable() ? nullptr : If->getCond();
    Under(G, true, If->getThen());
    Under(G, false, If->getElse());
  } else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S)) {
    Walk(CO->getCond(), false);
    // `a ?: b` evaluates a once: its condition is no expression of its own.
    const Expr *G = isa<ConditionalOperator>(CO) ? CO->getCond() : nullptr;
    Under(G, true, CO->getTrueExpr());
    Under(G, false, CO->getFalseExpr());
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
             BO && BO->isLogicalOp()) {
    Walk(BO->getLHS(), false);
    Under(BO->getLHS(), BO->getOpcode() == BO_LAnd, BO->getRHS());
  } else if (const auto *For = dyn_cast<ForStmt>(S)) {
    Walk(For->getInit(), false);
    Walk(For->getCond(), false);
    // A parameter never assigned tests the same on every iteration.
    Under(For->getCond(), true, For->getBody());
    Under(For->getCond(), true, For->getInc());
  } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
    Walk(While->getCond(), false);
    Under(While->getCond(), true, While->getBody());
  } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
    // The body runs once at least: `do { ... } while (0)` is no branch.
    Walk(Do->getBody(), false);
    Walk(Do->getCond(), false);
  } else if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
    Walk(Sw->getInit(), false);
    Walk(Sw->getCond(), false);
    Walk(Sw->getBody(), true);
  } else if (isa<UnaryExprOrTypeTraitExpr>(S)) {
    // sizeof and the like evaluate nothing.
  } else if (const auto *GS = dyn_cast<GenericSelectionExpr>(S)) {
    if (!GS->isResultDependent())
      Walk(GS->getResultExpr(), false);
  } else if (const auto *Ch = dyn_cast<ChooseExpr>(S)) {
    if (!Ch->isConditionDependent())
      Walk(Ch->getChosenSubExpr(), false);
  } else if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    // A call that never returns ends the run at the end of its statement:
    // what its statement evaluates besides it may come first.
    for (const Stmt *C : CS->body()) {
      Walk(C, false);
      Terminal |= PendingTerminal;
    }
  } else {
    for (const Stmt *C : S->children())
      Walk(C, false);
  }
  if (const auto *CE = dyn_cast<CallExpr>(S); CE && EveryRun &&
                                               neverReturns(CE))
    PendingTerminal = true;
  // `asm goto` may jump to a label further on, as a goto does.
  const auto *Asm = dyn_cast<GCCAsmStmt>(S);
  if (isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S) ||
      isa<BreakStmt>(S) || isa<ContinueStmt>(S) || (Asm && Asm->isAsmGoto()))
    Exited = true;
}

/// A call that does not return: of a function declared noreturn, through a
/// pointer of a noreturn function type, or `__builtin_unreachable()` and
/// `__builtin_trap()` (BUG()).
bool FunctionExtractor::neverReturns(const CallExpr *CE) {
  if (const FunctionDecl *Direct = CE->getDirectCallee()) {
    unsigned B = Direct->getBuiltinID();
    if (B == Builtin::BI__builtin_unreachable || B == Builtin::BI__builtin_trap)
      return true;
    if (isNoReturnFunction(Direct))
      return true;
  }
  return isNoReturnCalleeType(CE->getCallee()->getType());
}

/// Records a witness for a conversion of a parameter's `void *` field to a
/// pointer to a named struct: `struct net *net = sb->s_fs_info;`.
void FunctionExtractor::noteWitness(const CastExpr *Cast) {
  if (Cast->getCastKind() != CK_BitCast)
    return;
  const auto *To = Cast->getType().getCanonicalType()->getAs<PointerType>();
  const auto *From = Cast->getSubExpr()
                         ->getType()
                         .getCanonicalType()
                         ->getAs<PointerType>();
  if (!To || !From || !From->getPointeeType()->isVoidType())
    return;
  const auto *RT = To->getPointeeType()->getAs<RecordType>();
  const RecordDecl *RD = RT ? RT->getDecl() : nullptr;
  if (!RD || !RD->isStruct() || RD->getName().empty())
    return;
  const Expr *Sub = Cast->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Sub))
    return noteContainerWitness(BO, Cast);
  const auto *ME = dyn_cast<MemberExpr>(Sub);
  if (!ME)
    return;
  ObjectRef R = refOf(ME);
  if (R.Kind != ObjectRef::Param || R.Path.empty())
    return;
  ObjectWitness W;
  W.Param = R.Index;
  W.Path = std::move(R.Path);
  // The struct, then the structs it begins with, then the type of the
  // first member that is not a named struct ("=unsigned int"): two structs
  // read from one buffer share at least that (a magic number, a common
  // header), which is where witnesses stop telling classes apart.
  for (unsigned Depth = 0; RD && Depth < 8; ++Depth) {
    if (!W.Type.empty())
      W.Type += "|";
    W.Type += TU.recordKey(RD);
    const RecordDecl *Def = RD->getDefinition();
    if (!Def || Def->field_empty())
      break;
    const FieldDecl *First = *Def->field_begin();
    const RecordDecl *Next = First->getType()->isRecordType()
                                 ? recordOf(First->getType())
                                 : nullptr;
    RD = Next && Next->isStruct() && !Next->getName().empty() ? Next : nullptr;
    if (!RD)
      W.Type += "|=" + First->getType().getCanonicalType().getAsString();
  }
  W.Loc = TU.loc(Cast->getBeginLoc());
  addWitness(std::move(W));
}

/// container_of(ptr, type, member): `(type *)(__mptr - offsetof(type,
/// member))` with `void *__mptr = (void *)(ptr);`. The object ptr points to
/// is a member of a struct: the witness is "in " and the innermost struct
/// and member (`container_of(i, struct foo, in.inode)` is "in struct
/// bar::inode" when foo's member `in` is a struct bar).
void FunctionExtractor::noteContainerWitness(const BinaryOperator *BO,
                                             const CastExpr *Cast) {
  if (BO->getOpcode() != BO_Sub)
    return;
  const auto *Off = dyn_cast<OffsetOfExpr>(BO->getRHS()->IgnoreParenImpCasts());
  const auto *Mptr = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
  const auto *VD = Mptr ? dyn_cast<VarDecl>(Mptr->getDecl()) : nullptr;
  if (!Off || !VD || VD->getName() != "__mptr" || !VD->getInit())
    return;
  const FieldDecl *Last = nullptr;
  for (unsigned I = 0; I < Off->getNumComponents(); ++I) {
    const OffsetOfNode &N = Off->getComponent(I);
    if (N.getKind() != OffsetOfNode::Field)
      return; // An array element or an unresolved name: no witness.
    Last = N.getField();
  }
  if (!Last || Last->getName().empty())
    return;
  // Only a member of a named struct, not at its start: a member at offset
  // 0 is where the struct itself is, which may be a member of anything
  // (`netfs_inode(inode)` takes a struct netfs_inode out of an inode, and
  // NFS's and 9p's inodes both hold one), and a union's or an anonymous
  // record's members overlay others (NFS's vfs_inode shares its union with
  // that netfs_inode).
  const RecordDecl *In = Last->getParent();
  if (!In->isStruct() || In->getName().empty() ||
      TU.Ctx.getFieldOffset(Last) == 0)
    return;
  ObjectRef R = refOf(strip(VD->getInit()));
  if (R.Kind != ObjectRef::Param)
    return;
  ObjectWitness W;
  W.Param = R.Index;
  W.Path = std::move(R.Path);
  W.Type = "in " + TU.slotKey(Last);
  W.Loc = TU.loc(Cast->getBeginLoc());
  addWitness(std::move(W));
}

/// `&p->m`, `&p->a.m`, `&local.m`: the object handed is member m of its
/// struct, named as noteContainerWitness() names a container_of()'s
/// member, under the same conditions (a member of a named struct, not at
/// its start, not in a union or an anonymous record), and of struct type:
/// what container_of() is used to come back from (a `struct nvmet_req`
/// inside a transport's command, a `struct work_struct`), not a counter
/// passed to `atomic_inc()`.
std::string FunctionExtractor::memberOrigin(const Expr *Arg) {
  const auto *UO = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return "";
  const auto *ME = dyn_cast<MemberExpr>(UO->getSubExpr()->IgnoreParens());
  const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!FD || FD->getName().empty() || !FD->getType()->isStructureType())
    return "";
  const RecordDecl *In = FD->getParent();
  if (!In->isStruct() || In->getName().empty() ||
      TU.Ctx.getFieldOffset(FD) == 0)
    return "";
  return "in " + TU.slotKey(FD);
}

/// One witness per (parameter, field, type): the first place it is made.
void FunctionExtractor::addWitness(ObjectWitness W) {
  for (const ObjectWitness &Old : F.Witnesses)
    if (Old.Param == W.Param && Old.Path == W.Path && Old.Type == W.Type)
      return;
  F.Witnesses.push_back(std::move(W));
}

} // namespace wqdep::extract
