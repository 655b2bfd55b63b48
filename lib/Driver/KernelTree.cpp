//===- KernelTree.cpp - The kernel tree behind a compile database ---------===//
#include "Driver/KernelTree.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace wqdep {

using namespace llvm;

namespace {

std::optional<std::string> readFile(const std::string &Path) {
  auto B = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!B)
    return std::nullopt;
  return (*B)->getBuffer().str();
}

/// The include directories of one command, absolute, in command-line order.
std::vector<std::string>
includeDirs(const clang::tooling::CompileCommand &C) {
  std::vector<std::string> Dirs;
  static const StringRef Flags[] = {"-I", "-isystem", "-iquote",
                                    "-idirafter"};
  const std::vector<std::string> &A = C.CommandLine;
  for (size_t I = 0; I < A.size(); ++I) {
    StringRef Arg = A[I];
    for (StringRef F : Flags) {
      if (!Arg.starts_with(F))
        continue;
      StringRef Dir = Arg.drop_front(F.size());
      if (Dir.empty() && I + 1 < A.size())
        Dir = A[++I];
      if (Dir.empty())
        break;
      SmallString<256> Abs(Dir);
      if (!sys::path::is_absolute(Abs)) {
        Abs = C.Directory;
        sys::path::append(Abs, Dir);
      }
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      Dirs.push_back(std::string(Abs));
      break;
    }
  }
  return Dirs;
}

} // namespace

KernelTraits KernelTree::traits() const {
  KernelTraits K;
  if (!WorkqueueHeader.empty()) {
    K.SystemWorkqueues = Api.SystemWorkqueues;
    K.SystemWorkqueuesKnown = true;
  }
  if (CancelsExempt)
    K.CancelsExempt = *CancelsExempt;
  return K;
}

KernelTree findKernelTree(const clang::tooling::CompilationDatabase &DB,
                          const std::vector<std::string> &Files) {
  KernelTree T;
  std::set<std::string> Tried;
  for (const std::string &File : Files) {
    for (const clang::tooling::CompileCommand &C : DB.getCompileCommands(File)) {
      for (const std::string &Dir : includeDirs(C)) {
        if (!Tried.insert(Dir).second)
          continue;
        SmallString<256> H(Dir);
        sys::path::append(H, "linux", "workqueue.h");
        if (sys::fs::is_regular_file(H)) {
          T.WorkqueueHeader = std::string(H);
          break;
        }
      }
      if (!T.WorkqueueHeader.empty())
        break;
    }
    if (!T.WorkqueueHeader.empty())
      break;
  }
  if (T.WorkqueueHeader.empty())
    return T;
  if (std::optional<std::string> Text = readFile(T.WorkqueueHeader))
    scanWorkqueueHeader(*Text, T.Api);
  // <root>/include/linux/workqueue.h
  T.Root = std::string(sys::path::parent_path(
      sys::path::parent_path(sys::path::parent_path(T.WorkqueueHeader))));
  auto Under = [&](StringRef Rel) {
    SmallString<256> P(T.Root);
    sys::path::append(P, sys::path::Style::posix, Rel);
    return std::string(P);
  };
  if (std::optional<std::string> Wq =
          readFile(Under("kernel/workqueue.c")))
    T.CancelsExempt = cancelsExemptIn(*Wq);
  std::optional<std::string> Makefile = readFile(Under("Makefile"));
  if (Makefile)
    T.Version = parseKernelMakefile(*Makefile);
  if (!T.Version)
    return T; // Not a kernel tree (test headers): no drift check.
  T.Profile = profileFor(*T.Version);
  if (std::optional<std::string> Sched =
          readFile(Under("include/linux/sched.h")))
    scanTaskFlags(*Sched, T.Api);
  T.Drift = compareWithModel(T.Api, T.Profile);
  return T;
}

void reportKernelDrift(const KernelTree &T, raw_ostream &Errs) {
  if (!T.Version || T.Drift.empty())
    return;
  const ModelProfile &P = modelProfiles()[T.Profile];
  auto List = [](const std::vector<std::string> &V) {
    std::string S;
    for (const std::string &N : V)
      S += (S.empty() ? "" : ", ") + N;
    return S;
  };
  Errs << "wqdep: warning: the kernel model (read off Linux "
       << P.ReadOff.str() << ") does not match this tree (Linux "
       << T.Version->str() << ", " << T.Root << "):";
  if (!T.Drift.NotModelled.empty())
    Errs << " not modelled: " << List(T.Drift.NotModelled)
         << " (declared by include/linux/workqueue.h)"
         << (T.Drift.Missing.empty() ? "" : ";");
  if (!T.Drift.Missing.empty())
    Errs << " modelled but not in the tree: " << List(T.Drift.Missing);
  Errs << "; findings through them may be missing or wrong "
          "(docs/kernel.md#when-the-model-and-the-tree-disagree)\n";
}

} // namespace wqdep
