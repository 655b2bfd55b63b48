//===- Facts.h - What one translation unit says about workqueues -*- C++ -*-===//
//
// The facts extracted from one translation unit, in a form with no Clang
// dependency: the extractor (lib/Extract) produces them, the linker
// (lib/Program) merges them, and a later program database may store them.
//
// Background: in the kernel, a work item (struct work_struct) is bound to a
// function by a store into work_struct::func (INIT_WORK, DECLARE_WORK, ...),
// queued on a workqueue (queue_work_on and its inline wrappers) and flushed
// (flush_work, __flush_workqueue, ...). Objects are named by where they live,
// see Operand.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_FACTS_FACTS_H
#define WQDEP_FACTS_FACTS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wqdep {

/// A source position, already resolved to the file the user reads (the
/// expansion site when the construct comes from a macro).
struct Location {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;

  bool valid() const { return Line != 0; }
  bool operator<(const Location &O) const {
    if (File != O.File)
      return File < O.File;
    if (Line != O.Line)
      return Line < O.Line;
    return Column < O.Column;
  }
  bool operator==(const Location &O) const {
    return File == O.File && Line == O.Line && Column == O.Column;
  }
};

/// A workqueue or work-item object, as named by the analysis.
///
/// Objects are named field-sensitively and object-insensitively:
///  - a member of a struct that is not itself a workqueue type is named by
///    its type and field path: "struct xfs_mount::m_flush_inodes_work",
///    "struct bdi_writeback::dwork.work";
///  - a global variable by its name ("bdi_wq"), a static one qualified by
///    its file ("/path/dquot.c:quota_release_work"), a local one by its
///    function ("fn()::w");
///  - a function parameter by its index, with the field path below it (a
///    wrapper taking `struct delayed_work *dw` and queueing `&dw->work` has
///    the operand Param 0 + ".work"); call sites substitute their argument.
struct Operand {
  enum KindTy : uint8_t { Unknown, Object, Param };
  KindTy Kind = Unknown;
  std::string Key; ///< Object: the object's name.
  unsigned Index = 0; ///< Param: the parameter's index.
  std::string Suffix; ///< Param: field path appended to the argument (".work").

  static Operand unknown() { return Operand(); }
  static Operand object(std::string K) {
    Operand O;
    O.Kind = Object;
    O.Key = std::move(K);
    return O;
  }
  static Operand param(unsigned I, std::string Suffix = "") {
    Operand O;
    O.Kind = Param;
    O.Index = I;
    O.Suffix = std::move(Suffix);
    return O;
  }
  bool isObject() const { return Kind == Object; }
  bool isParam() const { return Kind == Param; }
  /// Appends a field path (".work") to this operand.
  Operand withSuffix(const std::string &S) const;
  std::string str() const;
  bool operator==(const Operand &O) const {
    return Kind == O.Kind && Key == O.Key && Index == O.Index &&
           Suffix == O.Suffix;
  }
  bool operator<(const Operand &O) const;
};

/// An object named by the variable that carries it and the field path read
/// from that variable: the object a call through a slot reads the slot from
/// (its *receiver*), and the object a slot store writes into.
///
/// Unlike Operand, which names workqueue objects by type and field (every
/// `struct xfs_mount::m_sync_workqueue` is one), an ObjectRef is rooted at a
/// variable of the function that contains the fact, so a later analysis can
/// tell that two facts concern the object the same parameter or local
/// carries. The root is:
///  - Param: parameter Index of the containing function, not assigned
///    anywhere in its body (`sb->s_type->kill_sb(sb)`, sb parameter 0: Param
///    0 + ".s_type"). A parameter the function assigns, increments or takes
///    the address of is named as a Local instead;
///  - Local: an automatic variable of the containing function, Var its key
///    "fn()::name" (the extractor's naming of locals), with "#2", "#3" ...
///    appended for the second, third ... variable of that name in the
///    function (shadowing blocks). A local pointer whose every assignment
///    (initializer included) names one and the same rooted object is
///    followed: after `ops = file->f_op`, `ops->write_iter` has the receiver
///    Param 0 + ".f_op", not the local. A local assigned anything else
///    (a call's result, two different objects) is its own root;
///  - Global: a variable with static storage, Var its object key ("name"
///    for external ones, "file:name" for static ones, "fn()::name" for
///    static locals);
///  - Unknown: anything else (a call's result, container_of(), pointer
///    arithmetic, a cast from an integer), or no object at all (a call
///    through, or a store into, a function-pointer variable).
/// Path is the field path below the root, in Operand's spelling: "." before
/// each field whether reached with "->" or ".", "[]" for any array element
/// ("arr[i].cb" is Global "arr" + "[]"), unnamed members skipped; empty
/// when the root itself is the object (`ops->two()` with ops parameter 0 is
/// Param 0 + "").
struct ObjectRef {
  enum KindTy : uint8_t { Unknown, Param, Local, Global };
  KindTy Kind = Unknown;
  unsigned Index = 0; ///< Param: the parameter's index.
  std::string Var;    ///< Local, Global: the variable's key.
  std::string Path;   ///< Field path below the root (".s_type").

  static ObjectRef param(unsigned I) {
    ObjectRef R;
    R.Kind = Param;
    R.Index = I;
    return R;
  }
  static ObjectRef var(KindTy K, std::string V) {
    ObjectRef R;
    R.Kind = K;
    R.Var = std::move(V);
    return R;
  }
  bool known() const { return Kind != Unknown; }
  /// "param#0.s_type", "local:fn()::o.ops", "global:arr[]", "?".
  std::string str() const;
  bool operator==(const ObjectRef &O) const {
    return Kind == O.Kind && Index == O.Index && Var == O.Var &&
           Path == O.Path;
  }
  bool operator!=(const ObjectRef &O) const { return !(*this == O); }
  bool operator<(const ObjectRef &O) const;
};

/// The task flags (the kernel's PF_* bits of task_struct::flags) wqdep
/// tracks, as bits of its own: the kernel's values are mapped to these by
/// the extractor (taskFlagBits() in KernelModel.h), so facts do not depend
/// on one kernel version's numbering.
enum TaskFlag : uint8_t {
  TF_MEMALLOC = 1 << 0,       ///< PF_MEMALLOC: what rule A tests.
  TF_KSWAPD = 1 << 1,         ///< PF_KSWAPD (current_is_kswapd()).
  TF_MEMALLOC_NOFS = 1 << 2,  ///< PF_MEMALLOC_NOFS.
  TF_MEMALLOC_NOIO = 1 << 3,  ///< PF_MEMALLOC_NOIO.
  TF_LOCAL_THROTTLE = 1 << 4, ///< PF_LOCAL_THROTTLE.
  TF_MEMALLOC_PIN = 1 << 5,   ///< PF_MEMALLOC_PIN.
  TF_KCOMPACTD = 1 << 6,      ///< PF_KCOMPACTD (current_is_kcompactd()).
  /// Not a kernel flag: at a call (CallSite::TaskFlags, Effect::TaskFlags)
  /// beside TF_MEMALLOC, PF_MEMALLOC is set there on every run that gets
  /// as far as the call, by a constant (`memalloc_noreclaim_save()`, not
  /// `if (swapper) current->flags |= PF_MEMALLOC` nor a variable's flags),
  /// and nothing before the call in the function may have cleared it. What
  /// makes a scope another context's for nested scopes (Analysis/Model.h).
  TF_MEMALLOC_ALWAYS = 1 << 7,
};

/// A place a function sets task flags on the current task: a scope opener
/// (`memalloc_noreclaim_save()`, `memalloc_flags_save(PF_MEMALLOC)`,
/// `current_set_flags_nested()`) or a raw `tsk->flags |= PF_MEMALLOC`. The
/// calls it covers carry the flags in CallSite::TaskFlags.
struct TaskFlagSetter {
  uint8_t Flags = 0;  ///< TaskFlag bits set (may be set: a variable's).
  std::string Api;    ///< "memalloc_noreclaim_save", "flags |= PF_MEMALLOC".
  Location Loc;
};

/// A function as a value: a function, every function stored into a slot, or
/// unknown (a value wqdep cannot follow).
struct FuncRef {
  std::string Key; ///< Function key, slot key, or empty when unknown.
  bool IsSlot = false;

  bool known() const { return !Key.empty(); }
  bool operator==(const FuncRef &O) const {
    return Key == O.Key && IsSlot == O.IsSlot;
  }
  bool operator<(const FuncRef &O) const {
    return IsSlot != O.IsSlot ? IsSlot < O.IsSlot : Key < O.Key;
  }
};

/// A function passed as an argument: a known function or slot, or the
/// caller's own function-pointer parameter passed on.
struct FnArg {
  unsigned Arg = 0;
  FuncRef Ref;
  int FromParam = -1; ///< The caller's parameter index, when passed on.
};

/// A condition on one of the calling function's parameters (one it never
/// assigns nor takes the address of) under which a call is made
/// (CallSite::Guards): `if (rqstp) fh_verify(rqstp, ...)` is made only
/// with `rqstp` nonzero. Integers and pointers alike; Value is the
/// parameter's value as a mathematical integer (Eq, Ne).
///
/// Field values: a condition on a member of the object a pointer parameter
/// points to (`request->c.flc_type != F_UNLCK`): Field names the member
/// ("c.flc_type", FieldEffects::Writes says how), and Before says what
/// the function may do to the object before the condition is tested (1 +
/// an index into FunctionFacts::FieldBefore). The parameter may be
/// assigned elsewhere in the function, but not before the test.
struct ValueGuard {
  /// EqAny: the parameter is one of the values of the call's EqAny guards
  /// on it (a disjunction of equalities, `cmd == F_GETLK || cmd ==
  /// F_OFD_GETLK`; two such conditions around one call are taken as the
  /// union of their values, which says less, never more).
  enum OpTy : uint8_t { Zero, NonZero, Eq, Ne, EqAny };
  uint8_t Param = 0;
  OpTy Op = NonZero;
  int64_t Value = 0;
  std::string Field = {};
  uint32_t Before = 0;
  bool operator==(const ValueGuard &O) const {
    return Param == O.Param && Op == O.Op && Value == O.Value &&
           Field == O.Field && Before == O.Before;
  }
};

/// Whether member paths \p A and \p B (FieldEffects) name overlapping
/// storage: one is the other or a member below it ("" is the object).
bool memberPathsOverlap(const std::string &A, const std::string &B);

/// An object, or a member of it, handed to a call (FieldEffects::Passes):
/// what the callee may do to it is the callee's FieldEffects on that
/// parameter, below Sub.
struct FieldPass {
  uint32_t Call = 0; ///< Index into FunctionFacts::Calls.
  uint8_t Arg = 0;
  /// The member handed: "" the object, "c" for `&p->c`; "?" through an
  /// alias of another type (container_of()): what the callee writes, it
  /// writes the object whole.
  std::string Sub;
  /// The call's value is used: a callee that returns the pointer hands
  /// the object on.
  bool ResultUsed = false;
  bool operator==(const FieldPass &O) const {
    return Call == O.Call && Arg == O.Arg && Sub == O.Sub &&
           ResultUsed == O.ResultUsed;
  }
};

/// What a function may do to the object one of its pointer parameters
/// points to (or a local struct whose address it takes), everywhere
/// (FunctionFacts::ParamEffects) or before some point
/// (FunctionFacts::FieldBefore). Members are named by paths of member
/// names below the object ("c.flc_type"; an unnamed member by "#" and its
/// index), cut at a union's members (a union is written whole). One path
/// covers the paths below it.
struct FieldEffects {
  uint8_t Param = 0;
  /// The pointer (or the object's address) is stored, returned, copied,
  /// converted, or handed where wqdep cannot follow: the object may be
  /// written from anywhere, later too.
  bool Escapes = false;
  /// The object is written whole (`*p = x`, memset()).
  bool WritesAll = false;
  /// The pointer (or one into the object) is returned: a caller that uses
  /// the call's value has it handed on (FieldPass::ResultUsed).
  bool Returns = false;
  std::vector<std::string> Writes; ///< Members written, sorted.
  std::vector<FieldPass> Passes;   ///< Calls the object is handed to.
  bool empty() const {
    return !Escapes && !WritesAll && !Returns && Writes.empty() &&
           Passes.empty();
  }
  bool operator==(const FieldEffects &O) const {
    return Param == O.Param && Escapes == O.Escapes &&
           WritesAll == O.WritesAll && Returns == O.Returns &&
           Writes == O.Writes && Passes == O.Passes;
  }
};

/// A member of the object an argument points to, known at the call
/// (CallSite::ArgFields): `lock.c.flc_type = F_UNLCK;` then
/// `vfs_lock_file(filp, F_SETLK, &lock, NULL)` in the same block, with
/// nothing in between naming `lock` but stores to other members. Before
/// (1 + an index into FunctionFacts::FieldBefore) lists where else the
/// function hands the local's address: if any of those may keep it, the
/// value is not known.
///
/// Slot origin: a function-pointer member given a function
/// (`ctx.actor = filldir;`, `{ .ctx.actor = filldir }`) is known as that
/// function (Fn, its key; Value 0). An argument that is the address of a
/// member of a local (`&buf.ctx`) hands the members below it.
///
/// Ops tables: a pointer member given the address of a const table
/// (`.ops = &vmemmap_remap_ops`; Table, its key, TUFacts::ConstTables),
/// or the value of one of the function's parameters that it never
/// assigns nor takes the address of (`.ops = ops`; FromParam, its index):
/// what the route handed that parameter, the member holds.
struct FieldValue {
  uint8_t Arg = 0;
  std::string Field;
  int64_t Value = 0;
  uint32_t Before = 0;
  std::string Fn = {};
  std::string Table = {};
  int16_t FromParam = -1;
  bool operator==(const FieldValue &O) const {
    return Arg == O.Arg && Field == O.Field && Value == O.Value &&
           Before == O.Before && Fn == O.Fn && Table == O.Table &&
           FromParam == O.FromParam;
  }
};

/// Field values: an argument handing `&v`, a local struct last set up by
/// an earlier call of the function that handed it `&v` too, in the same
/// block, nothing in between naming `v` but stores to its members
/// (`iov_iter_bvec(&from, ITER_SOURCE, ...);` then
/// `swap_rw(&sio->iocb, &from)`; CallSite::ArgInits). The members that
/// call's callee leaves set (FunctionFacts::MemberSets, of its argument
/// CalleeArg) are known at this call, but those stored in between
/// (Stored: every member a store in between names, whatever its value),
/// with the arguments of the call FunctionFacts::Calls[Call] put in.
/// Before as for FieldValue.
struct ArgInit {
  uint8_t Arg = 0;
  uint32_t Call = 0;
  uint8_t CalleeArg = 0;
  uint32_t Before = 0;
  std::vector<std::string> Stored = {};
  bool operator==(const ArgInit &O) const {
    return Arg == O.Arg && Call == O.Call && CalleeArg == O.CalleeArg &&
           Before == O.Before && Stored == O.Stored;
  }
};

/// Field values: a member of the object parameter Param points to that
/// the function leaves set whenever it returns (FunctionFacts::
/// MemberSets): a store that runs on every path to a return, nothing
/// after it naming the parameter (`*i = (struct iov_iter){ .data_source =
/// direction, ... }` in `iov_iter_bvec()`). The value is a constant, or
/// the value of parameter Value (FromParam: converted to the member's type
/// without change; FromParamBool: into a `bool`, nonzero is 1).
struct MemberSet {
  enum KindTy : uint8_t { Const, FromParam, FromParamBool };
  uint8_t Param = 0;
  std::string Field;
  KindTy Kind = Const;
  int64_t Value = 0;
  bool operator==(const MemberSet &O) const {
    return Param == O.Param && Field == O.Field && Kind == O.Kind &&
           Value == O.Value;
  }
};

/// Slot origin: a call through a function-pointer member of the object a
/// parameter points to (`ctx->actor(ctx, ...)`, `p->ops.cb(p)`;
/// CallSite::SlotReads). Field names the member as ValueGuard::Field
/// does, Before what the function may do to the object before the call
/// (1 + an index into FunctionFacts::FieldBefore). The parameter is not
/// assigned before the call.
///
/// Ops tables: Deref, a call through a member of the object a pointer
/// member points to (`walk->ops->pmd_entry(...)`, also through a local
/// set from it, `ops = walk->ops; ops->pmd_entry(...)`): Field names the
/// pointer member ("ops"), and the function is the call's slot member of
/// the table it points to.
struct SlotRead {
  uint8_t Param = 0;
  std::string Field;
  uint32_t Before = 0;
  bool Deref = false;
  bool operator==(const SlotRead &O) const {
    return Param == O.Param && Field == O.Field && Before == O.Before &&
           Deref == O.Deref;
  }
};

/// What an argument of a call is known to be (CallSite::ArgValues): a
/// constant (an integer constant expression, `NULL`, converted to the
/// parameter's type), nonzero (`&x`, a string, a function), or the
/// negation of one of the caller's parameters (`!head`, a parameter it
/// never assigns nor takes the address of).
/// Ops tables: NonZero with Table, the address of a const table
/// (`walk_kernel_page_table_range(..., &vmemmap_remap_ops, ...)`), its
/// key (TUFacts::ConstTables).
struct ArgValue {
  enum KindTy : uint8_t { Unknown, Const, NonZero, NotParam };
  KindTy Kind = Unknown;
  int64_t Value = 0; ///< Const: the value; NotParam: the parameter.
  std::string Table = {};
  bool operator==(const ArgValue &O) const {
    return Kind == O.Kind && Value == O.Value && Table == O.Table;
  }
};

/// A call of an analysed function, direct or through a function pointer.
struct CallSite {
  enum KindTy : uint8_t {
    Direct,   ///< Callee names a function.
    Slot,     ///< Through a function-pointer field or variable (Callee is
              ///< the slot: "struct address_space_operations::writepages").
    WorkFunc, ///< Through work_struct::func of the work item in WorkItem.
    Param,    ///< Through the function's own parameter ParamIndex (a
              ///< callback): resolved at the callers that pass a function.
  };
  KindTy Kind = Direct;
  /// The called function does not return: a direct call of a function
  /// declared noreturn in any declaration the translation unit saw (C11
  /// `_Noreturn`, `__attribute__((noreturn))`, the kernel's `__noreturn`),
  /// defined or not (`panic()`), or a call through a pointer whose function
  /// type is noreturn. Builtins (`__builtin_unreachable()`, `__builtin_trap()`)
  /// are not call sites at all.
  bool CalleeNoReturn = false;
  /// Slot: the object the function pointer is read from, as 1 + its index
  /// in the containing FunctionFacts::Receivers; read it with
  /// FunctionFacts::receiver(). 0 (Unknown) for a slot that is a
  /// function-pointer variable, a receiver wqdep cannot name, and every
  /// other kind. An index rather than an ObjectRef keeps CallSite at its
  /// size (it fits in padding): a kernel has ~1M calls, a tenth through
  /// slots, mostly a few receivers per function.
  uint32_t Receiver = 0;
  /// The call is made on every run of the function that gets as far as
  /// it: it is not inside a branch (`if`, `?:`, `&&`/`||`, a loop body, a
  /// `switch`) and no `return`, `goto`, `break` or `continue` comes before
  /// it in the function (a `do { } while (0)` body is no branch). What an
  /// object-class witness of the callee says of an argument holds for the
  /// caller's object only then (ObjectWitness).
  bool Always = false;
  /// The call comes after a call that never returns, made on every run
  /// that gets as far as it (as Always): `panic("...")`, `do_exit(0)`,
  /// `BUG()`'s `__builtin_unreachable()`, then more code in the same
  /// block or after it. It cannot run (docs/limits.md, "Terminal
  /// callees"). Arguments of the noreturn call itself, and calls in the
  /// same statement, are not after it (their order is the compiler's).
  bool AfterTerminal = false;
  /// Task flags (TaskFlag bits) this function has set on the current task
  /// where the call is made: in source order after a setter and before its
  /// restore (TaskFlagSetter). A branch that does not fall through (returns,
  /// jumps) does not end a scope for the code after it.
  uint8_t TaskFlags = 0;
  /// The call is made only while these task flags are all clear: it is
  /// guarded by a test of them (`if (!(current->flags & PF_MEMALLOC))`,
  /// `!current_is_kswapd() && ...`) or follows an early return taken when
  /// one is set (`if (current->flags & PF_MEMALLOC) return;`).
  uint8_t GuardClear = 0;
  /// Atomic sections: the call is made where the function itself has
  /// certainly disabled preemption, interrupts or softirqs
  /// (`preempt_disable()`, `local_irq_disable()`, `local_irq_save()`,
  /// `local_bh_disable()`; KernelModel.h's lookupAtomicApi()) on every
  /// path to it, and nothing before it in the function may have undone
  /// that, nor may the callee when the unit defines it (two levels of
  /// calls read). Nothing it runs may sleep (docs/limits.md, "Atomic
  /// sections").
  bool Atomic = false;
  std::string Callee; ///< Function key (Direct) or slot key (Slot).
  Operand WorkItem;   ///< WorkFunc: the work item whose func is called.
  unsigned ParamIndex = 0; ///< Param.
  std::vector<Operand> Args;
  std::vector<FnArg> FnArgs; ///< Arguments that are functions.
  /// Per argument, 1 + the index of the caller's parameter passed as it,
  /// unchanged (`deactivate_super(sb)`, sb a parameter the function never
  /// assigns), else 0; empty when no argument is one. Whatever the type:
  /// object-class witnesses follow an object down a chain of calls by it.
  std::vector<uint8_t> ArgParams;
  /// The caller's parameter passed as argument \p Arg, or -1.
  int argParam(size_t Arg) const {
    return Arg < ArgParams.size() ? int(ArgParams[Arg]) - 1 : -1;
  }
  /// The conditions on the caller's parameters under which the call is
  /// made: those of the `if`s, `?:`s, `&&`/`||`s and loops around it
  /// (their conjunctions split; nothing of a disjunction that must hold).
  /// Empty for most calls.
  std::vector<ValueGuard> Guards;
  /// Per argument, what it is known to be; empty when nothing is.
  std::vector<ArgValue> ArgValues;
  /// Arguments that are the address of a struct member (`&iod->req`,
  /// `&rsp->in.r`, `&local.req`): (argument, "in " and the member's key,
  /// as a container_of() witness names it: "in struct nvme_loop_iod::req").
  /// The object handed is that member of that struct, which a callee's
  /// container_of() into another struct contradicts (ObjectWitness). Only
  /// members of struct type, not at offset 0, not in a union or an
  /// anonymous record, as for container_of() witnesses. Empty for most.
  std::vector<std::pair<uint8_t, std::string>> ArgOrigins;
  /// Field values: members of the objects arguments point to, known here.
  std::vector<FieldValue> ArgFields;
  /// Field values: per pointer parameter passed on unchanged (ArgParams),
  /// what the function may do to its object before this call: (parameter,
  /// 1 + an index into FunctionFacts::FieldBefore).
  std::vector<std::pair<uint8_t, uint32_t>> ParamBefore;
  /// Slot origin: the member of a parameter's object a Slot call reads
  /// its function from; empty, or one entry.
  std::vector<SlotRead> SlotReads;
  /// Field values: arguments handing a local a call set up before.
  std::vector<ArgInit> ArgInits;
  Location Loc;
};

/// What a workqueue primitive does at a call site.
enum class EffectKind : uint8_t {
  Queue,  ///< Work item WorkItem is queued on workqueue Workqueue.
  Flush,  ///< A flush of WorkItem or Workqueue that check_flush_dependency()
          ///< checks.
  Exempt, ///< A cancel/disable *_sync: waits, but is not checked.
  Bind,   ///< A store of Fn into WorkItem's work_struct::func (INIT_WORK).
  Wait,   ///< Sleeps until Completion is completed (wait_for_completion*):
          ///< no flush, but one when the completer is a queued work item.
  Complete, ///< Completes Completion (complete, complete_all).
};


/// One step of a wrapper chain: the call in Function at Loc.
struct WrapperStep {
  std::string Function; ///< Function key.
  Location Loc;
};

/// A queue, flush or exempt wait, with operands relative to the function that
/// contains it. When the operands are parameters the effect is part of the
/// function's summary and is instantiated at its call sites.
struct Effect {
  EffectKind Kind = EffectKind::Queue;
  std::string Api;    ///< The API as the user wrote it ("flush_work").
  Operand WorkItem;   ///< The work item, for work-item APIs.
  Operand Workqueue;  ///< The workqueue, for workqueue APIs and queueing.
  Operand Completion; ///< Wait, Complete: the struct completion.
  Location Loc;       ///< The call in the containing function.
  /// As CallSite::TaskFlags and CallSite::GuardClear, for the call that
  /// makes the effect (for an effect instantiated from a wrapper's summary,
  /// the call of the wrapper joined with the wrapper's own).
  uint8_t TaskFlags = 0;
  uint8_t GuardClear = 0;
  /// As CallSite::AfterTerminal, for the call of the primitive: the effect
  /// cannot happen.
  bool AfterTerminal = false;
  /// As CallSite::Atomic, for the call of the primitive (from a wrapper's
  /// summary: the call of the wrapper, or the wrapper's own call, is):
  /// the flush or wait would sleep in an atomic section.
  bool Atomic = false;
  /// Calls inside wrappers leading to the primitive, outermost first. Empty
  /// when the primitive is called directly.
  std::vector<WrapperStep> Inner;
  /// Bind: the function stored.
  FuncRef Fn;
  /// Queue: the functions the queued item runs, when the function that
  /// queues it also (re)binds it (INIT_WORK then queue_work). Empty means
  /// every function the work item is bound to anywhere.
  std::vector<FuncRef> Runs;

  bool hasParam() const {
    return WorkItem.isParam() || Workqueue.isParam() || Completion.isParam();
  }
};

/// An object-class witness: a function treats a field of an object it was
/// handed, a `void *`, as a pointer to one struct type. `NFS_SB(sb)` reads
/// `sb->s_fs_info` as a `struct nfs_server *`, so a superblock it is
/// handed is an NFS one; `nfsd_umount()` reads the same field as a `struct
/// net *`. A kernel function that does so on every run treats every object
/// it is called with as of that class (the design invariant that makes the
/// cast valid), so one object cannot reach two functions whose witnesses
/// disagree (docs/limits.md, "Object-class witnesses").
///
/// Recorded when the conversion (implicit, `struct net *net =
/// sb->s_fs_info;`, or a cast) is made on every run of the function that
/// gets as far as it (as CallSite::Always) and the field is read from a
/// parameter the function never assigns (ObjectRef Param, with a path).
/// container_of() of such a parameter (or a field of it) is a witness
/// too: the object is a member of a struct (`EXT4_I(inode)`: "in struct
/// ext4_inode_info::vfs_inode", the innermost struct and member), when
/// that member is not at the struct's start and not in a union or an
/// anonymous record (which overlay other objects).
struct ObjectWitness {
  unsigned Param = 0; ///< The parameter handed the object.
  std::string Path;   ///< The `void *` field read, below it (".s_fs_info").
  /// The struct type, then the struct types it begins with (its first
  /// member, if a struct, and so on), then "=" and the type of the first
  /// member that is not a named struct: "struct nfs_server|=struct
  /// nfs_client *", "struct xfs_mount|struct xfs_sb|=unsigned int". Two
  /// witnesses agree when one's first type is in the other's list (C's
  /// first-member inheritance) or they begin with a member of the same
  /// type (headers of one buffer: a magic number). container_of(): "in "
  /// and the member's key; two such agree when they are the same, and
  /// never disagree with a cast's.
  std::string Type;
  Location Loc;
  bool operator==(const ObjectWitness &O) const {
    return Param == O.Param && Path == O.Path && Type == O.Type &&
           Loc == O.Loc;
  }
};

/// A function defined in the translation unit.
struct FunctionFacts {
  std::string Key;  ///< "name", or "file:name" for internal linkage.
  std::string Name; ///< The spelling users read.
  Location Loc;
  unsigned NumParams = 0;
  /// Declared noreturn (FunctionDecl::isNoReturn() on any declaration).
  bool NoReturn = false;
  /// The section of a `__attribute__((section))` on any declaration: the
  /// kernel's `__init` is ".init.text", `__exit` ".exit.text", `__sched`
  /// ".sched.text". Empty when there is none.
  std::string Section;
  std::vector<CallSite> Calls;
  /// The distinct receivers of the slot calls, in first-use order; see
  /// CallSite::Receiver.
  std::vector<ObjectRef> Receivers;
  std::vector<Effect> Effects;
  /// Where the function sets task flags (rule A: PF_MEMALLOC), in source
  /// order.
  std::vector<TaskFlagSetter> FlagSetters;
  /// Object-class witnesses on its parameters, in source order.
  std::vector<ObjectWitness> Witnesses;
  /// Calls through function pointers wqdep does not follow (a parameter,
  /// an expression).
  unsigned UnresolvedCalls = 0;
  /// Field values: what the function may do, anywhere, to the objects its
  /// pointer parameters point to (one entry per parameter that it does
  /// anything to), and the same before given points (ValueGuard::Before,
  /// CallSite::ParamBefore, FieldValue::Before), shared.
  std::vector<FieldEffects> ParamEffects;
  std::vector<FieldEffects> FieldBefore;
  /// Field values: members of parameters' objects set when it returns.
  std::vector<MemberSet> MemberSets;

  /// The receiver of \p C, a call of this function: `sb->s_type->kill_sb(sb)`
  /// has Param 0 + ".s_type". Unknown when there is none (see
  /// CallSite::Receiver).
  const ObjectRef &receiver(const CallSite &C) const;
  /// Sets the receiver of \p C, sharing an equal entry of Receivers.
  void setReceiver(CallSite &C, ObjectRef R);
};

/// A workqueue allocation: alloc_workqueue() and everything that expands to
/// it.
struct WorkqueueAlloc {
  std::string Storage; ///< The object it is stored into (an Operand key);
                       ///< empty when it could not be followed.
  std::string Name;    ///< The format string, "?" when not a literal.
  std::optional<uint64_t> Flags; ///< The constant flags, if constant.
  std::vector<std::string> FlagNames; ///< Decoded set bits.
  bool MemReclaim = false;
  bool Legacy = false;
  bool BH = false;
  std::string Function; ///< The allocating function's key.
  Location Loc;
  bool Builtin = false; ///< A system workqueue the analysis knows of itself.
};

/// A static initializer storing a function into work_struct::func
/// (DECLARE_WORK): the work item is bound to the function. Stores made by
/// code are Bind effects of their function.
struct WorkBinding {
  std::string WorkItem; ///< Object key.
  std::string Function; ///< Function key.
  Location Loc;
};

/// A store of a function into a function-pointer slot (a struct field or a
/// variable), from an initializer or an assignment.
struct SlotStore {
  std::string Slot;     ///< "struct file_operations::write_iter", "var".
  std::string Function; ///< Function key.
  Location Loc;
  /// The function whose code makes the store: the one containing the
  /// assignment (`bio->bi_end_io = my_end_io;`) or the initializer of an
  /// automatic variable (`struct ops o = { .cb = f };`). Empty for the
  /// initializer of a variable with static storage (global or static
  /// local), which holds from the start.
  std::string InFunction = {};
  /// The object whose field is written, rooted as ObjectRef says: relative
  /// to InFunction for code (`bio->bi_end_io = f` with bio parameter 0:
  /// Param 0), the variable initialized for static initializers (`static
  /// struct file_operations fops = { .write_iter = f }`: Global
  /// "file:fops"; a nested member or array element adds its path, ".ops",
  /// "[]"). Unknown for a store into a function-pointer variable.
  ObjectRef Object = {};
  /// The same object named as Operand names objects (by the innermost
  /// named record and field path, "struct foo::nb", or a variable,
  /// "file:my_nb"): what a call that passes the object (`&priv->nb`)
  /// names it by. Empty when it has no such name (a parameter's object, a
  /// pointer read from somewhere). Read for notifier blocks (facts 8).
  std::string ObjectKey = {};
};


/// Everything one translation unit contributed.
struct TUFacts {
  std::string MainFile;
  std::vector<FunctionFacts> Functions;
  std::vector<WorkqueueAlloc> Allocs;
  std::vector<WorkBinding> Bindings;
  std::vector<SlotStore> Stores;
  /// Ops tables: the keys of the unit's const tables, variables of static
  /// storage of a const struct type defined with an initializer whose
  /// function-pointer members (at its top level) are each a function or
  /// null (`static const struct mm_walk_ops vmemmap_remap_ops = {
  /// .pmd_entry = vmemmap_pmd_entry, ... }`): their members are the
  /// initializer's stores (Stores, Object Global with an empty path), and
  /// no code writes them. With each, its struct's key ("struct
  /// mm_walk_ops"): the slots a table answers for are that struct's.
  std::vector<std::pair<std::string, std::string>> ConstTables;
};

} // namespace wqdep

#endif
