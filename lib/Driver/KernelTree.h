//===- KernelTree.h - The kernel tree behind a compile database -*- C++ -*-===//
//
// Finds the kernel tree a compile database builds (the include/ directory
// its commands use that holds linux/workqueue.h), reads what the kernel
// model needs from it (KernelVersions.h) and runs the drift check. Both
// front ends call it once per run, before the program is finalized.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_DRIVER_KERNELTREE_H
#define WQDEP_DRIVER_KERNELTREE_H

#include "Facts/KernelVersions.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace wqdep {

struct KernelTree {
  /// The linux/workqueue.h the units include; empty when none was found.
  std::string WorkqueueHeader;
  /// The directory above its include/.
  std::string Root;
  /// From Root/Makefile: set only for a kernel tree (a Makefile with
  /// VERSION and PATCHLEVEL). The drift check runs on kernel trees only.
  std::optional<KernelVersion> Version;
  size_t Profile = 0;
  TreeApi Api;
  /// From Root/kernel/workqueue.c, when the tree has it.
  std::optional<bool> CancelsExempt;
  ModelDrift Drift;

  /// What the analysis takes from it (Program::Kernel).
  KernelTraits traits() const;
};

/// Looks at the include paths of \p Files' compile commands, in order, for
/// the first linux/workqueue.h, and reads the tree around it.
KernelTree findKernelTree(const clang::tooling::CompilationDatabase &DB,
                          const std::vector<std::string> &Files);

/// Writes the drift check's result, if the model and the tree disagree, as
/// one warning line to \p Errs; nothing otherwise.
void reportKernelDrift(const KernelTree &T, llvm::raw_ostream &Errs);

} // namespace wqdep

#endif
