//===- Pipeline.cpp - What the command line and the IDE front end share ---===//
#include "Driver/Pipeline.h"
#include "Analysis/CheckRegistry.h"
#include "Extract/Runner.h"
#include "Store/ProgramDatabase.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <unistd.h>

#include <set>

namespace wqdep {

using namespace clang::tooling;
using namespace llvm;

std::string captureStderr(const std::function<void()> &Fn) {
  llvm::errs().flush();
  std::fflush(stderr);
  FILE *Tmp = std::tmpfile();
  int Saved = Tmp ? dup(2) : -1;
  if (Saved < 0) {
    Fn();
    return "";
  }
  dup2(fileno(Tmp), 2);
  Fn();
  llvm::errs().flush();
  std::fflush(stderr);
  dup2(Saved, 2);
  close(Saved);
  std::string Text;
  std::rewind(Tmp);
  char Buf[4096];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof(Buf), Tmp)) > 0)
    Text.append(Buf, N);
  std::fclose(Tmp);
  return Text;
}

/// \p Text with control characters and non-UTF-8 bytes as escapes, so a
/// message about a file's contents stays one readable line.
static std::string printable(StringRef Text) {
  std::string Out;
  for (unsigned char C : Text) {
    if (C == '\n')
      Out += "\\n";
    else if (C < 0x20 || C == 0x7f || C >= 0x80)
      Out += formatv("\\x{0:x-2}", unsigned(C)).str();
    else
      Out += char(C);
  }
  return Out;
}

std::unique_ptr<CompilationDatabase>
loadCompileDatabase(const std::string &BuildPath, std::string &Err) {
  SmallString<256> Path(BuildPath);
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St)) {
    Err = EC == std::errc::no_such_file_or_directory
              ? "compile database path '" + BuildPath + "' does not exist"
              : "cannot read '" + BuildPath + "': " + EC.message();
    return nullptr;
  }
  if (sys::fs::is_directory(St)) {
    sys::path::append(Path, "compile_commands.json");
    if (std::error_code EC = sys::fs::status(Path, St)) {
      Err = EC == std::errc::no_such_file_or_directory
                ? "no compile_commands.json in '" + BuildPath + "'"
                : "cannot read '" + std::string(Path) + "': " + EC.message();
      return nullptr;
    }
  }
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf) {
    Err = "cannot read '" + std::string(Path) + "': " +
          Buf.getError().message();
    return nullptr;
  }
  StringRef Text = (*Buf)->getBuffer();
  // Not text at all (a binary, a compressed file): the JSON parser would
  // print the bytes back on the terminal.
  if (size_t Nul = Text.find('\0'); Nul != StringRef::npos) {
    Err = "'" + std::string(Path) + "' is not a JSON compile database: it "
          "holds binary data (a NUL byte at offset " + std::to_string(Nul) +
          ")";
    return nullptr;
  }
  std::string LoadErr;
  std::unique_ptr<CompilationDatabase> DB;
  // The JSON (YAML) parser prints its diagnostic, with the offending line,
  // to stderr itself: keep its first line for ours.
  std::string Printed = captureStderr([&] {
    DB = JSONCompilationDatabase::loadFromBuffer(
        Text, LoadErr, JSONCommandLineSyntax::AutoDetect);
  });
  if (!DB) {
    StringRef Diag = StringRef(Printed).split('\n').first.trim();
    std::string Why = StringRef(LoadErr).trim().str();
    if (Diag.consume_front("YAML:")) {
      // "3:5: error: Expected quote at end of scalar"
      auto [LineNo, Rest] = Diag.split(':');
      auto [Col, Msg] = Rest.split(':');
      Msg = Msg.trim();
      Msg.consume_front("error: ");
      Why = "line " + LineNo.str() + ", column " + Col.str() + ": " +
            Msg.str();
    }
    for (char &C : Why)
      if (C == '\n')
        C = ' ';
    Err = "cannot load compile database '" + std::string(Path) +
          "': " + printable(Why);
  }
  return DB;
}

bool parseCommandLine(int argc, char **argv, const char *Overview,
                      const std::string &Tool, std::string &Err) {
  std::string ParseErrors;
  raw_string_ostream ParseErrorStream(ParseErrors);
  bool Parsed = false;
  std::string Leaked = captureStderr([&] {
    Parsed = cl::ParseCommandLineOptions(argc, argv, Overview,
                                         &ParseErrorStream);
  });
  if (Parsed && Leaked.empty())
    return true;
  StringRef Msg = StringRef(Leaked.empty() ? ParseErrors : Leaked).trim();
  Msg = Msg.split('\n').first.split("  Try:").first;
  Msg.consume_front(Tool + ": ");
  Msg.consume_front(sys::path::filename(argv[0]));
  Msg.consume_front(": ");
  Err = Msg.str() + " (see '" + Tool + " --help')";
  return false;
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

bool loadModelOption(const std::string &Path, AnalysisOptions &Opts,
                     std::string &Err) {
  auto M = std::make_shared<ModelFile>();
  if (!loadModelFile(Path, *M, Err))
    return false;
  Opts.Proofs.Model = std::move(M);
  return true;
}

std::string analysisOptionsWarning(const AnalysisOptions &Opts) {
  if (!Opts.MaxIndirectCalls || !Opts.Proofs.Model)
    return "";
  size_t N = 0;
  for (const ModelEntry &E : Opts.Proofs.Model->Entries)
    N += E.onRoutes();
  if (!N)
    return "";
  return formatv("--max-indirect-calls: the model file's {0} route "
                 "entr{1} ('no-path', 'resolve ... under') {2} not applied "
                 "(routes are searched by layers, not checked)",
                 N, N == 1 ? "y" : "ies", N == 1 ? "is" : "are")
      .str();
}

bool checkAnalysisOptions(const AnalysisOptions &Opts, std::string &Err) {
  if (Opts.MaxRoutes == 0) {
    Err = "--max-routes must be at least 1 (the best route is always shown)";
    return false;
  }
  std::vector<const Check *> Selected;
  return CheckRegistry::global().select(Opts.Checks, Selected, Err);
}

/// The route state is a file next to the program database (`<db>-routes`),
/// not a table in it: megabytes rewritten after most runs cost SQLite a
/// checkpoint, a file a rename. It starts with the wqdep that saved it
/// (its version, and its executable's size and modification time: a
/// rebuilt wqdep may rank routes otherwise where the bytes' format is the
/// same), so another wqdep searches afresh once and overwrites it.
std::string routeStatePath(const std::string &DbPath) {
  return DbPath + "-routes";
}

static std::string routeStateTag() {
  std::string Tag = WQDEP_VERSION;
  sys::fs::file_status St;
  if (!sys::fs::status("/proc/self/exe", St))
    Tag += formatv(" {0} {1}", St.getSize(),
                   St.getLastModificationTime().time_since_epoch().count())
               .str();
  return Tag + '\0';
}

std::string editorRouteStatePath(const std::string &DbPath) {
  return DbPath + "-routes-clangd";
}

bool loadRouteState(const std::string &DbPath, AnalysisCache &Cache) {
  return loadRouteStateFrom(routeStatePath(DbPath), Cache);
}

bool storeRouteState(const std::string &DbPath, const AnalysisCache &Cache,
                     std::string &Err) {
  return storeRouteStateTo(routeStatePath(DbPath), Cache, Err);
}

bool loadRouteStateFrom(const std::string &Path, AnalysisCache &Cache) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return false;
  StringRef Bytes = (*Buf)->getBuffer();
  const std::string Tag = routeStateTag();
  return Bytes.starts_with(Tag) &&
         Cache.Routes.load(std::string_view(Bytes.drop_front(Tag.size())));
}

bool storeRouteStateTo(const std::string &Path, const AnalysisCache &Cache,
                       std::string &Err) {
  // Written to a temporary file and renamed: a reader sees the old state
  // or the new one, and a run killed half-way leaves the old one.
  const std::string Bytes = Cache.Routes.save();
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        OS << routeStateTag() << Bytes;
        return Error::success();
      })) {
    Err = toString(std::move(E));
    return false;
  }
  return true;
}

} // namespace wqdep
