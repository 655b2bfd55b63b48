//===- KernelVersions.h - What differs between kernel versions -*- C++ -*-===//
//
// The primitive table (KernelModel.h) says how each workqueue primitive
// behaves; this file says which kernels it was read off, what of it differs
// between them, and how to tell which one a tree is: from the tree itself
// (its Makefile's VERSION/PATCHLEVEL/SUBLEVEL, what its
// include/linux/workqueue.h declares, whether its check_flush_dependency()
// takes from_cancel), never from a flag the user must remember.
//
// The drift check compares the model with the workqueue API of the tree
// being analysed (every function, macro and extern variable that
// include/linux/workqueue.h declares, and the PF_* task flags the model
// uses) and names what the model does not know and what it expects that
// the tree lacks. No Clang here: the tree's files are read as text.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_FACTS_KERNELVERSIONS_H
#define WQDEP_FACTS_KERNELVERSIONS_H

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wqdep {

/// A kernel version, from a top-level Makefile.
struct KernelVersion {
  unsigned Major = 0, Minor = 0, Sub = 0;
  std::string str() const;
  bool operator<(const KernelVersion &O) const;
};

/// VERSION, PATCHLEVEL and SUBLEVEL of a kernel's top-level Makefile, or
/// nothing when \p Makefile does not set VERSION and PATCHLEVEL to numbers.
std::optional<KernelVersion> parseKernelMakefile(std::string_view Makefile);

/// A kernel tree the model was read off, name for name.
struct ModelProfile {
  std::string_view Name; ///< "6.1", "6.12"
  KernelVersion ReadOff; ///< the tree it was read off (Debian's source)
  /// The workqueue that schedule_work_on() queues on, hence the target of
  /// flush_scheduled_work(), schedule_on_each_cpu() and work_on_cpu*().
  std::string_view SchedulingWorkqueue;
};
const std::vector<ModelProfile> &modelProfiles();

/// The profile for a tree of version \p V: the newest one whose
/// major.minor is not above V's (6.1 for 6.1 to 6.11, 6.12 from 6.12 on),
/// the oldest for a tree older than every profile.
size_t profileFor(const KernelVersion &V);

/// The workqueue schedule_work_on() uses in a translation unit, by what it
/// declares: system_percpu_wq where the headers declare it (6.12 renamed
/// system_wq's role; system_wq stays, as a separate object), else system_wq.
std::string_view
schedulingWorkqueue(const std::function<bool(std::string_view)> &Declared);

/// What a tree's headers declare, as far as the model cares.
struct TreeApi {
  /// Functions, macros and extern variables of include/linux/workqueue.h
  /// (its include guard left out).
  std::set<std::string> Workqueue;
  /// Of those, the extern `struct workqueue_struct *` variables: the
  /// system workqueues.
  std::set<std::string> SystemWorkqueues;
  /// PF_* macros of include/linux/sched.h; empty when it was not read.
  std::set<std::string> TaskFlags;
  bool TaskFlagsRead = false;
};

/// Scans the text of include/linux/workqueue.h: every #define, every
/// function declared or defined at file scope (typedefs left out), every
/// extern variable. Preprocessor conditions are ignored: a name declared in
/// either branch is declared.
void scanWorkqueueHeader(std::string_view Text, TreeApi &Out);

/// Scans include/linux/sched.h for its PF_* task flags.
void scanTaskFlags(std::string_view Text, TreeApi &Out);

/// Whether the kernel/workqueue.c in \p Text exempts cancels from
/// check_flush_dependency() (upstream de35994ecd2d, 6.13, backported to
/// 6.1.y and 6.6.y in 2025): its check_flush_dependency() takes
/// from_cancel. Nothing when \p Text has no check_flush_dependency().
std::optional<bool> cancelsExemptIn(std::string_view WorkqueueC);

struct ApiName;
/// The PF_* task flags the model uses (rule A's PF_MEMALLOC, the flags of
/// the memalloc_*_save() scopes, kswapd's and kcompactd's), with the
/// profiles whose include/linux/sched.h defines them (6.1 has no
/// PF_KCOMPACTD).
const std::vector<ApiName> &modelledTaskFlags();

/// What the model and a tree disagree on.
struct ModelDrift {
  /// Names the tree's workqueue.h declares that the model does not know.
  std::vector<std::string> NotModelled;
  /// Names the model expects in a tree of this profile that it lacks
  /// (workqueue.h names, then PF_* flags).
  std::vector<std::string> Missing;
  bool empty() const { return NotModelled.empty() && Missing.empty(); }
};

/// Compares \p Tree with the names the model knows (any profile) and
/// expects (profile \p Profile).
ModelDrift compareWithModel(const TreeApi &Tree, size_t Profile);

/// Every workqueue.h name the model knows, for tests: the profiles that
/// declare it, as a bit set over modelProfiles() (0: known from a later
/// upstream tree only).
struct ApiName {
  std::string_view Name;
  unsigned Profiles;
};
const std::vector<ApiName> &modelledApi();

/// What the analysis takes from the tree being analysed (Program::Kernel).
struct KernelTraits {
  /// The system workqueues the tree's workqueue.h declares; when known,
  /// only those are added as built-in allocations (builtinSystemWorkqueues()).
  std::set<std::string> SystemWorkqueues;
  bool SystemWorkqueuesKnown = false;
  /// Whether cancel_work_sync() and the other *_sync cancels skip
  /// check_flush_dependency(). When not, they are checked like flush_work().
  bool CancelsExempt = true;
};

} // namespace wqdep

#endif
