//===- TaskFlags.cpp - Task flags at each call of a function --------------===//
//
// Rule A of check_flush_dependency() is about the current task's
// PF_MEMALLOC, which code sets and restores around the calls it covers:
//
//   noreclaim = memalloc_noreclaim_save();   // or memalloc_flags_save(PF_MEMALLOC),
//   ... calls ...                            // current->flags |= PF_MEMALLOC,
//   memalloc_noreclaim_restore(noreclaim);   // current_set_flags_nested(...)
//
// One walk of the body in source order keeps the flags set so far
// (Active): a setter adds its flags, a restore removes them, and each call
// records what is set when it is made. Branches are joined by union (the
// flags *may* be set), except that a branch that does not fall through (it
// returns or jumps) contributes nothing to the code after it: the error path
// `if (err) { memalloc_noreclaim_restore(f); return; }` does not end the
// scope for what follows.
//
// Beside what *may* be set, the walk keeps what *must* be (Must): set by
// a constant, on every path (branches join by intersection; a loop body
// or a switch may not run, and starts with what nothing in it clears; a
// label may be jumped to from anywhere and starts with nothing). A call
// made with PF_MEMALLOC certainly set carries TF_MEMALLOC_ALWAYS.
//
// The same walk records guards: a call made only while some flags are clear
// (`if (!(current->flags & PF_MEMALLOC)) flush_x();`, `!current_is_kswapd()
// && f()`, or after `if (current->flags & PF_MEMALLOC) return;`) carries them
// in GuardClear, so that a context with those flags set does not go through
// it.
//
//===----------------------------------------------------------------------===//
#include "Extract/ExtractorImpl.h"
#include "Facts/KernelModel.h"

namespace wqdep::extract {

uint8_t TaskFlagWalker::mapKernel(uint64_t V) const {
  uint8_t R = 0;
  for (const TaskFlagBit &B : taskFlagBits())
    if (V & B.Kernel)
      R |= B.Bit;
  return R;
}

/// `tsk->flags` of a struct task_struct (current->flags included).
bool TaskFlagWalker::isTaskFlags(const Expr *E) const {
  const auto *ME = dyn_cast<MemberExpr>(strip(E));
  const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return Field && Field->getName() == "flags" &&
         Field->getParent()->getName() == "task_struct";
}

/// The task flags \p E may hold: a constant, the flags a local was given,
/// or the union of the parts of `a | b` and `c ? a : b`.
uint8_t TaskFlagWalker::bitsOf(const Expr *E, unsigned Depth) {
  if (!E || Depth > 16)
    return 0;
  E = strip(E);
  uint8_t K = 0;
  if (constBits(E, K))
    return K;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Or)
      return bitsOf(BO->getLHS(), Depth + 1) | bitsOf(BO->getRHS(), Depth + 1);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return bitsOf(CO->getTrueExpr(), Depth + 1) |
           bitsOf(CO->getFalseExpr(), Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = MayBits.find(VD);
      return It == MayBits.end() ? 0 : It->second;
    }
  return 0;
}

namespace {
bool isZero(const Expr *E, ASTContext &Ctx) {
  Expr::EvalResult R;
  return !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) &&
         R.Val.getInt() == 0;
}
} // namespace

/// Flags that are all clear when \p E is true.
uint8_t TaskFlagWalker::clearIfTrue(const Expr *E, unsigned Depth) {
  if (Depth > 16)
    return 0;
  E = unexpect(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_LNot)
      return clearIfFalse(UO->getSubExpr(), Depth + 1);
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_LAnd:
      return clearIfTrue(BO->getLHS(), Depth + 1) |
             clearIfTrue(BO->getRHS(), Depth + 1);
    case BO_LOr:
      return clearIfTrue(BO->getLHS(), Depth + 1) &
             clearIfTrue(BO->getRHS(), Depth + 1);
    case BO_EQ:
      if (isZero(BO->getRHS(), TU.Ctx))
        return clearIfFalse(BO->getLHS(), Depth + 1);
      if (isZero(BO->getLHS(), TU.Ctx))
        return clearIfFalse(BO->getRHS(), Depth + 1);
      return 0;
    case BO_NE:
      if (isZero(BO->getRHS(), TU.Ctx))
        return clearIfTrue(BO->getLHS(), Depth + 1);
      if (isZero(BO->getLHS(), TU.Ctx))
        return clearIfTrue(BO->getRHS(), Depth + 1);
      return 0;
    default:
      return 0;
    }
  }
  return 0;
}

/// Flags that are all clear when \p E is false: `tsk->flags & M` (M),
/// current_is_kswapd() (PF_KSWAPD), and what && || ! == 0 make of them.
uint8_t TaskFlagWalker::clearIfFalse(const Expr *E, unsigned Depth) {
  if (Depth > 16)
    return 0;
  E = unexpect(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_LNot)
      return clearIfTrue(UO->getSubExpr(), Depth + 1);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee())
      if (const TaskFlagApi *A = lookupTaskFlagApi(Callee->getName()))
        if (A->Kind == TaskFlagApi::Test)
          return A->Bits;
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_And:
      if (isTaskFlags(BO->getLHS()))
        return bitsOf(BO->getRHS());
      if (isTaskFlags(BO->getRHS()))
        return bitsOf(BO->getLHS());
      return 0;
    case BO_LAnd:
      return clearIfFalse(BO->getLHS(), Depth + 1) &
             clearIfFalse(BO->getRHS(), Depth + 1);
    case BO_LOr:
      return clearIfFalse(BO->getLHS(), Depth + 1) |
             clearIfFalse(BO->getRHS(), Depth + 1);
    case BO_EQ:
      if (isZero(BO->getRHS(), TU.Ctx))
        return clearIfTrue(BO->getLHS(), Depth + 1);
      if (isZero(BO->getLHS(), TU.Ctx))
        return clearIfTrue(BO->getRHS(), Depth + 1);
      return 0;
    case BO_NE:
      if (isZero(BO->getRHS(), TU.Ctx))
        return clearIfFalse(BO->getLHS(), Depth + 1);
      if (isZero(BO->getLHS(), TU.Ctx))
        return clearIfFalse(BO->getRHS(), Depth + 1);
      return 0;
    default:
      return 0;
    }
  }
  return 0;
}

/// Whether \p E is a constant; then \p Bits are its task flags.
bool TaskFlagWalker::constBits(const Expr *E, uint8_t &Bits) {
  Bits = 0;
  if (!E)
    return false;
  E = strip(E);
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, TU.Ctx))
    return false;
  Bits = mapKernel(R.Val.getInt().getZExtValue());
  return true;
}

/// `current->flags`, or `tsk->flags` with `tsk` a local initialised with
/// `current` (kswapd's): the running task's own flags. Another task's
/// (`p->flags |= PF_MEMALLOC` on a thread being made) say nothing certain
/// of the running one.
bool TaskFlagWalker::isCurrentFlags(const Expr *E) const {
  const auto *ME = dyn_cast<MemberExpr>(strip(E));
  if (!ME || !isTaskFlags(ME))
    return false;
  auto IsCurrent = [](const Expr *X) {
    const auto *CE = dyn_cast<CallExpr>(strip(X));
    const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
    return F && F->getName() == "get_current";
  };
  const Expr *Base = strip(ME->getBase());
  if (IsCurrent(Base))
    return true;
  const auto *DRE = dyn_cast<DeclRefExpr>(Base);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->isLocalVarDecl() && VD->getInit() &&
         IsCurrent(VD->getInit());
}

/// What the body of \p Callee, defined in the unit, may clear (one level
/// of calls below it is looked at too): every task flag, if any, and
/// AtomicBit.
uint8_t TaskFlagWalker::calleeClears(const FunctionDecl *Callee,
                                     unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !Def || Depth > 1)
    return 0;
  // By depth too: what a callee clears as seen from deeper down (less of
  // its body read) is not what it clears as seen from the function.
  // Each level is one deeper, so no recursion reaches the same key.
  const std::pair<const FunctionDecl *, unsigned> Key{Def, Depth};
  auto It = ClearingCallees.find(Key);
  if (It != ClearingCallees.end())
    return It->second;
  uint8_t R = clearsIn(Def->getBody(), Depth + 1);
  // A task flag cleared: which one a helper clears is not read.
  if (R & uint8_t(~AtomicBit))
    R |= uint8_t(~AtomicBit);
  ClearingCallees[Key] = R;
  return R;
}

/// The flags anything in \p S may clear: restores, `&= ~`, assignments
/// to the task's flags, a callee defined in the unit that does (every
/// task flag, for those wqdep cannot read); AtomicBit for what may end
/// an atomic section (an enable, a restore, a `__preempt_count_add()` of
/// no positive constant); a label in \p S itself (not in a callee's
/// body) may be jumped to with anything cleared, so it counts as
/// clearing everything.
uint8_t TaskFlagWalker::clearsIn(const Stmt *S, unsigned Depth) {
  constexpr uint8_t AllTask = uint8_t(~AtomicBit);
  if (!S)
    return 0;
  if (isa<LabelStmt>(S) && Depth == 0)
    return 0xFF;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->isAssignmentOp() && BO->getOpcode() != BO_OrAssign &&
        isTaskFlags(strip(BO->getLHS())))
      return AllTask;
  uint8_t R = 0;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = CE->getDirectCallee()) {
      if (const TaskFlagApi *A = lookupTaskFlagApi(Callee->getName())) {
        if (A->Kind == TaskFlagApi::Clear || A->Kind == TaskFlagApi::ClearArg ||
            A->Kind == TaskFlagApi::ClearLastSet)
          R = AllTask;
      } else if (AtomicApi K = lookupAtomicApi(Callee->getName());
                 K != AtomicApi::None) {
        if (!entersAtomic(K, CE))
          R = AtomicBit;
      } else {
        R = calleeClears(Callee, Depth);
      }
    }
  for (const Stmt *Child : S->children())
    if ((R |= clearsIn(Child, Depth)) == 0xFF)
      break;
  return R;
}

/// Whether a call \p CE of atomicity primitive \p K enters an atomic
/// section: `preempt_disable()`'s count added is a positive constant.
bool TaskFlagWalker::entersAtomic(AtomicApi K, const CallExpr *CE) const {
  if (K == AtomicApi::Enter)
    return true;
  if (K == AtomicApi::EnterBh) {
    // Only the inline __local_bh_disable_ip() adds to the preemption
    // count; PREEMPT_RT's (and TRACE_IRQFLAGS's) is out of line, and
    // RT's section may sleep. local_bh_disable() calls it.
    const FunctionDecl *F = CE->getDirectCallee();
    if (F && F->getName() == "local_bh_disable") {
      const FunctionDecl *Def = nullptr;
      const CallExpr *Inner = nullptr;
      if (F->hasBody(Def) && Def)
        if (const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody()))
          for (const Stmt *S : Body->body())
            if (const auto *C = dyn_cast<CallExpr>(S))
              Inner = C;
      F = Inner ? Inner->getDirectCallee() : nullptr;
    }
    const FunctionDecl *Def = nullptr;
    return F && F->getName() == "__local_bh_disable_ip" && F->hasBody(Def) &&
           Def && Def->isInlineSpecified();
  }
  if (K != AtomicApi::AddArg || CE->getNumArgs() < 1)
    return false;
  Expr::EvalResult R;
  const Expr *Arg = CE->getArg(0);
  return !Arg->isValueDependent() && Arg->EvaluateAsInt(R, TU.Ctx) &&
         R.Val.getInt().isStrictlyPositive();
}

/// A clear of the flags \p Mask names: from Must only when they are a
/// constant (a mask that is no constant may clear anything).
void TaskFlagWalker::clearMust(const Expr *Mask) {
  uint8_t K = 0;
  Must = constBits(Mask, K) ? uint8_t(Must & ~K) : uint8_t(0);
}

void TaskFlagWalker::set(uint8_t Bits, uint8_t Certain, std::string Api,
                         SourceLocation At) {
  if (!Bits)
    return;
  Active |= Bits;
  Must |= Certain & Bits;
  // The scope openers' own bodies (memalloc_flags_save() sets what its
  // caller passes) are not setters: their callers are.
  if (lookupTaskFlagApi(FD->getName()))
    return;
  Setters.push_back({Bits, std::move(Api), TU.loc(At)});
}

/// An assignment: to the task's flags (a setter or a restore), or to a
/// local that may carry flags (`new_pflags |= PF_MEMALLOC`).
void TaskFlagWalker::assign(const BinaryOperator *BO) {
  const Expr *LHS = strip(BO->getLHS());
  if (isTaskFlags(LHS)) {
    switch (BO->getOpcode()) {
    case BO_OrAssign: {
      uint8_t Bits = bitsOf(BO->getRHS());
      // Named as the user wrote it: the outermost macro
      // (current_set_flags_nested) or "flags |= PF_...".
      std::string Api;
      SourceLocation L = BO->getBeginLoc();
      while (L.isMacroID()) {
        StringRef Name =
            Lexer::getImmediateMacroName(L, TU.SM, TU.Ctx.getLangOpts());
        if (Name != "current")
          Api = Name.str();
        L = TU.SM.getImmediateMacroCallerLoc(L);
      }
      if (Api.empty())
        Api = "flags |= " + taskFlagNames(Bits);
      uint8_t Certain = 0; // Only a constant, on the running task.
      if (isCurrentFlags(LHS))
        constBits(BO->getRHS(), Certain);
      set(Bits, Certain, std::move(Api), BO->getOperatorLoc());
      return;
    }
    case BO_AndAssign: {
      const auto *Not = dyn_cast<UnaryOperator>(strip(BO->getRHS()));
      if (Not && Not->getOpcode() == UO_Not)
        Active &= uint8_t(~bitsOf(Not->getSubExpr()));
      if (Not && Not->getOpcode() == UO_Not)
        clearMust(Not->getSubExpr());
      else
        Must = 0; // Not a `&= ~mask`: anything may be cleared.
      return;
    }
    case BO_Assign: {
      // Whatever the restore leaves, nothing is certainly still set.
      Must = 0;
      // A restore: `flags = (flags & ~M) | saved`
      // (current_restore_flags_nested, 6.1's memalloc_noreclaim_restore).
      llvm::SmallVector<const Expr *, 4> Work{BO->getRHS()};
      while (!Work.empty()) {
        const Expr *X = strip(Work.pop_back_val());
        if (const auto *B = dyn_cast<BinaryOperator>(X)) {
          if (B->getOpcode() == BO_And || B->getOpcode() == BO_Or) {
            for (const Expr *Side : {B->getLHS(), B->getRHS()}) {
              const auto *Not = dyn_cast<UnaryOperator>(strip(Side));
              if (Not && Not->getOpcode() == UO_Not)
                Active &= uint8_t(~bitsOf(Not->getSubExpr()));
              else
                Work.push_back(Side);
            }
          }
        }
      }
      return;
    }
    default:
      Must = 0;
      return;
    }
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(LHS);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->isLocalVarDecl())
    return;
  if (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_OrAssign)
    if (uint8_t Bits = bitsOf(BO->getRHS()))
      MayBits[VD] |= Bits;
}

void TaskFlagWalker::call(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  const TaskFlagApi *A = Callee ? lookupTaskFlagApi(Callee->getName()) : nullptr;
  const AtomicApi K =
      Callee ? lookupAtomicApi(Callee->getName()) : AtomicApi::None;
  // A helper that restores its caller's scope (`leave_reclaim(f)`), or
  // enables what its caller disabled: nothing it may clear is certain
  // after it, and a call of one that may end the caller's atomic section
  // is not made in it. One defined in another unit is not seen
  // (docs/limits.md). A call through a pointer made in the section may
  // call anything: it may leave the section (one made in a callee is
  // taken not to, as a callee in another unit is).
  uint8_t Undoes =
      Must && !A && K == AtomicApi::None ? calleeClears(Callee, 0) : 0;
  if (!Callee)
    Undoes |= AtomicBit;
  Calls[CE] = {Active, 0, Must,
               (Must & AtomicBit) && !(Undoes & AtomicBit)};
  if (K != AtomicApi::None) {
    if (entersAtomic(K, CE))
      Must |= AtomicBit;
    else
      Must &= uint8_t(~AtomicBit);
    return;
  }
  if (!A) {
    Must &= uint8_t(~Undoes);
    return;
  }
  auto Arg = [&](int I) -> const Expr * {
    return I >= 0 && unsigned(I) < CE->getNumArgs() ? CE->getArg(I) : nullptr;
  };
  switch (A->Kind) {
  case TaskFlagApi::Set:
    set(A->Bits, A->Bits, Callee->getName().str(), CE->getBeginLoc());
    break;
  case TaskFlagApi::Clear:
    Active &= uint8_t(~A->Bits);
    Must &= uint8_t(~A->Bits);
    break;
  case TaskFlagApi::SetArg: {
    uint8_t Bits = bitsOf(Arg(A->Arg)), Certain = 0;
    OpenSets.push_back(Bits);
    constBits(Arg(A->Arg), Certain); // 0 unless a constant.
    set(Bits, Certain, Callee->getName().str(), CE->getBeginLoc());
    break;
  }
  case TaskFlagApi::ClearArg: {
    // current_restore_flags(orig, PF_MEMALLOC) restores those flags
    // only.
    Active &= uint8_t(~bitsOf(Arg(A->Arg)));
    clearMust(Arg(A->Arg));
    break;
  }
  case TaskFlagApi::ClearLastSet:
    // memalloc_flags_restore(): what the last memalloc_flags_save() set.
    // The stack is one for all paths: with several open, the one a
    // path restores may not be the last (an error path restored it).
    if (!OpenSets.empty()) {
      Active &= uint8_t(~OpenSets.back());
      if (OpenSets.size() == 1 && !OpenSetsMixed)
        Must &= uint8_t(~OpenSets.back());
      else
        Must = 0;
      OpenSets.pop_back();
    } else {
      Must = 0;
    }
    break;
  case TaskFlagApi::Test:
    break;
  }
}

void TaskFlagWalker::walkExpr(const Expr *E, uint8_t Guard) {
  if (!E)
    return;
  if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    walk(SE->getSubStmt(), Guard);
    return;
  }
  if (isa<UnaryExprOrTypeTraitExpr>(E))
    return; // sizeof: nothing runs.
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
      walkExpr(BO->getLHS(), Guard);
      uint8_t G = BO->getOpcode() == BO_LAnd ? clearIfTrue(BO->getLHS())
                                             : clearIfFalse(BO->getLHS());
      uint8_t MustBefore = Must;
      walkExpr(BO->getRHS(), Guard | G);
      Must &= MustBefore; // The right side may not run.
      return;
    }
    walkExpr(BO->getLHS(), Guard);
    walkExpr(BO->getRHS(), Guard);
    if (BO->isAssignmentOp())
      assign(BO);
    return;
  }
  if (const auto *BCO = dyn_cast<BinaryConditionalOperator>(E)) {
    // `x ?: y`: x once, y maybe.
    walkExpr(BCO->getCommon(), Guard);
    uint8_t MustBefore = Must;
    walkExpr(BCO->getFalseExpr(), Guard | clearIfFalse(BCO->getCommon()));
    Must &= MustBefore;
    return;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    walkExpr(CO->getCond(), Guard);
    uint8_t Before = Active, MustBefore = Must;
    walkExpr(CO->getTrueExpr(), Guard | clearIfTrue(CO->getCond()));
    uint8_t AfterTrue = Active, MustTrue = Must;
    Active = Before;
    Must = MustBefore;
    walkExpr(CO->getFalseExpr(), Guard | clearIfFalse(CO->getCond()));
    Active |= AfterTrue;
    Must &= MustTrue;
    return;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    for (const Stmt *Child : CE->children())
      if (const auto *X = dyn_cast_or_null<Expr>(Child))
        walkExpr(X, Guard);
    call(CE);
    Calls[CE].Guard = Guard;
    return;
  }
  for (const Stmt *Child : E->children()) {
    if (!Child)
      continue;
    if (const auto *X = dyn_cast<Expr>(Child))
      walkExpr(X, Guard);
    else
      walk(Child, Guard);
  }
}

namespace {
/// Whether \p S holds a `break` or `continue` (of any loop or switch in
/// it too: more than needed, never less).
bool jumpsIn(const Stmt *S) {
  if (!S)
    return false;
  if (isa<BreakStmt>(S) || isa<ContinueStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (jumpsIn(Child))
      return true;
  return false;
}

/// Whether \p S certainly does not fall through to what follows it.
bool leaves(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<BreakStmt>(S) ||
      isa<ContinueStmt>(S))
    return true;
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && leaves(CS->body_back());
  return false;
}
} // namespace

/// Walks \p S; returns whether it can fall through.
bool TaskFlagWalker::walk(const Stmt *S, uint8_t Guard) {
  if (!S)
    return true;
  // A label may be jumped to from anywhere; a case label from the switch
  // (with what the switch started with) as well as from the case above.
  if (isa<LabelStmt>(S))
    Must = 0;
  else if (isa<SwitchCase>(S))
    Must &= SwitchMust.empty() ? uint8_t(0) : SwitchMust.back();
  if (const auto *E = dyn_cast<Expr>(S)) {
    walkExpr(E, Guard);
    return true;
  }
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    bool FallsThrough = true;
    uint8_t G = Guard;
    for (const Stmt *Child : CS->body()) {
      if (!FallsThrough && isa<LabelStmt>(Child))
        FallsThrough = true;
      bool Child_ = walk(Child, G);
      FallsThrough = FallsThrough && Child_;
      // `if (current->flags & PF_MEMALLOC) return;`: what follows runs only
      // with the flags clear.
      if (const auto *If = dyn_cast<IfStmt>(Child))
        if (!If->getElse() && leaves(If->getThen()) &&
            !isa<GotoStmt>(If->getThen()))
          G |= clearIfFalse(If->getCond());
    }
    return FallsThrough;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    walk(If->getInit(), Guard);
    walkExpr(If->getCond(), Guard);
    uint8_t Before = Active, MustBefore = Must;
    const std::vector<uint8_t> SetsBefore = OpenSets;
    bool ThenFT = walk(If->getThen(), Guard | clearIfTrue(If->getCond()));
    uint8_t AfterThen = Active, MustThen = Must;
    std::vector<uint8_t> SetsThen = std::move(OpenSets);
    Active = Before;
    Must = MustBefore;
    OpenSets = SetsBefore;
    bool ElseFT = walk(If->getElse(), Guard | clearIfFalse(If->getCond()));
    uint8_t AfterElse = Active, MustElse = Must;
    if (ThenFT || ElseFT) {
      Active = uint8_t((ThenFT ? AfterThen : 0) | (ElseFT ? AfterElse : 0));
      Must = uint8_t((ThenFT ? MustThen : 0xFF) & (ElseFT ? MustElse : 0xFF));
      // A branch that does not fall through leaves its scopes as it found
      // them for what follows (an error path's restore and return).
      if (ThenFT && ElseFT)
        OpenSetsMixed |= SetsThen != OpenSets;
      else if (ThenFT)
        OpenSets = std::move(SetsThen);
    } else {
      Active = Before;
      Must = MustBefore;
      OpenSets = SetsBefore;
    }
    return ThenFT || ElseFT;
  }
  if (const auto *W = dyn_cast<WhileStmt>(S)) {
    // Each round (its condition too) starts with what nothing in the
    // loop clears; after it, that is all that is certain (the body may
    // not run, or leave with a break).
    Must &= uint8_t(~clearsIn(W));
    const uint8_t MustEntry = Must;
    walkExpr(W->getCond(), Guard);
    uint8_t Before = Active;
    const size_t SetsDepth = OpenSets.size();
    walk(W->getBody(), Guard | clearIfTrue(W->getCond()));
    OpenSetsMixed |= OpenSets.size() != SetsDepth;
    Active |= Before;
    Must = MustEntry;
    return true;
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    walk(For->getInit(), Guard);
    Must &= uint8_t(~clearsIn(For));
    const uint8_t MustEntry = Must;
    walkExpr(For->getCond(), Guard);
    uint8_t Before = Active;
    uint8_t G = For->getCond() ? clearIfTrue(For->getCond()) : 0;
    const size_t SetsDepth = OpenSets.size();
    walk(For->getBody(), Guard | G);
    OpenSetsMixed |= OpenSets.size() != SetsDepth;
    // The increment also follows a `continue`.
    Must = MustEntry;
    walkExpr(For->getInc(), Guard | G);
    Active |= Before;
    Must = MustEntry;
    return true;
  }
  if (const auto *Do = dyn_cast<DoStmt>(S)) {
    // The body runs once at least, so what it sets counts after it,
    // unless a `break` or `continue` may leave it early.
    Must &= uint8_t(~clearsIn(Do));
    const uint8_t MustEntry = Must;
    walk(Do->getBody(), Guard);
    if (jumpsIn(Do->getBody()))
      Must = MustEntry;
    walkExpr(Do->getCond(), Guard);
    return true;
  }
  if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
    walk(Sw->getInit(), Guard);
    walkExpr(Sw->getCond(), Guard);
    uint8_t Before = Active;
    Must &= uint8_t(~clearsIn(Sw->getBody()));
    const uint8_t MustEntry = Must;
    SwitchMust.push_back(MustEntry);
    const size_t SetsDepth = OpenSets.size();
    walk(Sw->getBody(), Guard);
    OpenSetsMixed |= OpenSets.size() != SetsDepth;
    SwitchMust.pop_back();
    Active |= Before;
    Must = MustEntry;
    return true;
  }
  if (isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<BreakStmt>(S) ||
      isa<ContinueStmt>(S)) {
    for (const Stmt *Child : S->children())
      walk(Child, Guard);
    return false;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (const Expr *Init = VD->getInit()) {
          walkExpr(Init, Guard);
          if (VD->isLocalVarDecl())
            if (uint8_t Bits = bitsOf(Init))
              MayBits[VD] |= Bits;
        }
    return true;
  }
  bool FallsThrough = true;
  for (const Stmt *Child : S->children())
    FallsThrough = walk(Child, Guard) && FallsThrough;
  return FallsThrough;
}

void TaskFlagWalker::run(const Stmt *Body) {
  Active = 0;
  Must = 0;
  OpenSetsMixed = false;
  walk(Body, 0);
  TaskBits = 0;
  for (const TaskFlagSetter &T : Setters)
    if (T.Flags & TF_MEMALLOC)
      TaskBits |= T.Flags;
}

} // namespace wqdep::extract
