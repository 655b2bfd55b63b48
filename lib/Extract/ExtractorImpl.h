//===- ExtractorImpl.h - The extractor's two passes, shared by its files -*- C++ -*-===//
//
// Internal to lib/Extract. TUExtractor (Extractor.cpp) walks the
// translation unit: names files, functions, variables and records, decodes
// workqueue flags, and records the globals' initializers. FunctionExtractor
// (FunctionExtractor.cpp) extracts one function definition: what its locals
// hold, then its calls, effects, allocations and slot stores.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_EXTRACT_EXTRACTORIMPL_H
#define WQDEP_EXTRACT_EXTRACTORIMPL_H

#include "Extract/Extractor.h"
#include "Facts/KernelModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <functional>
#include <map>
#include <memory>

namespace wqdep::extract {

using namespace clang;


/// What a local variable (or an expression) is known to hold.
struct Value {
  enum KindTy { None, Obj, Fn, Slot, Alloc, ParamFn, Conflict } Kind = None;
  Operand Op;       ///< Obj.
  std::string Name; ///< Fn: function key; Slot: slot key.
  size_t AllocIdx = 0; ///< Alloc: index in TUFacts::Allocs; ParamFn: param.

  bool operator==(const Value &O) const {
    return Kind == O.Kind && Op == O.Op && Name == O.Name &&
           AllocIdx == O.AllocIdx;
  }
};


/// \p E without parentheses, implicit casts and the like.
const Expr *strip(const Expr *E);
/// \p E stripped (strip(), or with \p KeepExplicitCasts only parentheses
/// and implicit casts: a value compared must not lose a conversion), and
/// without `__builtin_expect()` (likely(), unlikely()).
const Expr *unexpect(const Expr *E, bool KeepExplicitCasts = false);
/// \p E stripped, with `*&x` and `&*x` pairs (through casts) cancelled:
/// what READ_ONCE(), WRITE_ONCE() and smp_store_release() expand to around
/// the variable or field they access. A lone `*p` or `&x` stays.
const Expr *cancelAddrDeref(const Expr *E);
/// The record \p T is or points to, if any.
const RecordDecl *recordOf(QualType T);
/// A member's name in a field-values path: its own, or "#" and its index.
std::string memberName(const FieldDecl *F);
bool isFunctionPointer(QualType T);
/// The function \p E names as a value (`f`, `&f`, `*f`, through casts),
/// or null: what a store of a function into a slot stores.
const FunctionDecl *functionNamed(const Expr *E);
/// Whether any declaration of \p FD says it does not return.
bool isNoReturnFunction(const FunctionDecl *FD);
/// Whether a call through a pointer of type \p T does not return.
bool isNoReturnCalleeType(QualType T);
/// The section attribute of \p FD (definition first), or empty.
std::string sectionOf(const FunctionDecl *FD);

class TUExtractor {
public:
  explicit TUExtractor(ASTContext &Ctx)
      : Ctx(Ctx), SM(Ctx.getSourceManager()) {
    Out.MainFile = fileName(SM.getMainFileID());
    initFlagBits();
  }

  TUFacts run();

  // Naming.
  std::string fileName(FileID FID);
  /// Whether the main file is standard input (names come from its line
  /// markers then).
  bool mainIsStdin() const {
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID());
    return !FE || FE->getName() == "<stdin>";
  }
  Location loc(SourceLocation L);
  std::string functionKey(const FunctionDecl *FD);
  std::string varKey(const VarDecl *VD);
  std::string recordKey(const RecordDecl *RD);
  std::string slotKey(const FieldDecl *FD) {
    return recordKey(FD->getParent()) + "::" + FD->getName().str();
  }
  /// Ops tables: whether \p VD is a const table (TUFacts::ConstTables) if
  /// defined here: of static storage and a const struct type (no
  /// anonymous member: its members' slots are named otherwise).
  bool isConstTableType(const VarDecl *VD) const;
  /// Whether \p VD's initializer gives each function-pointer member of
  /// its struct a function or null (nothing wqdep cannot read).
  bool tableInitRead(const VarDecl *VD) const;
  /// Whether \p VD names a const table this unit defines and reads: only
  /// then is its address a table's (a `static const` table of a header
  /// whose initializer another unit reads otherwise is not).
  bool isConstTable(const VarDecl *VD);

  /// The workqueue schedule_work_on() uses, by what this unit declares
  /// (KernelVersions.h).
  std::string schedulingWorkqueue();

  // Workqueue flags.
  void initFlagBits();
  void decodeFlags(WorkqueueAlloc &A, uint64_t V);

  // Initializers (of globals, and of locals through FunctionExtractor).
  void walkInit(const Expr *Init, QualType T, Operand Cur, bool TypeBased,
                const ObjectRef &Obj, const std::string &InFunction);

  ASTContext &Ctx;
  SourceManager &SM;
  TUFacts Out;
  llvm::DenseMap<FileID, std::string> FileNames;
  /// The files line markers name, when the main file is standard input.
  llvm::StringMap<std::string> PresumedNames;
  uint64_t MemReclaimBit = 1u << 3, LegacyBit = 1u << 18, BHBit = 1u << 0;
  std::vector<FlagBit> Bits;
  std::vector<std::string> BitNames; // Owns the names in Bits.
  /// isConstTable(), by definition: asked for every `&var` argument.
  llvm::DenseMap<const VarDecl *, bool> ConstTables;
};


/// Task flags at each call of one function (CallSite::TaskFlags and
/// GuardClear) and where the function sets them (TaskFlagSetter): one walk
/// of the body in source order (TaskFlags.cpp).
class TaskFlagWalker {
public:
  struct AtCall {
    uint8_t Set = 0;   ///< TaskFlags.
    uint8_t Guard = 0; ///< GuardClear.
    uint8_t Must = 0;  ///< The flags certainly set (a subset of Set).
    bool Atomic = false; ///< CallSite::Atomic.
  };
  /// Must's bit for an atomic section (CallSite::Atomic): no TaskFlag bit
  /// the walk tracks is this one.
  static constexpr uint8_t AtomicBit = 0x80;
  TaskFlagWalker(TUExtractor &TU, const FunctionDecl *FD) : TU(TU), FD(FD) {}
  void run(const Stmt *Body);
  /// The flags at \p CE: Set with TF_MEMALLOC_ALWAYS when PF_MEMALLOC is
  /// certainly set there, and so is every flag of the function's
  /// PF_MEMALLOC setters (the task context's flags: what its search skips
  /// guarded calls for).
  AtCall at(const CallExpr *CE) const {
    auto It = Calls.find(CE);
    if (It == Calls.end())
      return AtCall();
    AtCall A = It->second;
    // Only in a PF_MEMALLOC task's own function (the scope openers' own
    // bodies, memalloc_noreclaim_save()'s, are none): the scope's task
    // must exist to take what a worker's route leaves to it.
    if ((TaskBits & TF_MEMALLOC) && (A.Must & TF_MEMALLOC) &&
        !(TaskBits & ~A.Must))
      A.Set |= TF_MEMALLOC_ALWAYS;
    return A;
  }
  std::vector<TaskFlagSetter> Setters;

private:
  bool walk(const Stmt *S, uint8_t Guard);
  void walkExpr(const Expr *E, uint8_t Guard);
  void assign(const BinaryOperator *BO);
  void call(const CallExpr *CE);
  void set(uint8_t Bits, uint8_t Certain, std::string Api, SourceLocation At);
  bool constBits(const Expr *E, uint8_t &Bits);
  void clearMust(const Expr *Mask);
  uint8_t clearsIn(const Stmt *S, unsigned Depth = 0);
  uint8_t calleeClears(const FunctionDecl *Callee, unsigned Depth);
  bool entersAtomic(AtomicApi K, const CallExpr *CE) const;
  bool isCurrentFlags(const Expr *E) const;
  uint8_t clearIfTrue(const Expr *E, unsigned Depth = 0);
  uint8_t clearIfFalse(const Expr *E, unsigned Depth = 0);
  uint8_t bitsOf(const Expr *E, unsigned Depth = 0);
  uint8_t mapKernel(uint64_t V) const;
  bool isTaskFlags(const Expr *E) const;

  TUExtractor &TU;
  const FunctionDecl *FD;
  llvm::DenseMap<const CallExpr *, AtCall> Calls;
  uint8_t Active = 0;
  /// The flags set on every run that gets here, by constants, and not
  /// cleared since (a subset of Active): TF_MEMALLOC_ALWAYS at calls.
  uint8_t Must = 0;
  /// The flags of the function's PF_MEMALLOC setters (its task context's
  /// flags), known once run() is done.
  uint8_t TaskBits = 0;
  /// The task flags a local may hold (`new_pflags |= PF_MEMALLOC`).
  llvm::DenseMap<const VarDecl *, uint8_t> MayBits;
  /// Flags of the SetArg scopes still open, innermost last.
  std::vector<uint8_t> OpenSets;
  /// Paths joined with different OpenSets: which one a restore closes is
  /// not certain.
  bool OpenSetsMixed = false;
  /// Must at the entry of each switch being walked, innermost last: what
  /// a case label starts with.
  std::vector<uint8_t> SwitchMust;
  /// Per callee defined in the unit: what its body may clear (task flags
  /// of a helper that restores its caller's scope, AtomicBit of one that
  /// enables preemption or interrupts).
  /// By (callee, depth seen from).
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>, uint8_t>
      ClearingCallees;
};

class FieldWalker;
struct TmpEffects;

/// Field values (Fields.cpp): what one function does to the objects its
/// pointer parameters point to, before given points and everywhere, and
/// the members of local structs known at calls.
class FieldFacts {
public:
  /// \p FnKey names a function as facts do (TUExtractor::functionKey()).
  FieldFacts(ASTContext &Ctx, const FunctionDecl *FD, Stmt *Body,
             std::function<std::string(const FunctionDecl *)> FnKey,
             std::function<std::string(const VarDecl *)> TableKey,
             std::function<int(const Expr *)> ParamOf);
  ~FieldFacts();
  /// Whether \p Operand (compared at \p At) is a member of a parameter's
  /// object the parameter still points to there: the parameter, the
  /// member's path and what may have happened to the object before.
  bool guard(const Expr *Operand, const Expr *At, int &Param,
             std::string &Path, uint32_t &Before);
  /// Whether \p Arg is a parameter of the function that points to the
  /// object it was handed at \p At (not assigned before): the parameter
  /// and what may have happened to the object before.
  bool paramGuard(const Expr *Arg, const Expr *At, int &Param,
                  uint32_t &Before);
  /// CallSite::ParamBefore and ArgFields of the call \p CE.
  void atCall(const CallExpr *CE, CallSite &CS);
  /// CallSite::SlotReads of the slot call \p CE through \p Callee
  /// (`p->cb`): the parameter's member it reads.
  /// Ops tables: a call through a member of the object a pointer member
  /// of a parameter's object points to (\p Receiver, the parameter and the
  /// pointer member) reads that member (SlotRead::Deref).
  void slotRead(const Expr *Callee, const CallExpr *CE, CallSite &CS,
                const ObjectRef &Receiver);
  /// The call sites \p CE became: FunctionFacts::Calls[First, First + N).
  void noteCalls(const CallExpr *CE, uint32_t First, uint32_t N);
  /// FunctionFacts::ParamEffects and FieldBefore.
  void finish(FunctionFacts &F);

private:
  const FunctionDecl *FD;
  std::unique_ptr<FieldWalker> W;
  std::function<std::string(const FunctionDecl *)> FnKey;
  std::map<TmpEffects, uint32_t> Ids;
  std::vector<TmpEffects> Pending;
  llvm::DenseMap<const CallExpr *, std::pair<uint32_t, uint32_t>> Sites;
  uint32_t intern(TmpEffects T);
  /// guard()'s and paramGuard()'s end: \p P not assigned before \p At,
  /// and what may have happened to its object by then.
  bool testedAt(const ParmVarDecl *P, const Expr *At, int &Param,
                uint32_t &Before);
};

/// Extracts one function definition.
class FunctionExtractor : public RecursiveASTVisitor<FunctionExtractor> {
public:
  FunctionExtractor(TUExtractor &TU, const FunctionDecl *FD, FunctionFacts &F)
      : TU(TU), FD(FD), F(F) {}

  /// Pass 1: what local variables hold.
  void collectLocals(Stmt *Body) {
    // Parameters first: a local shadowing one is "fn()::p#2".
    for (const ParmVarDecl *P : FD->parameters())
      noteVar(P);
    CollectingLocals = true;
    TraverseStmt(Body);
    CollectingLocals = false;
  }
  /// Pass 2: calls, effects, stores (and, first, the task flags).
  void extract(Stmt *Body) {
    Flags.run(Body);
    F.FlagSetters = Flags.Setters;
    Fields = std::make_unique<FieldFacts>(
        TU.Ctx, FD, Body,
        [this](const FunctionDecl *Fn) { return TU.functionKey(Fn); },
        [this](const VarDecl *VD) {
          return TU.isConstTable(VD) ? TU.varKey(VD) : std::string();
        },
        [this](const Expr *E) { return valueParam(E); });
    walkAlways(Body, false);
    TraverseStmt(Body);
  }
  void finish();

  // Children first: `wq = ({ ... _res = alloc(); _res; })` must see what
  // _res holds before it evaluates the assignment to wq.
  bool shouldTraversePostOrder() const { return true; }

  // Unevaluated operands call nothing.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseGenericSelectionExpr(GenericSelectionExpr *GSE) {
    return GSE->isResultDependent() || TraverseStmt(GSE->getResultExpr());
  }
  bool TraverseChooseExpr(ChooseExpr *CE) {
    return CE->isConditionDependent() || TraverseStmt(CE->getChosenSubExpr());
  }

  bool VisitVarDecl(VarDecl *VD);
  bool VisitBinaryOperator(BinaryOperator *BO);
  bool VisitUnaryOperator(UnaryOperator *UO);
  bool VisitCallExpr(CallExpr *CE);
  bool VisitGCCAsmStmt(GCCAsmStmt *AS);

private:
  /// Pass 2, first (Witnesses.cpp): which calls are made on every run that
  /// gets as far as them (CallSite::Always), and the object-class witnesses
  /// (ObjectWitness), walking \p S in source order; \p Cond: inside a
  /// branch.
  void walkAlways(const Stmt *S, bool Cond);
  void noteWitness(const CastExpr *CE);
  /// "in " and the member's key when \p Arg is the address of a member of
  /// a struct that a container_of() witness could name (`&iod->req`), else
  /// empty (CallSite::ArgOrigins).
  std::string memberOrigin(const Expr *Arg);
  void noteContainerWitness(const BinaryOperator *BO, const CastExpr *Cast);
  void addWitness(ObjectWitness W);
  static bool neverReturns(const CallExpr *CE);
  /// Argument values and guards (Values.cpp): the parameter \p E names,
  /// when the function never assigns it nor takes its address and it is
  /// an integer or a pointer, or -1.
  int valueParam(const Expr *E) const;
  /// Pushes onto GuardStack what \p Cond being true (\p Positive) or
  /// false says of parameters.
  void addGuards(const Expr *Cond, bool Positive, unsigned Depth = 0);
  /// Field values through an accessor: \p E a call `f(x)` of a function
  /// whose body is `return R;`, R reading a member of its parameter's
  /// object (`iov_iter_rw(i)`: `i->data_source ? WRITE : READ`), \p x a
  /// parameter: pushes what `f(x) == *Cmp` (or `!=`: \p Positive false),
  /// or, with no \p Cmp, `f(x)` being true, says of x's member. Whether
  /// \p E is such a call.
  bool accessorGuards(const Expr *E, const Expr *At, const Expr *Cmp,
                      bool Positive);
  ArgValue argValue(const Expr *Arg) const;
  std::vector<ValueGuard> GuardStack;
  std::unique_ptr<FieldFacts> Fields;
  llvm::DenseMap<const CallExpr *, std::vector<ValueGuard>> CallGuards;
  /// walkAlways(): a return, goto, break or continue was passed.
  bool Exited = false;
  /// walkAlways(): a call that never returns was made on every run, in
  /// the statement being walked (Pending) or before it (Terminal).
  bool PendingTerminal = false, Terminal = false;
  llvm::DenseSet<const CallExpr *> AlwaysCalls, AfterTerminalCalls;

  // Objects rooted at variables (ObjectRef): receivers and store objects.
  ObjectRef refOf(const Expr *E, unsigned Depth = 0);
  ObjectRef rootRef(const VarDecl *VD, unsigned Depth);
  ObjectRef slotReceiver(const Expr *Callee, unsigned Depth = 0);
  /// The functions and slots a call through \p Callee may call, when it is
  /// a local (or a `?:`) every assignment of which is one (a null pointer
  /// constant adds none): `fn = w ? f->f_op->write_iter :
  /// f->f_op->read_iter; fn(iocb, iter)`. False when one is anything else
  /// or the local's address is taken.
  bool fnChoices(const Expr *Callee, std::vector<Value> &Out,
                 unsigned Depth = 0);
  std::string localKey(const VarDecl *VD);
  void noteVar(const VarDecl *VD);
  void noteWrite(const Expr *LHS, const Expr *Value);

  Value eval(const Expr *E);
  Operand operandOf(const Expr *E);
  /// The object a pointer argument points to, named only when that is
  /// exact: `&X` (X a variable, a member or an array element: the object
  /// X itself) or an unassigned parameter (its caller's argument). A
  /// pointer read from storage (`p->nbp`, a local) names where the pointer
  /// is kept, not the object: unknown. Notifier chains and blocks are
  /// named this way, so that two names never stand for one object.
  Operand exactOperand(const Expr *E);
  Operand rootOperand(const Expr *Root);
  void recordLocal(const VarDecl *VD, const Value &V);
  size_t allocFor(const CallExpr *CE, const Primitive &P);
  std::string apiName(const CallExpr *CE, StringRef Callee);
  void handlePrimitive(const CallExpr *CE, const Primitive &P);
  void handleCall(const CallExpr *CE);
  void storeFunction(const Expr *LHS, const std::string &FnKey,
                     SourceLocation At);
  bool bindWork(const Expr *LHS, const Expr *RHS);
  bool isTrackedLocal(const VarDecl *VD) const {
    return VD->isLocalVarDecl() && !VD->isStaticLocal();
  }

  TUExtractor &TU;
  const FunctionDecl *FD;
  FunctionFacts &F;
  TaskFlagWalker Flags{TU, FD};
  bool CollectingLocals = false;
  llvm::DenseMap<const VarDecl *, Value> Locals;
  /// Pass 1, for ObjectRef: the values assigned to each local (initializer
  /// included); locals and parameters whose value is not just that
  /// (assigned by a compound operator, incremented, address taken; for
  /// parameters, assigned at all); the ordinal of each local among the
  /// function's variables of its name.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const Expr *, 2>> Writes;
  llvm::DenseSet<const VarDecl *> Opaque;
  llvm::DenseMap<const VarDecl *, unsigned> Ordinal;
  llvm::StringMap<unsigned> NameCount;
  /// Locals being resolved, against cycles (`a = b; b = a;`).
  llvm::DenseSet<const VarDecl *> Resolving;
  std::vector<size_t> FunctionAllocs; ///< Indexes into TU.Out.Allocs.
  /// Pass 2, in source order: the allocation a local was last given, for
  /// a local that holds several (`wq = alloc(A); a = wq; wq = alloc(B);
  /// b = wq;`, net/sunrpc's rpciod_start()), whose pass-1 value is a
  /// Conflict.
  llvm::DenseMap<const VarDecl *, size_t> LastAlloc;
};

} // namespace wqdep::extract

#endif
