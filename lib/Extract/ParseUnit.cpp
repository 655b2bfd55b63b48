//===- ParseUnit.cpp - One translation unit parsed in this process ---------===//
//
// The clang side of extraction: the compile command adjusted for a kernel
// tree (GCC-only flags and dependency-file output dropped), the AST pass,
// the unit's first error on one line, and the files it read with their
// content hashes. Runner.cpp decides in which process this runs.
//
//===----------------------------------------------------------------------===//
#include "Extract/ParseUnit.h"
#include "Extract/Extractor.h"
#include "Extract/Runner.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <mutex>
#include <unordered_map>

using namespace clang;
using namespace clang::tooling;

namespace wqdep {
namespace {

/// Keeps the first error of a translation unit, formatted on one line, and
/// prints nothing: kernel code is full of warnings clang-19 has opinions on.
class FirstErrorConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !First.empty())
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc PL =
          Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (PL.isValid())
        Where = std::string(PL.getFilename()) + ":" +
                std::to_string(PL.getLine()) + ":" +
                std::to_string(PL.getColumn()) + ": ";
    }
    First = Where + "error: " + std::string(Msg);
  }
  std::string First;
};

/// Header hashes shared by all threads of a run: a header is hashed once,
/// not once per translation unit that includes it.
class HashCache {
public:
  std::string get(const std::string &Path, int64_t MTime, uint64_t Size,
                  llvm::function_ref<std::string()> Compute) {
    std::string Key =
        Path + "|" + std::to_string(MTime) + ":" + std::to_string(Size);
    {
      std::lock_guard<std::mutex> Lock(M);
      auto It = Cache.find(Key);
      if (It != Cache.end())
        return It->second;
    }
    std::string H = Compute();
    std::lock_guard<std::mutex> Lock(M);
    Cache.emplace(std::move(Key), H);
    return H;
  }

private:
  std::mutex M;
  std::unordered_map<std::string, std::string> Cache;
};

HashCache &hashCache() {
  static HashCache C;
  return C;
}

} // namespace

std::vector<Dependency> collectDependencies(SourceManager &SM) {
  std::vector<Dependency> Deps;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    FileEntryRef FE = It->first;
    const SrcMgr::ContentCache *CC = It->second;
    Dependency D;
    llvm::SmallString<256> P(FE.getName());
    SM.getFileManager().makeAbsolutePath(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    D.Path = std::string(P);
    D.MTime = FE.getModificationTime();
    D.Size = FE.getSize();
    auto Hash = [&] {
      if (auto Buf = CC->getBufferIfLoaded())
        return contentHash(Buf->getBuffer());
      return std::string(); // Never read: compared as changed.
    };
    // An overlaid buffer (RunOptions::Overlay) has no time: two versions of
    // the same size must not share a cached hash.
    D.Hash = D.MTime == 0 ? Hash()
                          : hashCache().get(D.Path, D.MTime, D.Size, Hash);
    Deps.push_back(std::move(D));
  }
  std::sort(Deps.begin(), Deps.end(),
            [](const Dependency &L, const Dependency &R) {
              return L.Path < R.Path;
            });
  return Deps;
}

namespace {

class ExtractConsumer : public ASTConsumer {
public:
  explicit ExtractConsumer(TUResult &R) : R(R) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    R.Deps = collectDependencies(Ctx.getSourceManager());
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // Reported by the caller; a broken AST is not trusted.
    R.Facts = extractFacts(Ctx);
  }

private:
  TUResult &R;
};

class ExtractAction : public ASTFrontendAction {
public:
  explicit ExtractAction(TUResult &R) : R(R) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<ExtractConsumer>(R);
  }

private:
  TUResult &R;
};

class ExtractFactory : public FrontendActionFactory {
public:
  explicit ExtractFactory(TUResult &R) : R(R) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<ExtractAction>(R);
  }

private:
  TUResult &R;
};

/// Code-generation flags of GCC-built kernel databases that clang-19 rejects
/// ("unknown argument"). None changes what the source means, so an analyzer
/// drops them rather than failing every translation unit.
bool isGccOnlyCodegenFlag(StringRef A) {
  static const char *const Exact[] = {
      "-mindirect-branch-register", "-fno-allow-store-data-races",
      "-fconserve-stack",           "-mrecord-mcount",
      "-mnop-mcount",               "-mhard-float",
      "-fno-ipa-cp-clone",          "-fno-partial-inlining",
      "-fno-tree-loop-im",          "-femit-struct-debug-baseonly",
      "-fsched-pressure",           "-fno-code-hoisting"};
  static const char *const Prefix[] = {
      "-mpreferred-stack-boundary=", "-mindirect-branch=",
      "-fmin-function-alignment=",   "-fzero-init-padding-bits=",
      "-femit-struct-debug-detailed=", "-fplugin=", "-fplugin-arg-"};
  for (const char *E : Exact)
    if (A == E)
      return true;
  for (const char *P : Prefix)
    if (A.starts_with(P))
      return true;
  return false;
}

/// "-Wp,-MMD,mm/.x.o.d,-DFOO" without the dependency-file parts; empty when
/// nothing is left.
std::string withoutDependencyOutput(StringRef Arg) {
  llvm::SmallVector<StringRef, 4> Parts;
  Arg.drop_front(4).split(Parts, ',');
  std::string Kept;
  for (size_t I = 0; I < Parts.size(); ++I) {
    StringRef P = Parts[I];
    if (P == "-MD" || P == "-MMD" || P == "-MF" || P == "-MT" || P == "-MQ") {
      ++I; // And its file.
      continue;
    }
    if (P == "-M" || P == "-MM" || P == "-MP" || P == "-MG")
      continue;
    Kept += "," + P.str();
  }
  return Kept.empty() ? std::string() : "-Wp" + Kept;
}

} // namespace

/// Kernel command lines carry -Werror and flags for warnings clang-19 may not
/// know; an analyzer must not fail a translation unit on a warning.
ArgumentsAdjuster kernelFriendlyAdjuster(const std::string &ResourceDir) {
  return [ResourceDir](const CommandLineArguments &In, StringRef) {
    // A compiler launcher in front (kbuild records `CC="icecc clang-19"`
    // as it is; the JSON database drops only ccache, distcc and sccache).
    CommandLineArguments Args = In;
    if (Args.size() > 1) {
      StringRef Launcher = llvm::sys::path::filename(Args[0]);
      if (Launcher == "icecc" || Launcher == "ccache" || Launcher == "distcc" ||
          Launcher == "sccache")
        Args.erase(Args.begin());
    }
    CommandLineArguments R;
    for (size_t I = 0; I < Args.size(); ++I) {
      StringRef A = Args[I];
      if (A == "-Werror" || A.starts_with("-Werror="))
        continue;
      if (isGccOnlyCodegenFlag(A))
        continue;
      // Kbuild's dependency file (-Wp,-MMD,mm/.x.o.d): relative to the
      // build's directory, it would be written relative to ours, or fail.
      // An analyzer writes nothing into the tree.
      if (A.starts_with("-Wp,")) {
        std::string Kept = withoutDependencyOutput(A);
        if (!Kept.empty())
          R.push_back(Kept);
        continue;
      }
      R.push_back(Args[I]);
      if (I == 0) {
        if (!ResourceDir.empty())
          R.push_back("-resource-dir=" + ResourceDir);
      }
    }
    R.push_back("-w");
    R.push_back("-Wno-error");
    R.push_back("-Qunused-arguments");
    // Else clang prints "N errors generated." itself.
    R.push_back("-fno-caret-diagnostics");
    return R;
  };
}

/// Parses R.File with its command from \p DB and extracts its facts, in
/// this process. A crash inside clang takes the process with it.
void parseUnit(const CompilationDatabase &DB, TUResult &R,
               const std::string &ResourceDir,
               const std::vector<std::pair<std::string, std::string>> &Overlay,
               bool &Crashed, bool Contain) {
  FirstErrorConsumer Diags;
  int Status = 1;
  auto Work = [&] {
    ClangTool Tool(DB, {R.File}, std::make_shared<PCHContainerOperations>(),
                   llvm::vfs::createPhysicalFileSystem());
    Tool.setPrintErrorMessage(false);
    Tool.appendArgumentsAdjuster(kernelFriendlyAdjuster(ResourceDir));
    Tool.setDiagnosticConsumer(&Diags);
    for (const auto &[Path, Contents] : Overlay)
      Tool.mapVirtualFile(Path, Contents);
    ExtractFactory Factory(R);
    Status = Tool.run(&Factory);
  };
  Crashed = false;
  if (Contain) {
    llvm::CrashRecoveryContext CRC;
    Crashed = !CRC.RunSafely(Work);
  } else {
    Work();
  }
  if (Crashed) {
    R.Failed = true;
    R.Error = "clang crashed while parsing this file";
    R.Facts = TUFacts();
    R.Deps.clear(); // Retried on the next run.
    return;
  }
  if (Status != 0 || Diags.getNumErrors() > 0) {
    R.Failed = true;
    R.Error = Diags.First.empty() ? "clang could not parse this file"
                                  : Diags.First;
    R.Facts = TUFacts();
  }
}

} // namespace wqdep
