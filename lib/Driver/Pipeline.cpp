//===- Pipeline.cpp - What the command line and the IDE front end share ---===//
#include "Driver/Pipeline.h"
#include "Analysis/CheckRegistry.h"
#include "Extract/Runner.h"
#include "Store/ProgramDatabase.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>

namespace wqdep {

using namespace clang::tooling;

std::unique_ptr<CompilationDatabase>
loadCompileDatabase(const std::string &BuildPath, std::string &Err) {
  llvm::SmallString<256> Path(BuildPath);
  if (!llvm::sys::fs::exists(Path)) {
    Err = "compile database path '" + BuildPath + "' does not exist";
    return nullptr;
  }
  if (llvm::sys::fs::is_directory(Path))
    llvm::sys::path::append(Path, "compile_commands.json");
  if (!llvm::sys::fs::exists(Path)) {
    Err = "no compile_commands.json in '" + BuildPath + "'";
    return nullptr;
  }
  std::string LoadErr;
  auto DB = JSONCompilationDatabase::loadFromFile(
      Path, LoadErr, JSONCommandLineSyntax::AutoDetect);
  if (!DB) {
    // The JSON parser's messages span lines; keep ours to one.
    for (char &C : LoadErr)
      if (C == '\n')
        C = ' ';
    Err = "cannot load compile database '" + std::string(Path) +
          "': " + llvm::StringRef(LoadErr).trim().str();
  }
  return DB;
}

bool isCSource(const std::string &File) {
  return llvm::sys::path::extension(File) == ".c";
}

std::vector<std::string> linkOrder(const CompilationDatabase &DB) {
  std::vector<std::string> Files;
  std::set<std::string> Seen;
  for (const std::string &F : DB.getAllFiles())
    if (isCSource(F) && Seen.insert(F).second)
      Files.push_back(F);
  return Files;
}

bool isUnitFresh(ProgramDatabase &Store, const CompilationDatabase &DB,
                 const std::string &File, const std::string &ResourceDir) {
  return Store.isFresh(File, commandKey(DB, File, ResourceDir));
}

bool checkAnalysisOptions(const AnalysisOptions &Opts, std::string &Err) {
  std::vector<const Check *> Selected;
  return CheckRegistry::global().select(Opts.Checks, Selected, Err);
}

} // namespace wqdep
