//===- Plugin.cpp - wqdep's facts, extracted by the compile that builds them -===//
//
// One shared object, loaded twice by clang-19 (`wqdep --plugin-flags`):
//   -fplugin=       an AST action that runs before code generation, extracts
//                   the unit's facts with lib/Extract (the same code as a
//                   parse by wqdep) and keeps them, with the unit's key;
//   -fpass-plugin=  an LLVM pass at the start of the optimization pipeline
//                   that embeds them in the module as a global in the
//                   section ObjectFactsSection, marked SHF_EXCLUDE
//                   (llvm::embedBufferInModule), so they reach the object
//                   file, or the bitcode of an LTO object.
// Both loads are the same library (dlopen of one path), so the pass finds
// what the AST action left. Clang runs one compile at a time per process.
//
//===----------------------------------------------------------------------===//
#include "Extract/Extractor.h"
#include "Extract/ObjectFacts.h"
#include "Extract/ParseUnit.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <optional>

using namespace clang;

namespace {

/// The payload of the compile in progress, from the AST action to the pass.
struct Pending {
  std::string MainFile; ///< As the module names its source file; "" stdin.
  std::string Payload;
};
std::optional<Pending> &pending() {
  static std::optional<Pending> P;
  return P;
}

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(CompilerInstance &CI) : CI(CI) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    pending().reset();
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // The compile fails anyway; a broken AST gives wrong facts.
    SourceManager &SM = Ctx.getSourceManager();
    const FrontendOptions &FO = CI.getFrontendOpts();
    if (FO.Inputs.empty())
      return;
    wqdep::ObjectFacts O;
    std::string Cwd;
    if (FO.Inputs[0].isFile() && FO.Inputs[0].getFile() != "-") {
      auto Dir = CI.getFileManager()
                     .getVirtualFileSystem()
                     .getCurrentWorkingDirectory();
      Cwd = Dir ? *Dir : std::string();
      O.Facts = wqdep::extractFacts(Ctx);
      O.Deps = wqdep::collectDependencies(SM);
      for (wqdep::Dependency &D : O.Deps)
        D.MTime = 0; // Content decides, never time.
    } else {
      // Standard input: a remote compile of the client's
      // `clang -E -frewrite-includes` output (icecream: ICECC_REMOTE_CPP=1),
      // told where the client compiled (-fdebug-compilation-dir) and what
      // (-main-file-name). Fully preprocessed input has lost the macro
      // names facts come from: nothing is embedded for it.
      const CodeGenOptions &CG = CI.getCodeGenOpts();
      if (FO.Inputs[0].isPreprocessed() || CG.MainFileName.empty() ||
          CG.DebugCompilationDir.empty())
        return;
      Cwd = CG.DebugCompilationDir;
      // The files the line markers name are the client's, relative to its
      // working directory, not to this one's.
      CI.getFileManager().getFileSystemOpts().WorkingDir = Cwd;
      O.Input = wqdep::ObjectInput::Rewritten;
      O.Facts = wqdep::extractFacts(Ctx);
      llvm::SmallString<256> Main(CG.MainFileName);
      CI.getFileManager().makeAbsolutePath(Main);
      llvm::sys::path::remove_dots(Main, /*remove_dot_dot=*/true);
      O.Facts.MainFile = std::string(Main);
      O.SourceHash =
          wqdep::contentHash(SM.getBufferData(SM.getMainFileID()));
    }
    O.CompileKey =
        wqdep::compileKey(CI.getInvocation(), Cwd, O.Facts.MainFile, O.Input);
    std::string Input = O.Input == wqdep::ObjectInput::Files
                            ? FO.Inputs[0].getFile().str()
                            : std::string();
    pending() = Pending{Input, wqdep::encodeObjectFacts(O)};
  }

private:
  CompilerInstance &CI;
};

class FactsAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<FactsConsumer>(CI);
  }
  bool ParseArgs(const CompilerInstance &,
                 const std::vector<std::string> &) override {
    return true;
  }
  // Before code generation: the pass that embeds runs inside it.
  ActionType getActionType() override { return AddBeforeMainAction; }
};

/// Embeds the pending payload in the module compiled from its file.
struct EmbedFactsPass : llvm::PassInfoMixin<EmbedFactsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &) {
    std::optional<Pending> &P = pending();
    if (!P || (!P->MainFile.empty() && P->MainFile != M.getSourceFileName()))
      return llvm::PreservedAnalyses::all();
    auto Buf = llvm::MemoryBuffer::getMemBuffer(P->Payload, "wqdep facts",
                                                /*RequiresNullTerminator=*/false);
    llvm::embedBufferInModule(M, Buf->getMemBufferRef(),
                              wqdep::ObjectFactsSection);
    P.reset();
    return llvm::PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

} // namespace

static FrontendPluginRegistry::Add<FactsAction>
    X("wqdep", "extract wqdep's facts into the object file");

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "wqdep", "1",
          [](llvm::PassBuilder &PB) {
            PB.registerPipelineStartEPCallback(
                [](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
                  MPM.addPass(EmbedFactsPass());
                });
          }};
}
