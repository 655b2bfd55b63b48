//===- KernelModel.h - The workqueue primitives wqdep models ----*- C++ -*-===//
//
// The kernel's own workqueue primitives (kernel/workqueue.c) are modelled from
// this one table, never analysed: their bodies would make every work function
// a callee of process_one_work() and every flush a caller of __queue_work().
// Everything else, including the static inline wrappers of
// include/linux/workqueue.h (queue_work, schedule_work, mod_delayed_work ...)
// and subsystem helpers, is analysed from its source and summarised.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_FACTS_KERNELMODEL_H
#define WQDEP_FACTS_KERNELMODEL_H

#include "Facts/Facts.h"

#include <string_view>
#include <vector>

namespace wqdep {

/// How one primitive behaves at a call site.
struct Primitive {
  enum KindTy {
    Queue,  ///< Queues WorkArg (+ WorkSuffix) on WqArg.
    Flush,  ///< Checked flush of WorkArg (+ WorkSuffix), of WqArg, or of
            ///< SystemWq when both are -1.
    Exempt, ///< Waits without check_flush_dependency() (from_cancel).
    Alloc,  ///< Allocates a workqueue: FmtArg, FlagsArg.
    Opaque, ///< No effect wqdep cares about; not analysed, not a call edge.
    Wait,     ///< Sleeps on the completion WorkArg (wait_for_completion*).
    Complete, ///< Completes the completion WorkArg (complete, complete_all).
  };
  std::string_view Name;
  KindTy Kind;
  int WorkArg = -1;
  std::string_view WorkSuffix = {};
  int WqArg = -1;
  /// "system_wq" stands for the workqueue schedule_work_on() uses in the
  /// tree, which the extractor resolves per unit (schedulingWorkqueue() in
  /// KernelVersions.h: system_percpu_wq in 6.12, system_wq in 6.1).
  std::string_view SystemWq = {};
  int FmtArg = -1;
  int FlagsArg = -1;
};

/// Wait: how the wait ends besides the completion ("timeout",
/// "interruptible", "killable", "interruptible, timeout" ...), empty for
/// an unconditional wait.
std::string_view waitQualifier(std::string_view Name);

/// The primitive called \p Name, or null when \p Name is not one.
const Primitive *lookupPrimitive(std::string_view Name);

/// Macro names that users write for a primitive call and that read better in
/// a report than what they expand to (flush_workqueue -> __flush_workqueue).
bool isApiMacro(std::string_view Name);

/// Record types that are workqueue objects themselves; members of other
/// records are named by type ("struct xfs_mount::m_sync_workqueue"), members
/// of these by the object that contains them ("wq_param.work").
bool isWorkqueueRecord(std::string_view RecordName);

/// Notifier chain heads (include/linux/notifier.h: atomic_, blocking_, raw_
/// and srcu_notifier_head). Like workqueue records, their members are named
/// by the object that contains them: `&nh->head` with nh parameter 0 is
/// parameter 0 + ".head", so that each chain keeps its own name up to the
/// caller that names it (`&panic_notifier_list` -> "panic_notifier_list").
bool isNotifierHeadRecord(std::string_view RecordName);
/// Records whose objects calls pass on and the analysis follows through
/// parameters: workqueue records, completions, notifier heads and blocks.
bool isFollowedRecord(std::string_view RecordName);

/// The notifier-chain API (kernel/notifier.c), modelled rather than
/// analysed for what it calls: running a chain calls the notifier_call of
/// the blocks registered on that chain, not every notifier_call.
struct NotifierApi {
  enum KindTy {
    Run,      ///< Calls every block registered on chain ChainArg.
    Register, ///< Registers block BlockArg on chain ChainArg.
  };
  std::string_view Name;
  KindTy Kind;
  int ChainArg = 0;
  /// The chain's list head below the argument: ".head" for the exported
  /// API, which takes a struct *_notifier_head; "" for the list itself.
  std::string_view ChainSuffix;
  int BlockArg = -1;
};
/// The notifier API called \p Name, or null.
const NotifierApi *lookupNotifierApi(std::string_view Name);

/// The system workqueues allocated in workqueue_init_early(), for trees whose
/// compile database lacks kernel/workqueue.c. None has WQ_MEM_RECLAIM.
std::vector<WorkqueueAlloc> builtinSystemWorkqueues();

/// Workqueue flag bits of Linux 6.12 (include/linux/workqueue.h), used when a
/// translation unit does not declare the enum itself.
struct FlagBit {
  std::string_view Name;
  uint64_t Value;
};
const std::vector<FlagBit> &defaultFlagBits();

/// The task flags wqdep tracks (TaskFlag in Facts.h): the kernel's name and
/// value (include/linux/sched.h; the same in 6.1 and 6.12) and wqdep's bit.
struct TaskFlagBit {
  std::string_view Name; ///< "PF_MEMALLOC".
  uint64_t Kernel;       ///< 0x00000800.
  uint8_t Bit;           ///< TF_MEMALLOC.
};
const std::vector<TaskFlagBit> &taskFlagBits();
/// "PF_MEMALLOC | PF_KSWAPD" for TaskFlag bits.
std::string taskFlagNames(uint8_t Bits);

/// A function or macro that sets, clears or tests the current task's flags
/// (include/linux/sched/mm.h, include/linux/sched.h, fs/xfs/xfs_linux.h).
struct TaskFlagApi {
  enum KindTy {
    Set,         ///< Sets Bits (memalloc_noreclaim_save()).
    Clear,       ///< Clears Bits (memalloc_noreclaim_restore()).
    SetArg,      ///< Sets the flags of argument Arg (memalloc_flags_save()).
    ClearArg,    ///< Clears the flags of argument Arg
                 ///< (current_restore_flags(), current_restore_flags_nested()).
    ClearLastSet, ///< Ends the innermost SetArg scope still open
                  ///< (memalloc_flags_restore(old): old is not the flags).
    Test,        ///< Returns whether Bits are set (current_is_kswapd()).
  };
  std::string_view Name;
  KindTy Kind;
  uint8_t Bits = 0;
  int Arg = -1;
};
/// The task-flag API called \p Name, or null.
const TaskFlagApi *lookupTaskFlagApi(std::string_view Name);

/// What a call does to the running code's atomicity (atomic sections,
/// docs/limits.md): the primitives that the kernel's `preempt_disable()`,
/// `local_irq_disable()`, `local_irq_save()` and `local_bh_disable()`
/// expand to (include/linux/preempt.h, irqflags.h, bottom_half.h,
/// arch/x86/include/asm/preempt.h, irqflags.h), and their undoing. A
/// count added is `Enter` only when a constant that is positive (the
/// extractor reads the argument of `__preempt_count_add()`); anything
/// else that names the count is `Leave`. `EnterBh` (`local_bh_disable()`)
/// enters only where the unit's `__local_bh_disable_ip()` is the inline
/// one that adds to the preemption count: on PREEMPT_RT it is a function
/// of kernel/softirq.c taking a per-CPU lock, and the section may sleep.
enum class AtomicApi : uint8_t { None, Enter, Leave, AddArg, EnterBh };
/// The atomicity primitive called \p Name, or None.
AtomicApi lookupAtomicApi(std::string_view Name);

/// Front-end file I/O, the sinks of stacked-fs-io: a call that enters a
/// filesystem's file operations on a file (include/linux/fs.h,
/// fs/read_write.c, fs/sync.c, fs/backing-file.c). Unlike the workqueue
/// primitives these are analysed like any function (the flush checks need
/// their bodies); the check stops at them.
struct FileIoSink {
  std::string_view Name; ///< A function, or a slot key when Slot.
  bool Slot = false;     ///< A call through the slot Name.
  bool Write = true;     ///< Writes (or syncs), not reads.
  /// The kernels that have it: 61 for Linux 6.1 and later, 68 for those
  /// from 6.8 (fs/backing-file.c): documentation and the lit test of the
  /// table; a name a tree lacks never matches.
  unsigned Since = 61;
};
/// Every sink, functions first.
const std::vector<FileIoSink> &fileIoSinks();
/// The sink called \p Name (a function key or a slot key), or null.
const FileIoSink *lookupFileIoSink(std::string_view Name, bool Slot);
/// The sink call \p CS makes (a direct call of a sink function, or a call
/// through a sink slot), or null. Null too for a call that continues the
/// I/O its function was handed (continuesHandedIo()).
const FileIoSink *lookupFileIoSink(const CallSite &CS);

/// The suffix of a sink call's file argument that is the file of a
/// `struct kiocb *` parameter: `vfs_fsync_range(iocb->ki_filp, ...)` is
/// Operand::param(I, HandedIoFile) (facts format 9).
inline constexpr std::string_view HandedIoFile = "->ki_filp";
/// Whether \p CS, a direct call of a sink function, does its I/O on the
/// file of a kiocb its function was handed: the tail of an I/O already in
/// progress on that file (generic_write_sync() syncing the file a write
/// just went to, from the write itself or from its direct-I/O completion
/// worker), not front-end I/O into another file. Whoever started that I/O
/// from a back end made a sink call of its own (the ->write_iter that
/// led here), which is what the check reports.
bool continuesHandedIo(const CallSite &CS);

} // namespace wqdep

#endif
