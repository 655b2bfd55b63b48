//===- KernelModel.cpp - The workqueue primitives wqdep models ------------===//
#include "Facts/KernelModel.h"

#include <algorithm>
#include <unordered_map>

namespace wqdep {

namespace {
using P = Primitive;

// clang-format off
const Primitive Table[] = {
  // Queueing (kernel/workqueue.c). queue_work(), queue_delayed_work(),
  // schedule_work() ... are inline wrappers over these and are analysed.
  {"queue_work_on",          P::Queue, 2, "",      1},
  {"queue_work_node",        P::Queue, 2, "",      1},
  {"queue_delayed_work_on",  P::Queue, 2, ".work", 1},
  {"mod_delayed_work_on",    P::Queue, 2, ".work", 1},
  {"queue_rcu_work",         P::Queue, 1, ".work", 0},
  {"__queue_work",           P::Queue, 2, "",      1},
  {"__queue_delayed_work",   P::Queue, 2, ".work", 1},
  // Checked flushes: check_flush_dependency() with from_cancel == false.
  {"flush_work",             P::Flush, 0, ""},
  {"__flush_work",           P::Flush, 0, ""},
  {"flush_delayed_work",     P::Flush, 0, ".work"},
  {"flush_rcu_work",         P::Flush, 0, ".work"},
  {"__flush_workqueue",      P::Flush, -1, "", 0},
  {"flush_workqueue",        P::Flush, -1, "", 0},
  {"drain_workqueue",        P::Flush, -1, "", 0},
  {"destroy_workqueue",      P::Flush, -1, "", 0},
  {"schedule_on_each_cpu",   P::Flush, -1, "", -1, "system_wq"},
  {"work_on_cpu",            P::Flush, -1, "", -1, "system_wq"},
  {"work_on_cpu_key",        P::Flush, -1, "", -1, "system_wq"},
  {"work_on_cpu_safe",       P::Flush, -1, "", -1, "system_wq"},
  {"work_on_cpu_safe_key",   P::Flush, -1, "", -1, "system_wq"},
  // Waits that pass from_cancel = true (upstream de35994ecd2d).
  {"cancel_work_sync",          P::Exempt, 0, ""},
  {"cancel_delayed_work_sync",  P::Exempt, 0, ".work"},
  {"__cancel_work_timer",       P::Exempt, 0, ""},   // 6.1's __cancel_work_sync
  {"disable_work_sync",         P::Exempt, 0, ""},
  {"disable_delayed_work_sync", P::Exempt, 0, ".work"},
  {"__cancel_work_sync",        P::Exempt, 0, ""},
  // Completions (kernel/sched/completion.c, include/linux/completion.h):
  // a wait for a completion that a queued work item completes is a flush
  // check_flush_dependency() never sees (wq-wait-dependency).
  {"wait_for_completion",                     P::Wait, 0},
  {"wait_for_completion_io",                  P::Wait, 0},
  {"wait_for_completion_timeout",             P::Wait, 0},
  {"wait_for_completion_io_timeout",          P::Wait, 0},
  {"wait_for_completion_interruptible",       P::Wait, 0},
  {"wait_for_completion_interruptible_timeout", P::Wait, 0},
  {"wait_for_completion_killable",            P::Wait, 0},
  {"wait_for_completion_killable_timeout",    P::Wait, 0},
  {"wait_for_completion_state",               P::Wait, 0},
  {"complete",                                P::Complete, 0},
  {"complete_all",                            P::Complete, 0},
  {"complete_on_current_cpu",                 P::Complete, 0},
  {"kthread_complete_and_exit",               P::Complete, 0},
  // Allocation. alloc_ordered_workqueue() and create_*workqueue() are macros
  // over these.
  {"alloc_workqueue",             P::Alloc, -1, "", -1, {}, 0, 1},
  {"alloc_workqueue_noprof",      P::Alloc, -1, "", -1, {}, 0, 1},
  {"alloc_workqueue_lockdep_map", P::Alloc, -1, "", -1, {}, 0, 1},
  // No flush, no queue, and internals whose bodies must not be analysed.
  {"cancel_work",            P::Opaque},
  {"cancel_delayed_work",    P::Opaque},
  {"disable_work",           P::Opaque},
  {"disable_delayed_work",   P::Opaque},
  {"enable_work",            P::Opaque},
  {"enable_delayed_work",    P::Opaque},
  {"process_one_work",       P::Opaque},
  {"process_scheduled_works",P::Opaque},
  {"worker_thread",          P::Opaque},
  {"rescuer_thread",         P::Opaque},
  {"delayed_work_timer_fn",  P::Opaque},
  {"rcu_work_rcufn",         P::Opaque},
  {"insert_wq_barrier",      P::Opaque},
  {"start_flush_work",       P::Opaque},
  {"check_flush_dependency", P::Opaque},
  {"work_for_cpu_fn",        P::Opaque},
  // The scheduler core (kernel/sched/core.c, kernel/time/timer.c), modelled
  // for the same reason as process_one_work(): on the way to switching tasks
  // it calls what per-task state selects (the task's block plug in
  // sched_submit_work(), worker-sleeping hooks). As call edges they made
  // every function that can sleep reach every bio completion handler.
  {"schedule",                   P::Opaque},
  {"__schedule",                 P::Opaque},
  {"schedule_idle",              P::Opaque},
  {"schedule_user",              P::Opaque},
  {"schedule_preempt_disabled",  P::Opaque},
  {"schedule_rtlock",            P::Opaque},
  {"preempt_schedule",           P::Opaque},
  {"preempt_schedule_notrace",   P::Opaque},
  {"preempt_schedule_irq",       P::Opaque},
  {"__cond_resched",             P::Opaque},
  {"io_schedule",                P::Opaque},
  {"io_schedule_timeout",        P::Opaque},
  {"schedule_timeout",           P::Opaque},
  {"schedule_timeout_interruptible",   P::Opaque},
  {"schedule_timeout_killable",        P::Opaque},
  {"schedule_timeout_uninterruptible", P::Opaque},
  {"schedule_timeout_idle",      P::Opaque},
};
// clang-format on

const std::string_view ApiMacros[] = {"flush_workqueue",
                                      "flush_scheduled_work",
                                      "alloc_workqueue",
                                      "alloc_ordered_workqueue",
                                      "create_workqueue",
                                      "create_freezable_workqueue",
                                      "create_singlethread_workqueue",
                                      "work_on_cpu",
                                      "work_on_cpu_safe"};
} // namespace

const Primitive *lookupPrimitive(std::string_view Name) {
  static const std::unordered_map<std::string_view, const Primitive *> Index =
      [] {
        std::unordered_map<std::string_view, const Primitive *> M;
        for (const Primitive &Prim : Table)
          M.emplace(Prim.Name, &Prim);
        return M;
      }();
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : It->second;
}

bool isApiMacro(std::string_view Name) {
  return std::find(std::begin(ApiMacros), std::end(ApiMacros), Name) !=
         std::end(ApiMacros);
}

bool isWorkqueueRecord(std::string_view R) {
  return R == "work_struct" || R == "delayed_work" || R == "rcu_work" ||
         R == "workqueue_struct";
}

bool isNotifierHeadRecord(std::string_view R) {
  return R == "atomic_notifier_head" || R == "blocking_notifier_head" ||
         R == "raw_notifier_head" || R == "srcu_notifier_head";
}

bool isFollowedRecord(std::string_view R) {
  return isWorkqueueRecord(R) || R == "completion" || R == "notifier_block" ||
         isNotifierHeadRecord(R);
}

const NotifierApi *lookupNotifierApi(std::string_view Name) {
  // Linux 6.1 and 6.12 kernel/notifier.c. notifier_call_chain() and
  // notifier_chain_register() are what every other entry point ends in; the
  // exported ones are listed too, for a tree whose database lacks
  // kernel/notifier.c (with it, their bodies say the same).
  static const NotifierApi Table[] = {
      {"notifier_call_chain", NotifierApi::Run, 0, "", -1},
      {"atomic_notifier_call_chain", NotifierApi::Run, 0, ".head", -1},
      {"blocking_notifier_call_chain", NotifierApi::Run, 0, ".head", -1},
      {"blocking_notifier_call_chain_robust", NotifierApi::Run, 0, ".head",
       -1},
      {"raw_notifier_call_chain", NotifierApi::Run, 0, ".head", -1},
      {"raw_notifier_call_chain_robust", NotifierApi::Run, 0, ".head", -1},
      {"srcu_notifier_call_chain", NotifierApi::Run, 0, ".head", -1},
      {"notifier_chain_register", NotifierApi::Register, 0, "", 1},
      {"atomic_notifier_chain_register", NotifierApi::Register, 0, ".head",
       1},
      {"atomic_notifier_chain_register_unique_prio", NotifierApi::Register, 0,
       ".head", 1},
      {"blocking_notifier_chain_register", NotifierApi::Register, 0, ".head",
       1},
      {"blocking_notifier_chain_register_unique_prio", NotifierApi::Register,
       0, ".head", 1},
      {"raw_notifier_chain_register", NotifierApi::Register, 0, ".head", 1},
      {"srcu_notifier_chain_register", NotifierApi::Register, 0, ".head", 1},
  };
  for (const NotifierApi &A : Table)
    if (A.Name == Name)
      return &A;
  return nullptr;
}

std::string_view waitQualifier(std::string_view Name) {
  bool T = Name.find("timeout") != std::string_view::npos;
  if (Name.find("interruptible") != std::string_view::npos)
    return T ? "interruptible, with a timeout" : "interruptible";
  if (Name.find("killable") != std::string_view::npos)
    return T ? "killable, with a timeout" : "killable";
  if (Name.find("_state") != std::string_view::npos)
    return "in a task state the caller chooses";
  return T ? "with a timeout" : "";
}

const std::vector<TaskFlagBit> &taskFlagBits() {
  static const std::vector<TaskFlagBit> Bits = {
      {"PF_MEMALLOC", 0x00000800, TF_MEMALLOC},
      {"PF_KCOMPACTD", 0x00010000, TF_KCOMPACTD},
      {"PF_KSWAPD", 0x00020000, TF_KSWAPD},
      {"PF_MEMALLOC_NOFS", 0x00040000, TF_MEMALLOC_NOFS},
      {"PF_MEMALLOC_NOIO", 0x00080000, TF_MEMALLOC_NOIO},
      {"PF_LOCAL_THROTTLE", 0x00100000, TF_LOCAL_THROTTLE},
      {"PF_MEMALLOC_PIN", 0x10000000, TF_MEMALLOC_PIN},
  };
  return Bits;
}

std::string taskFlagNames(uint8_t Bits) {
  std::string R;
  for (const TaskFlagBit &B : taskFlagBits())
    if (Bits & B.Bit) {
      if (!R.empty())
        R += " | ";
      R += B.Name;
    }
  return R;
}

const std::vector<FileIoSink> &fileIoSinks() {
  // clang-format off
  static const std::vector<FileIoSink> Sinks = {
    {"vfs_iter_write",          false, true,  61},
    {"vfs_iocb_iter_write",     false, true,  61},
    {"vfs_iter_read",           false, false, 61},
    {"vfs_iocb_iter_read",      false, false, 61},
    {"kernel_write",            false, true,  61},
    {"__kernel_write",          false, true,  61},
    {"kernel_read",             false, false, 61},
    {"vfs_fsync_range",         false, true,  61},
    {"vfs_fsync",               false, true,  61},
    {"backing_file_write_iter", false, true,  68},
    {"backing_file_read_iter",  false, false, 68},
    {"struct file_operations::write_iter", true, true,  61},
    {"struct file_operations::read_iter",  true, false, 61},
  };
  // clang-format on
  return Sinks;
}

const FileIoSink *lookupFileIoSink(const CallSite &CS) {
  if (CS.Kind != CallSite::Direct && CS.Kind != CallSite::Slot)
    return nullptr;
  if (continuesHandedIo(CS))
    return nullptr;
  return lookupFileIoSink(CS.Callee, CS.Kind == CallSite::Slot);
}

bool continuesHandedIo(const CallSite &CS) {
  return CS.Kind == CallSite::Direct && !CS.Args.empty() &&
         CS.Args[0].isParam() && CS.Args[0].Suffix == HandedIoFile;
}

const FileIoSink *lookupFileIoSink(std::string_view Name, bool Slot) {
  static const std::unordered_map<std::string_view, const FileIoSink *>
      Index = [] {
        std::unordered_map<std::string_view, const FileIoSink *> M;
        for (const FileIoSink &S : fileIoSinks())
          M.emplace(S.Name, &S);
        return M;
      }();
  auto It = Index.find(Name);
  if (It == Index.end() || It->second->Slot != Slot)
    return nullptr;
  return It->second;
}

const TaskFlagApi *lookupTaskFlagApi(std::string_view Name) {
  using T = TaskFlagApi;
  // clang-format off
  static const TaskFlagApi Apis[] = {
    {"memalloc_noreclaim_save",     T::Set,   TF_MEMALLOC},
    {"memalloc_noreclaim_restore",  T::Clear, TF_MEMALLOC},
    {"memalloc_noio_save",          T::Set,   TF_MEMALLOC_NOIO},
    {"memalloc_noio_restore",       T::Clear, TF_MEMALLOC_NOIO},
    {"memalloc_nofs_save",          T::Set,   TF_MEMALLOC_NOFS},
    {"memalloc_nofs_restore",       T::Clear, TF_MEMALLOC_NOFS},
    {"memalloc_pin_save",           T::Set,   TF_MEMALLOC_PIN},
    {"memalloc_pin_restore",        T::Clear, TF_MEMALLOC_PIN},
    {"memalloc_flags_save",         T::SetArg, 0, 0},
    {"memalloc_flags_restore",      T::ClearLastSet},
    {"current_restore_flags",       T::ClearArg, 0, 1},
    {"current_is_kswapd",           T::Test,  TF_KSWAPD},
    {"current_is_kcompactd",        T::Test,  TF_KCOMPACTD},
  };
  // clang-format on
  // Asked for every call the extractor sees, as lookupPrimitive() is.
  static const std::unordered_map<std::string_view, const TaskFlagApi *>
      Index = [] {
        std::unordered_map<std::string_view, const TaskFlagApi *> M;
        for (const TaskFlagApi &A : Apis)
          M.emplace(A.Name, &A);
        return M;
      }();
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : It->second;
}

AtomicApi lookupAtomicApi(std::string_view Name) {
  using A = AtomicApi;
  // clang-format off
  static const std::unordered_map<std::string_view, AtomicApi> Index = {
    // preempt_disable(), preempt_disable_notrace(), get_cpu(): the count
    // goes up (preempt_count_add() is a function with DEBUG_PREEMPT).
    {"__preempt_count_add", A::AddArg}, {"preempt_count_add", A::AddArg},
    {"__preempt_count_inc", A::Enter},
    // local_irq_disable(), local_irq_save(flags).
    {"arch_local_irq_disable", A::Enter}, {"arch_local_irq_save", A::Enter},
    // local_bh_disable() (softirqs off: in_atomic() holds, but not on
    // PREEMPT_RT: EnterBh).
    {"local_bh_disable", A::EnterBh}, {"__local_bh_disable_ip", A::EnterBh},
    // Their undoing, and what may undo them: a restore may enable.
    {"__preempt_count_sub", A::Leave}, {"preempt_count_sub", A::Leave},
    {"__preempt_count_dec", A::Leave},
    {"__preempt_count_dec_and_test", A::Leave},
    {"preempt_count_set", A::Leave}, {"init_preempt_count_resched", A::Leave},
    {"arch_local_irq_enable", A::Leave}, {"arch_local_irq_restore", A::Leave},
    {"arch_safe_halt", A::Leave}, {"native_safe_halt", A::Leave},
    {"local_bh_enable", A::Leave}, {"local_bh_enable_ip", A::Leave},
    {"__local_bh_enable_ip", A::Leave}, {"_local_bh_enable", A::Leave},
    // A lock's release that turns interrupts or softirqs back on
    // (kernel/locking/spinlock.c, out of line on x86; and the inline
    // wrappers a unit sees), whatever the lock: `local_irq_save(f);
    // spin_lock(&l); spin_unlock_irqrestore(&l, f);` leaves the section.
    {"_raw_spin_unlock_irq", A::Leave},
    {"_raw_spin_unlock_irqrestore", A::Leave},
    {"_raw_spin_unlock_bh", A::Leave},
    {"_raw_read_unlock_irq", A::Leave},
    {"_raw_read_unlock_irqrestore", A::Leave},
    {"_raw_read_unlock_bh", A::Leave},
    {"_raw_write_unlock_irq", A::Leave},
    {"_raw_write_unlock_irqrestore", A::Leave},
    {"_raw_write_unlock_bh", A::Leave},
    {"__raw_spin_unlock_irq", A::Leave},
    {"__raw_spin_unlock_irqrestore", A::Leave},
    {"__raw_spin_unlock_bh", A::Leave},
    {"spin_unlock_irq", A::Leave}, {"spin_unlock_irqrestore", A::Leave},
    {"spin_unlock_bh", A::Leave},
  };
  // clang-format on
  auto It = Index.find(Name);
  return It == Index.end() ? A::None : It->second;
}

const std::vector<FlagBit> &defaultFlagBits() {
  static const std::vector<FlagBit> Bits = {
      {"WQ_BH", 1u << 0},           {"WQ_UNBOUND", 1u << 1},
      {"WQ_FREEZABLE", 1u << 2},    {"WQ_MEM_RECLAIM", 1u << 3},
      {"WQ_HIGHPRI", 1u << 4},      {"WQ_CPU_INTENSIVE", 1u << 5},
      {"WQ_SYSFS", 1u << 6},        {"WQ_POWER_EFFICIENT", 1u << 7},
      {"__WQ_DESTROYING", 1u << 15}, {"__WQ_DRAINING", 1u << 16},
      {"__WQ_ORDERED", 1u << 17},   {"__WQ_LEGACY", 1u << 18},
  };
  return Bits;
}

std::vector<WorkqueueAlloc> builtinSystemWorkqueues() {
  struct Sys {
    const char *Var, *Name;
    std::vector<std::string> Flags;
    bool BH;
  };
  // workqueue_init_early(), 6.1 and 6.12.
  const Sys Table[] = {
      {"system_wq", "events", {}, false},
      {"system_percpu_wq", "events", {}, false},
      {"system_highpri_wq", "events_highpri", {"WQ_HIGHPRI"}, false},
      {"system_long_wq", "events_long", {}, false},
      {"system_unbound_wq", "events_unbound", {"WQ_UNBOUND"}, false},
      {"system_dfl_wq", "events_unbound", {"WQ_UNBOUND"}, false},
      {"system_freezable_wq", "events_freezable", {"WQ_FREEZABLE"}, false},
      {"system_power_efficient_wq",
       "events_power_efficient",
       {"WQ_POWER_EFFICIENT"},
       false},
      {"system_freezable_power_efficient_wq",
       "events_freezable_pwr_efficient",
       {"WQ_FREEZABLE", "WQ_POWER_EFFICIENT"},
       false},
      {"system_bh_wq", "events_bh", {"WQ_BH"}, true},
      {"system_bh_highpri_wq", "events_bh_highpri", {"WQ_BH", "WQ_HIGHPRI"},
       true},
  };
  std::vector<WorkqueueAlloc> R;
  for (const Sys &S : Table) {
    WorkqueueAlloc A;
    A.Storage = S.Var;
    A.Name = S.Name;
    A.FlagNames = S.Flags;
    uint64_t V = 0;
    for (const std::string &F : S.Flags)
      for (const FlagBit &B : defaultFlagBits())
        if (B.Name == F)
          V |= B.Value;
    A.Flags = V;
    A.BH = S.BH;
    A.Function = "workqueue_init_early";
    A.Builtin = true;
    R.push_back(std::move(A));
  }
  return R;
}

} // namespace wqdep
