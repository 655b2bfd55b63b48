//===- ObjectFacts.cpp - Facts carried inside object files -----------------===//
#include "Extract/ObjectFacts.h"
#include "Extract/ParseUnit.h"
#include "Facts/Serialize.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Rewrite/Frontend/FrontendActions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstring>
#include <unistd.h>

using namespace clang;

namespace wqdep {
namespace {

/// "WQDEPFACTS", then the facts format as 4 little-endian bytes: a reader
/// of any version finds the format before anything it may not understand.
constexpr char Magic[] = "WQDEPFACTS";
constexpr size_t MagicLen = sizeof(Magic) - 1;

void putU32(std::string &Out, uint32_t V) {
  for (int I = 0; I < 4; ++I)
    Out.push_back(char((V >> (8 * I)) & 0xff));
}
void putU64(std::string &Out, uint64_t V) {
  putU32(Out, uint32_t(V));
  putU32(Out, uint32_t(V >> 32));
}
void putStr(std::string &Out, const std::string &S) {
  putU32(Out, uint32_t(S.size()));
  Out += S;
}

/// Reads what putU32/putU64/putStr wrote; any overrun sets Bad.
struct Reader {
  std::string_view S;
  size_t Pos = 0;
  bool Bad = false;
  uint32_t u32() {
    if (Pos > S.size() || S.size() - Pos < 4) {
      Bad = true;
      return 0;
    }
    uint32_t V = 0;
    for (int I = 0; I < 4; ++I)
      V |= uint32_t(uint8_t(S[Pos + I])) << (8 * I);
    Pos += 4;
    return V;
  }
  uint64_t u64() {
    uint64_t Lo = u32();
    return Lo | uint64_t(u32()) << 32;
  }
  std::string_view view() {
    uint32_t N = u32();
    if (Bad || S.size() - Pos < N) {
      Bad = true;
      return {};
    }
    std::string_view R = S.substr(Pos, N);
    Pos += N;
    return R;
  }
  std::string str() { return std::string(view()); }
};

std::string producer() {
#ifdef WQDEP_VERSION
  return "wqdep-plugin " WQDEP_VERSION;
#else
  return "wqdep-plugin";
#endif
}

} // namespace

std::string encodeObjectFacts(const ObjectFacts &O) {
  std::string Out(Magic, MagicLen);
  putU32(Out, FactsFormatVersion);
  putStr(Out, O.Producer.empty() ? producer() : O.Producer);
  putU32(Out, uint32_t(O.Input));
  putStr(Out, O.CompileKey);
  putStr(Out, O.SourceHash);
  putU32(Out, uint32_t(O.Deps.size()));
  for (const Dependency &D : O.Deps) {
    putStr(Out, D.Path);
    putU64(Out, D.Size);
    putStr(Out, D.Hash);
  }
  putStr(Out, encodeTUGlobals(O.Facts));
  putU32(Out, uint32_t(O.Facts.Functions.size()));
  for (const FunctionFacts &F : O.Facts.Functions)
    putStr(Out, encodeFunction(F));
  return Out;
}

namespace {

/// decodeObjectFacts() of \p Bytes, which \p Owner keeps alive.
PayloadStatus decodePayload(std::string_view Bytes,
                            std::shared_ptr<const void> Owner, ObjectFacts &O,
                            bool DecodeFunctions) {
  if (Bytes.size() < MagicLen || Bytes.compare(0, MagicLen, Magic) != 0)
    return PayloadStatus::Damaged;
  Reader R{Bytes, MagicLen};
  O.Format = R.u32();
  O.Producer = R.str();
  if (R.Bad)
    return PayloadStatus::Damaged;
  if (O.Format != FactsFormatVersion)
    return PayloadStatus::OtherFormat;
  uint32_t Input = R.u32();
  if (Input > uint32_t(ObjectInput::Rewritten))
    return PayloadStatus::Damaged;
  O.Input = ObjectInput(Input);
  O.CompileKey = R.str();
  O.SourceHash = R.str();
  uint32_t N = R.u32();
  if (R.Bad || N > Bytes.size())
    return PayloadStatus::Damaged;
  O.Deps.resize(N);
  for (Dependency &D : O.Deps) {
    D.Path = R.str();
    D.Size = R.u64();
    D.Hash = R.str();
  }
  std::string Globals = R.str();
  if (R.Bad || !decodeTUGlobals(Globals, O.Facts))
    return PayloadStatus::Damaged;
  N = R.u32();
  if (R.Bad || N > Bytes.size())
    return PayloadStatus::Damaged;
  O.FunctionBlobs.reserve(N);
  for (uint32_t I = 0; I < N; ++I) {
    O.FunctionBlobs.push_back(R.view());
    if (R.Bad)
      return PayloadStatus::Damaged;
  }
  if (R.Pos != Bytes.size())
    return PayloadStatus::Damaged;
  if (DecodeFunctions) {
    O.Facts.Functions.reserve(N);
    for (std::string_view B : O.FunctionBlobs) {
      std::optional<FunctionFacts> F = decodeFunction(B);
      if (!F)
        return PayloadStatus::Damaged;
      O.Facts.Functions.push_back(std::move(*F));
    }
  }
  O.Payload = std::move(Owner);
  return PayloadStatus::Ok;
}

} // namespace

PayloadStatus decodeObjectFacts(std::string Bytes, ObjectFacts &O,
                                bool DecodeFunctions) {
  auto Owner = std::make_shared<const std::string>(std::move(Bytes));
  return decodePayload(*Owner, Owner, O, DecodeFunctions);
}

std::string compileKey(const CompilerInvocation &CI,
                       const std::string &WorkingDir,
                       const std::string &MainFile, ObjectInput Input) {
  std::string T = "wqdep-compile-key-1\n";
  T += Input == ObjectInput::Files ? "files\n" : "rewritten\n";
  auto Line = [&](llvm::StringRef Name, llvm::StringRef Value) {
    T += Name;
    T += '=';
    T += Value;
    T += '\n';
  };
  Line("cwd", WorkingDir);
  Line("main", MainFile);
  const TargetOptions &TO = CI.getTargetOpts();
  Line("triple", TO.Triple);
  Line("cpu", TO.CPU);
  Line("tune", TO.TuneCPU);
  Line("abi", TO.ABI);
  for (const std::string &F : TO.FeaturesAsWritten)
    Line("feature", F);
  // Every language option, as clang's own module hash enumerates them.
  const LangOptions &LO = CI.getLangOpts();
#define LANGOPT(Name, Bits, Default, Description)                              \
  Line(#Name, std::to_string(unsigned(LO.Name)));
#define ENUM_LANGOPT(Name, Type, Bits, Default, Description)                   \
  Line(#Name, std::to_string(unsigned(LO.get##Name())));
#include "clang/Basic/LangOptions.def"
  const PreprocessorOptions &PP = CI.getPreprocessorOpts();
  for (const auto &[Macro, Undef] : PP.Macros)
    Line(Undef ? "U" : "D", Macro);
  if (Input == ObjectInput::Rewritten)
    return contentHash(T); // Includes and search paths: in the source.
  for (const std::string &I : PP.Includes)
    Line("include", I);
  for (const std::string &I : PP.MacroIncludes)
    Line("imacros", I);
  const HeaderSearchOptions &HS = CI.getHeaderSearchOpts();
  Line("sysroot", HS.Sysroot);
  Line("resource-dir", HS.ResourceDir);
  Line("builtin-includes", HS.UseBuiltinIncludes ? "1" : "0");
  Line("std-includes", HS.UseStandardSystemIncludes ? "1" : "0");
  for (const HeaderSearchOptions::Entry &E : HS.UserEntries)
    Line("I" + std::to_string(unsigned(E.Group)) +
             (E.IsFramework ? "f" : "") + (E.IgnoreSysRoot ? "" : "s"),
         E.Path);
  for (const auto &P : HS.SystemHeaderPrefixes)
    Line(P.IsSystemHeader ? "sys-prefix" : "user-prefix", P.Prefix);
  return contentHash(T);
}

std::string objectFileOf(const tooling::CompilationDatabase &DB,
                         const std::string &File) {
  for (const tooling::CompileCommand &C : DB.getCompileCommands(File)) {
    std::string Out = C.Output;
    const auto &A = C.CommandLine;
    for (size_t I = 0; Out.empty() && I < A.size(); ++I) {
      if (A[I] == "-o" && I + 1 < A.size())
        Out = A[I + 1];
      else if (llvm::StringRef(A[I]).starts_with("-o") && A[I].size() > 2)
        Out = A[I].substr(2);
    }
    if (Out.empty() || Out == "-" || Out == "/dev/null")
      continue;
    llvm::SmallString<256> P(Out);
    if (!llvm::sys::path::is_absolute(P)) {
      P = C.Directory;
      llvm::sys::path::append(P, Out);
    }
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P);
  }
  return "";
}

namespace {

/// The payload of the global in our section of an LTO bitcode object.
/// Only that global's initializer is materialized.
bool payloadFromBitcode(llvm::MemoryBufferRef Buf, std::string &Payload,
                        std::string &Why) {
  llvm::LLVMContext Ctx;
  auto M = llvm::getLazyBitcodeModule(Buf, Ctx);
  if (!M) {
    Why = "LLVM bitcode that does not read: " + toString(M.takeError());
    return false;
  }
  for (llvm::GlobalVariable &G : (*M)->globals()) {
    if (G.getSection() != ObjectFactsSection)
      continue;
    if (llvm::Error E = G.materialize()) {
      Why = "LLVM bitcode that does not read: " + toString(std::move(E));
      return false;
    }
    auto *Data = llvm::dyn_cast_or_null<llvm::ConstantDataSequential>(
        G.hasInitializer() ? G.getInitializer() : nullptr);
    if (!Data) {
      Why = "its facts global in LLVM bitcode has no byte array";
      return false;
    }
    Payload = Data->getRawDataValues().str();
    return true;
  }
  return false; // No facts.
}

} // namespace

ObjectStatus readObjectFacts(const std::string &Path, ObjectFacts &O,
                             std::string &Why, bool DecodeFunctions) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return ObjectStatus::NoObject;
  // The payload is decoded where it lies: in the object's buffer, or in a
  // copy of the bitcode global's bytes.
  std::shared_ptr<const void> Owner;
  std::string_view Payload;
  llvm::file_magic Kind = llvm::identify_magic((*Buf)->getBuffer());
  if (Kind == llvm::file_magic::bitcode) {
    std::string Copy;
    if (!payloadFromBitcode((*Buf)->getMemBufferRef(), Copy, Why))
      return Why.empty() ? ObjectStatus::NoFacts : ObjectStatus::Unreadable;
    auto S = std::make_shared<const std::string>(std::move(Copy));
    Payload = *S;
    Owner = std::move(S);
  } else {
    auto Obj = llvm::object::ObjectFile::createObjectFile(
        (*Buf)->getMemBufferRef());
    if (!Obj) {
      llvm::consumeError(Obj.takeError());
      return ObjectStatus::NoFacts; // Not an object: nothing of ours.
    }
    bool Found = false;
    for (const llvm::object::SectionRef &S : (*Obj)->sections()) {
      auto Name = S.getName();
      if (!Name) {
        llvm::consumeError(Name.takeError());
        continue;
      }
      if (*Name != ObjectFactsSection)
        continue;
      auto Contents = S.getContents();
      if (!Contents) {
        Why = "its facts section does not read: " +
              toString(Contents.takeError());
        return ObjectStatus::Unreadable;
      }
      Payload = std::string_view(Contents->data(), Contents->size());
      Found = true;
      break;
    }
    if (!Found)
      return ObjectStatus::NoFacts;
    Owner = std::shared_ptr<const llvm::MemoryBuffer>(std::move(*Buf));
  }
  switch (decodePayload(Payload, std::move(Owner), O, DecodeFunctions)) {
  case PayloadStatus::Ok:
    return ObjectStatus::Ok;
  case PayloadStatus::OtherFormat:
    return ObjectStatus::OtherFormat;
  case PayloadStatus::Damaged:
    break;
  }
  Why = "its facts are damaged";
  return ObjectStatus::Unreadable;
}

namespace {

/// Builds the compiler invocation of a command as a parse would (the same
/// driver, the same adjustments) and takes its compileKey(), parsing nothing.
class KeyAction : public tooling::ToolAction {
public:
  KeyAction(std::string MainFile, ObjectInput Input)
      : MainFile(std::move(MainFile)), Input(Input) {}
  bool runInvocation(std::shared_ptr<CompilerInvocation> Inv,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations>,
                     DiagnosticConsumer *) override {
    auto Cwd = Files->getVirtualFileSystem().getCurrentWorkingDirectory();
    Key = compileKey(*Inv, Cwd ? *Cwd : std::string(), MainFile, Input);
    return true;
  }
  std::string MainFile;
  ObjectInput Input;
  std::string Key;
};

/// clang's own -frewrite-includes (what a distributed build's client runs
/// before sending the source), and the files it read.
class RewriteAndCollect : public RewriteIncludesAction {
public:
  explicit RewriteAndCollect(std::vector<Dependency> &Deps) : Deps(Deps) {}

protected:
  void ExecuteAction() override {
    RewriteIncludesAction::ExecuteAction();
    Deps = collectDependencies(getCompilerInstance().getSourceManager());
  }

private:
  std::vector<Dependency> &Deps;
};

class RewriteFactory : public tooling::FrontendActionFactory {
public:
  explicit RewriteFactory(std::vector<Dependency> &Deps) : Deps(Deps) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<RewriteAndCollect>(Deps);
  }

private:
  std::vector<Dependency> &Deps;
};

} // namespace

ObjectFactsReader::ObjectFactsReader(const tooling::CompilationDatabase &DB,
                                     std::string ResourceDir)
    : DB(DB), ResourceDir(std::move(ResourceDir)) {}

ObjectFactsReader::~ObjectFactsReader() = default;

std::string ObjectFactsReader::currentKey(const std::string &File,
                                          ObjectInput Input) {
  IgnoringDiagConsumer Quiet;
  tooling::ClangTool Tool(DB, {File},
                          std::make_shared<PCHContainerOperations>(),
                          llvm::vfs::createPhysicalFileSystem());
  Tool.setPrintErrorMessage(false);
  Tool.appendArgumentsAdjuster(kernelFriendlyAdjuster(ResourceDir));
  Tool.setDiagnosticConsumer(&Quiet);
  KeyAction Action(File, Input);
  if (Tool.run(&Action) != 0)
    return "";
  return Action.Key;
}

bool ObjectFactsReader::rewrittenCurrent(const std::string &File,
                                         const std::string &Hash,
                                         std::vector<Dependency> &Deps) {
  llvm::SmallString<128> Out;
  int Fd;
  if (llvm::sys::fs::createTemporaryFile("wqdep-rewritten", "c", Fd, Out))
    return false;
  ::close(Fd);
  IgnoringDiagConsumer Quiet;
  tooling::ClangTool Tool(DB, {File},
                          std::make_shared<PCHContainerOperations>(),
                          llvm::vfs::createPhysicalFileSystem());
  Tool.setPrintErrorMessage(false);
  Tool.setDiagnosticConsumer(&Quiet);
  // The build's command as the client ran it: no -fsyntax-only, its own
  // output and dependency-file options replaced by -E -frewrite-includes.
  Tool.clearArgumentsAdjusters();
  Tool.appendArgumentsAdjuster(tooling::getClangStripOutputAdjuster());
  Tool.appendArgumentsAdjuster(tooling::getClangStripDependencyFileAdjuster());
  Tool.appendArgumentsAdjuster(kernelFriendlyAdjuster(ResourceDir));
  std::string OutPath(Out);
  Tool.appendArgumentsAdjuster(
      [OutPath](const tooling::CommandLineArguments &Args, llvm::StringRef) {
        tooling::CommandLineArguments R;
        for (const std::string &A : Args)
          if (A != "-c")
            R.push_back(A);
        for (const char *A : {"-E", "-frewrite-includes", "-o"})
          R.push_back(A);
        R.push_back(OutPath);
        return R;
      });
  RewriteFactory Factory(Deps);
  bool Ok = Tool.run(&Factory) == 0;
  auto Buf = llvm::MemoryBuffer::getFile(OutPath, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  llvm::sys::fs::remove(OutPath);
  return Ok && Buf && contentHash((*Buf)->getBuffer()) == Hash;
}

bool ObjectFactsReader::depsCurrent(std::vector<Dependency> &Deps) {
  for (Dependency &D : Deps) {
    // Stated and hashed once a run: the kernel's headers are read by every
    // unit. One lookup per dependency (a kernel has 1.5 million).
    auto [It, New] = Files.try_emplace(D.Path);
    FileNow &F = It->second;
    if (New) {
      llvm::sys::fs::file_status St;
      F.Exists = !llvm::sys::fs::status(D.Path, St);
      if (F.Exists) {
        F.Size = St.getSize();
        F.MTime = llvm::sys::toTimeT(St.getLastModificationTime());
      }
    }
    if (!F.Exists || F.Size != D.Size)
      return false;
    if (!F.Hashed) {
      // Read, not mapped: thousands of headers, each hashed once, would
      // cost as many unmaps.
      auto Buf = llvm::MemoryBuffer::getFile(D.Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false,
                                             /*IsVolatile=*/true);
      if (Buf)
        F.Hash = contentHash((*Buf)->getBuffer());
      F.Hashed = true;
    }
    if (F.Hash.empty() || F.Hash != D.Hash)
      return false;
    // As the program database records a dependency read now.
    D.MTime = F.MTime;
  }
  return true;
}

bool ObjectFactsReader::take(const std::string &File, TUResult &R,
                             const KnownFunction &Known) {
  std::string Object = objectFileOf(DB, File);
  if (Object.empty())
    return false;
  ObjectFacts O;
  std::string Why;
  switch (readObjectFacts(Object, O, Why, /*DecodeFunctions=*/!Known)) {
  case ObjectStatus::Ok:
    break;
  case ObjectStatus::OtherFormat:
    ++Others[{O.Format, O.Producer}];
    return false;
  case ObjectStatus::Unreadable:
    Unreadable.push_back({Object, Why});
    return false;
  case ObjectStatus::NoObject:
  case ObjectStatus::NoFacts:
    return false;
  }
  if (O.Facts.MainFile != File)
    return false;
  if (O.Input == ObjectInput::Rewritten) {
    // Current when the source rewritten now is the one compiled; the files
    // it read are the unit's dependencies.
    std::string Key = currentKey(File, O.Input);
    if (Key.empty() || Key != O.CompileKey ||
        !rewrittenCurrent(File, O.SourceHash, O.Deps))
      return false;
  } else {
    // The unit read now: the cheap check (file sizes and hashes) first.
    if (!depsCurrent(O.Deps))
      return false;
    std::string Key = currentKey(File, O.Input);
    if (Key.empty() || Key != O.CompileKey)
      return false;
  }
  std::vector<EncodedFunction> Encoded;
  if (Known) {
    // Only what the caller does not have is decoded; the rest is the same
    // bytes, so the same facts. Decoding never trusts the payload.
    Encoded.reserve(O.FunctionBlobs.size());
    for (std::string_view B : O.FunctionBlobs) {
      EncodedFunction E{B, contentHash(B), std::nullopt};
      if (!Known(E.Hash)) {
        E.Decoded = decodeFunction(B);
        if (!E.Decoded) {
          Unreadable.push_back({Object, "its facts are damaged"});
          return false;
        }
      }
      Encoded.push_back(std::move(E));
    }
  }
  R.File = File;
  R.Failed = false;
  R.Error.clear();
  R.Facts = std::move(O.Facts);
  R.Deps = std::move(O.Deps);
  R.Encoded = std::move(Encoded);
  R.EncodedBytes = Known ? std::move(O.Payload) : nullptr;
  return true;
}

} // namespace wqdep
