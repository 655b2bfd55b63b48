//===- WqdepMain.cpp - The wqdep command line -----------------------------===//
//
// Parses options, loads the compile database, and wires the layers together:
// Extract (per TU) -> Program (link) -> Analysis -> Report.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Analysis.h"
#include "Analysis/CheckRegistry.h"
#include "Driver/Pipeline.h"
#include "Driver/ProgramBuilder.h"
#include "Extract/Runner.h"
#include "Gate/Gate.h"
#include "Program/Program.h"
#include "Report/OutputFile.h"
#include "Report/Report.h"
#include "Store/ProgramDatabase.h"
#include "Support/JoiningThread.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/Support/Format.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <thread>
#include <fcntl.h>
#include <unistd.h>

using namespace llvm;
using namespace clang::tooling;

namespace {

/// Exit statuses, documented in docs/usage.md.
enum ExitCode {
  ExitClean = 0,
  ExitFindings = 1,
  ExitUsage = 2,
  ExitInternal = 3,
  ExitModel = 4, ///< The --model file cannot be read or is malformed.
};

cl::OptionCategory Category("wqdep options");

cl::opt<std::string> BuildPath(
    "p", cl::desc("Build directory containing compile_commands.json, or the "
                  "path of the JSON file itself"),
    cl::value_desc("dir"), cl::Prefix, cl::cat(Category));

enum class Format { Text, Json, Sarif, Github, Html };
cl::opt<Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text",
                          "clang-style warnings with notes (default)"),
               clEnumValN(Format::Json, "json",
                          "one JSON document (docs/output.md)"),
               clEnumValN(Format::Sarif, "sarif",
                          "SARIF 2.1.0, for code scanning (docs/output.md)"),
               clEnumValN(Format::Github, "github",
                          "GitHub Actions ::warning annotations"),
               clEnumValN(Format::Html, "html",
                          "a static report directory (-o DIR): index.html "
                          "and a page per finding")),
    cl::cat(Category));

cl::opt<std::string> OutputFile("o", cl::desc("Write the report to <file> "
                                              "instead of standard output "
                                              "(--format=html: the directory "
                                              "to write)"),
                                cl::value_desc("file"), cl::Prefix,
                                cl::cat(Category));

// cl::Prefix: -j4, -p/dir and -o/file as make and clang tools accept them,
// besides -j 4 and -j=4.
cl::opt<unsigned> Jobs("j",
                       cl::desc("Parse <n> translation units in parallel, "
                                "and run up to <n> checks at once "
                                "(default: one per core)"),
                       cl::value_desc("n"), cl::init(0), cl::Prefix,
                       cl::cat(Category));

cl::opt<unsigned> MaxContexts(
    "max-contexts",
    cl::desc("Text and GitHub formats: reclaim contexts shown per finding, "
             "with their paths (default 3; 0 shows all)"),
    cl::init(3), cl::cat(Category));

cl::opt<unsigned> MaxIndirectCalls(
    "max-indirect-calls",
    cl::desc("Drop paths with more than <n> calls through function pointers "
             "(0: no limit; default 0). See docs/limits.md"),
    cl::value_desc("n"), cl::init(0), cl::cat(Category));

cl::opt<unsigned> MaxRoutes(
    "max-routes",
    cl::desc("Routes shown per reclaim context, best first (fewest wide "
             "hops, then fewest calls); the others take a different way "
             "through function pointers; all are counted (default 3, at "
             "least 1). JSON and SARIF have the same routes"),
    cl::value_desc("n"), cl::init(3), cl::cat(Category));

cl::opt<wqdep::Confidence> MinConfidence(
    "min-confidence",
    cl::desc("Report only routes with at least this evidence, then the "
             "contexts and findings left with any (default: wide, nothing "
             "hidden). See docs/rule.md, \"Confidence\""),
    cl::values(clEnumValN(wqdep::Confidence::Direct, "direct",
                          "every call names its callee"),
               clEnumValN(wqdep::Confidence::Narrowed, "narrowed",
                          "calls through function pointers, each resolved "
                          "by evidence on the route"),
               clEnumValN(wqdep::Confidence::Wide, "wide",
                          "also routes through a slot resolved to every "
                          "function stored into it")),
    cl::init(wqdep::Confidence::Wide), cl::cat(Category));

cl::opt<std::string> Checks(
    "checks",
    cl::desc("Which checks run, clang-tidy style: comma-separated globs "
             "applied in order after '*' (all on); '-' disables. "
             "'--checks=-*,wq-flush-dependency' runs that one only; "
             "'--list-checks' lists them"),
    cl::value_desc("globs"), cl::cat(Category));

// The mechanisms that prove calls impossible (lib/Graph/Proofs.h).
cl::opt<std::string> ModelPath(
    "model",
    cl::desc("A reviewed model file: calls through slots that resolve only "
             "to listed functions, calls that cannot happen, functions never "
             "reached under another, each with its reason "
             "(docs/model-file.md)"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> NoModel("no-model",
                      cl::desc("Do not apply the --model file (measure what "
                               "it removes)"),
                      cl::cat(Category));
cl::opt<bool> NoNotifierChains(
    "no-notifier-chains",
    cl::desc("Resolve a notifier chain's calls to every notifier_call, not "
             "to the blocks registered on that chain"),
    cl::cat(Category));
cl::opt<bool> NoInitSections(
    "no-init-sections",
    cl::desc("Follow calls from runtime code into .init.text and .exit.text "
             "functions"),
    cl::cat(Category));
cl::opt<bool> NoTerminalCallees(
    "no-terminal-callees",
    cl::desc("Follow calls (and flushes) made after a call that never "
             "returns (panic(), do_exit(), BUG())"),
    cl::cat(Category));
cl::opt<bool> NoArgumentValues(
    "no-argument-values",
    cl::desc("Keep routes that make a call under a condition on a "
             "parameter that the value handed down the route fails "
             "(`if (rqstp) fh_verify(...)` after a call with NULL)"),
    cl::cat(Category));
cl::opt<bool> NoFieldValues(
    "no-field-values",
    cl::desc("Keep routes that make a call under a condition on a member "
             "of an object that the route handed down with that member "
             "known (`if (request->c.flc_type != F_UNLCK)` after "
             "locks_remove_posix() built an F_UNLCK request)"),
    cl::cat(Category));
cl::opt<bool> NoSlotOrigin(
    "no-slot-origin",
    cl::desc("Keep routes that call through a function-pointer member of "
             "an object the route handed down with another function "
             "stored in it (`ctx->actor(...)` after ecryptfs_readdir() "
             "set `.ctx.actor = ecryptfs_filldir`)"),
    cl::cat(Category));
cl::opt<bool> NoNestedScopes(
    "no-nested-scopes",
    cl::desc("Report what a workqueue worker reaches only inside another "
             "function's PF_MEMALLOC scope (direct reclaim entered from an "
             "allocation) as that worker's pair too, not only as the "
             "scope's task's"),
    cl::cat(Category));
cl::opt<bool> NoAtomicSections(
    "no-atomic-sections",
    cl::desc("Keep routes to a flush, a wait or a file write that take a "
             "call made where its function has disabled preemption, "
             "interrupts or softirqs (preempt_disable(), local_irq_save(), "
             "local_bh_disable(); panic()), where nothing may sleep"),
    cl::cat(Category));
cl::opt<bool> NoObjectWitnesses(
    "no-object-witnesses",
    cl::desc("Keep routes that hand an object to a function that reads it "
             "as another class of object (an NFS superblock to XFS's "
             "put_super)"),
    cl::cat(Category));

cl::opt<bool> ListChecks("list-checks",
                         cl::desc("List the checks --checks selects, then "
                                  "exit"),
                         cl::cat(Category));

cl::opt<std::string> ResourceDir(
    "resource-dir",
    cl::desc("Clang resource directory (default: the one of the clang-19 "
             "wqdep was built with)"),
    cl::init(WQDEP_RESOURCE_DIR), cl::cat(Category));

cl::opt<unsigned> UnitTimeout(
    "unit-timeout",
    cl::desc("Stop parsing a translation unit after <seconds> and fail it "
             "alone (default 300; 0: no limit)"),
    cl::value_desc("seconds"), cl::init(300), cl::cat(Category));

cl::opt<bool> Quiet("quiet",
                    cl::desc("Print neither progress nor the summary line"),
                    cl::cat(Category));

cl::opt<std::string> DatabaseFile(
    "db",
    cl::desc("Program database to reuse and update (default: wqdep.db next "
             "to compile_commands.json). Unchanged translation units are "
             "not parsed again"),
    cl::value_desc("file"), cl::cat(Category));

cl::opt<bool> Timings("timings",
                      cl::desc("Print where the time went (parsing, loading "
                               "the program database, analysis, report, and "
                               "the analysis per check) on standard error"),
                      cl::cat(Category));

cl::opt<bool> NoRouteCache(
    "no-route-cache",
    cl::desc("Search every route afresh: neither read nor keep the route "
             "searches that a run over the whole compile database leaves in "
             "the program database for the next run"),
    cl::cat(Category));

cl::opt<bool> NoDatabase("no-db",
                         cl::desc("Parse everything; read and write no "
                                  "program database"),
                         cl::cat(Category));

// The CI gate (lib/Gate, docs/ci.md).
cl::opt<std::string> SourceRootDir(
    "source-root",
    cl::desc("Name files relative to <dir> in SARIF, GitHub annotations, "
             "fingerprints and baselines, and run git there for "
             "--changed-since (default: the current directory)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("Report (and fail on) only the findings' context paths that "
             "<file> does not list"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    cl::desc("Record every finding's context paths in <file>, for --baseline"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> ChangedSince(
    "changed-since",
    cl::desc("Report only findings whose path, flush or workqueue "
             "allocations lie in lines 'git diff <rev>' changes"),
    cl::value_desc("rev"), cl::cat(Category));
cl::opt<std::string> ChangedLinesFile(
    "changed-lines",
    cl::desc("Like --changed-since, from a unified diff or a list of files"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<wqdep::FailOn> FailOn(
    "fail-on", cl::desc("Which findings make the exit status 1"),
    cl::init(wqdep::FailOn::Any),
    cl::values(clEnumValN(wqdep::FailOn::None, "none",
                          "none: exit 0 unless there is an error"),
               clEnumValN(wqdep::FailOn::New, "new",
                          "those not in --baseline"),
               clEnumValN(wqdep::FailOn::Any, "any",
                          "any reported finding (default)")),
    cl::cat(Category));
// Throws after the analysis: test/cli/internal-error.test checks status 3.
cl::opt<bool> PluginFlags(
    "plugin-flags",
    cl::desc("Print the clang-19 flags that load wqdep's plugin, which embeds "
             "each unit's facts in its object file (docs/kernel.md), then "
             "exit"),
    cl::cat(Category));

cl::opt<bool> NoObjectFacts(
    "no-object-facts",
    cl::desc("Parse units even when their objects carry current facts"),
    cl::cat(Category));

cl::opt<bool> InternalErrorForTesting("internal-error-for-testing", cl::Hidden,
                                      cl::cat(Category));

cl::list<std::string> Sources(cl::Positional,
                              cl::desc("[<source file>...] (default: every C "
                                       "file in the database)"),
                              cl::cat(Category));

const char *Overview =
    "finds Linux workqueue flush-dependency bugs in source\n\n"
    "  Reports every path by which code running in a WQ_MEM_RECLAIM workqueue\n"
    "  worker reaches, through direct and function-pointer calls, a flush of\n"
    "  a workqueue or work item without WQ_MEM_RECLAIM: what the kernel's\n"
    "  check_flush_dependency() warns about at run time.\n\n"
    "  The kernel's version (6.1, 6.12) is read off the tree the database\n"
    "  builds, not given; a warning says where the kernel model and the\n"
    "  tree's workqueue API disagree (docs/kernel.md#kernel-versions).\n\n"
    "  Exit status: 0 no findings, 1 findings, 2 usage or input error,\n"
    "  3 internal error, 4 unreadable or malformed --model file. See\n"
    "  docs/usage.md.\n";


int fail(int Code, const Twine &Msg) {
  errs() << "wqdep: error: " << Msg << "\n";
  return Code;
}

/// The plugin beside this program: <prefix>/lib/wqdep-plugin.so for
/// <prefix>/bin/wqdep, in the build tree and installed alike.
std::string pluginPath(const char *Argv0, std::string &Err) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, (void *)&pluginPath);
  SmallString<256> P(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(P, "lib", "wqdep-plugin.so");
  SmallString<256> Real;
  if (sys::fs::real_path(P, Real)) {
    Err = "the plugin is not installed: no '" + std::string(P) + "'";
    return "";
  }
  return std::string(Real);
}

} // namespace

static int run(int argc, char **argv) {
  auto RunStart = std::chrono::steady_clock::now();
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "wqdep " WQDEP_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });
  {
    std::string Err;
    if (!wqdep::parseCommandLine(argc, argv, Overview, "wqdep", Err))
      return fail(ExitUsage, Err);
  }
  // llvm::cl lets the last of a repeated option win, silently: `-p A -p B`
  // or two --format would run on something the user may not have meant.
  cl::Option *Single[] = {&BuildPath,        &OutputFormat,      &OutputFile,
                          &Jobs,             &MaxContexts,       &MaxIndirectCalls,
                          &ResourceDir,      &DatabaseFile,      &SourceRootDir,
                          &BaselineFile,     &WriteBaselineFile, &ChangedSince,
                          &ChangedLinesFile, &FailOn,            &UnitTimeout,
                          &Checks,           &MaxRoutes,         &MinConfidence,
                          &ModelPath};
  for (cl::Option *O : Single)
    if (O->getNumOccurrences() > 1)
      return fail(ExitUsage, Twine(O->ArgStr.size() == 1 ? "-" : "--") +
                                 O->ArgStr + " is given " +
                                 Twine(O->getNumOccurrences()) +
                                 " times; give it once");
  if (NoDatabase && DatabaseFile.getNumOccurrences())
    return fail(ExitUsage, "--db and --no-db conflict; give one of them");
  if (ListChecks) {
    std::vector<const wqdep::Check *> Selected;
    std::string Err;
    if (!wqdep::CheckRegistry::global().select(Checks, Selected, Err))
      return fail(ExitUsage, Err);
    for (const wqdep::Check *C : Selected)
      outs() << C->info().Id << ": " << C->info().ShortDescription << "\n";
    return ExitClean;
  }
  if (PluginFlags) {
    std::string Err, Plugin = pluginPath(argv[0], Err);
    if (Plugin.empty())
      return fail(ExitUsage, Err);
    outs() << "-fplugin=" << Plugin << " -fpass-plugin=" << Plugin << "\n";
    return ExitClean;
  }
  if (BuildPath.empty())
    return fail(ExitUsage, "no compile database: pass -p <build dir> "
                           "(see 'wqdep --help')");

  std::string Err;
  wqdep::AnalysisOptions AO;
  AO.MaxIndirectCalls = MaxIndirectCalls;
  AO.MaxRoutes = MaxRoutes;
  AO.MinConfidence = MinConfidence;
  AO.Checks = Checks;
  AO.Jobs = Jobs ? unsigned(Jobs) : std::max(1u, std::thread::hardware_concurrency());
  AO.Proofs.NotifierChains = !NoNotifierChains;
  AO.Proofs.InitSections = !NoInitSections;
  AO.Proofs.TerminalCallees = !NoTerminalCallees;
  AO.Proofs.ObjectWitnesses = !NoObjectWitnesses;
  AO.Proofs.ArgumentValues = !NoArgumentValues;
  AO.Proofs.FieldValues = !NoFieldValues;
  AO.Proofs.SlotOrigin = !NoSlotOrigin;
  AO.Proofs.NestedScopes = !NoNestedScopes;
  AO.Proofs.AtomicSections = !NoAtomicSections;
  if (!wqdep::checkAnalysisOptions(AO, Err))
    return fail(ExitUsage, Err);
  // Read (and checked) even with --no-model: a broken file is said now.
  if (!ModelPath.empty() && !wqdep::loadModelOption(ModelPath, AO, Err))
    return fail(ExitModel, Err);
  if (NoModel)
    AO.Proofs.Model.reset();
  if (std::string W = wqdep::analysisOptionsWarning(AO); !W.empty())
    errs() << "wqdep: warning: " << W << "\n";

  std::unique_ptr<CompilationDatabase> DB =
      wqdep::loadCompileDatabase(BuildPath, Err);
  if (!DB)
    return fail(ExitUsage, Err);

  std::vector<std::string> Files;
  if (Sources.empty()) {
    Files = wqdep::linkOrder(*DB);
    if (Files.empty())
      return fail(ExitUsage, "the compile database has no C source files");
  } else {
    for (const std::string &S : Sources) {
      SmallString<256> Abs(S);
      sys::fs::make_absolute(Abs);
      // Lexically, as the compile database spells its own files: one unit,
      // one name, one row in the program database, however it is named.
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      if (!sys::fs::exists(Abs))
        return fail(ExitUsage, "cannot read '" + S + "': no such file");
      if (!wqdep::isCSource(S))
        return fail(ExitUsage, "'" + S + "' is not a C source file");
      if (DB->getCompileCommands(Abs).empty())
        return fail(ExitUsage,
                    "'" + S + "' has no entry in the compile database");
      Files.push_back(std::string(Abs));
    }
  }

  std::optional<wqdep::Gate> Gate = wqdep::Gate::open(
      {SourceRootDir, BaselineFile, WriteBaselineFile, ChangedSince,
       ChangedLinesFile, FailOn},
      Err);
  if (!Gate)
    return fail(ExitUsage, Err);
  // The HTML report under --baseline shows the baselined context paths too,
  // marked: this gate keeps every path that the real one does not drop for
  // lying outside the changed lines.
  const bool Html = OutputFormat == Format::Html;
  std::optional<wqdep::Gate> AllPaths;
  if (Html && !BaselineFile.empty()) {
    AllPaths = wqdep::Gate::open({SourceRootDir, "", "", ChangedSince,
                                  ChangedLinesFile, wqdep::FailOn::Any},
                                 Err);
    if (!AllPaths)
      return fail(ExitUsage, Err);
  }

  // Check the output before the long part, so a bad -o fails fast; it is
  // written only once the report is complete (lib/Report/OutputFile.h).
  if (Html) {
    if (OutputFile.empty())
      return fail(ExitUsage, "--format=html writes a directory: pass -o DIR");
    if (!wqdep::checkReportDirectory(OutputFile, Err))
      return fail(ExitUsage,
                  "cannot write report directory '" + OutputFile + "': " + Err);
  } else if (!OutputFile.empty()) {
    if (!wqdep::checkOutputFile(OutputFile, wqdep::SpecialFiles::Write, Err))
      return fail(ExitUsage, "cannot write '" + OutputFile + "': " + Err);
  } else if (fcntl(STDOUT_FILENO, F_GETFL) < 0) {
    return fail(ExitUsage, "cannot write the report: standard output is "
                           "closed (pass -o FILE)");
  }

  wqdep::BuildOptions Opts;
  Opts.Jobs = Jobs;
  Opts.ResourceDir = ResourceDir;
  if (!NoDatabase)
    Opts.DatabasePath = DatabaseFile.empty()
                            ? wqdep::defaultDatabasePath(BuildPath)
                            : std::string(DatabaseFile);
  Opts.PruneDatabase = Sources.empty();
  Opts.ObjectFacts = !NoObjectFacts;
  Opts.Progress = !Quiet;
  wqdep::Program P;
  wqdep::BuildStats Built;
  Opts.UnitTimeoutSeconds = UnitTimeout;
  wqdep::buildProgram(*DB, Files, Opts, P, Built, errs());
  wqdep::stopExtractWorkers(); // Their memory is not needed any more.
  if (P.FailedTranslationUnits == P.TranslationUnits)
    return fail(ExitUsage, "no translation unit could be analysed");

  // A run over the whole compile database with a program database keeps
  // its route searches there for the next run, and replays the last run's
  // where nothing they rest on changed (Pipeline.h).
  auto AnalysisStart = std::chrono::steady_clock::now();
  const bool KeepRoutes =
      !Opts.DatabasePath.empty() && Sources.empty() && !NoRouteCache;
  // Read on another thread while the model's graph is built; the analysis
  // waits for it before its first route search.
  wqdep::AnalysisCache RouteState;
  bool RoutesLoaded = false;
  wqdep::JoiningThread RouteLoad;
  if (KeepRoutes) {
    RouteLoad = wqdep::JoiningThread([&] {
      RoutesLoaded = wqdep::loadRouteState(Opts.DatabasePath, RouteState);
    });
    RouteState.RoutesReady = [&] { RouteLoad.join(); };
  }
  wqdep::AnalysisResult Result =
      wqdep::analyze(P, AO, KeepRoutes ? &RouteState : nullptr);
  RouteLoad.join();
  // A run that replayed every search has nothing new to keep: the kept
  // state still describes a program this one matches, which is all the
  // next run needs of it.
  const wqdep::RouteCache::Counters RC = RouteState.Routes.counters();
  const bool RoutesNew =
      KeepRoutes && (!RoutesLoaded || RC.changed());
  double StoreSeconds = 0;
  if (RoutesNew) {
    auto StoreStart = std::chrono::steady_clock::now();
    if (!wqdep::storeRouteState(Opts.DatabasePath, RouteState, Err))
      errs() << "wqdep: warning: cannot keep the route searches in '"
             << wqdep::routeStatePath(Opts.DatabasePath) << "': " << Err
             << "; the next run searches them again\n";
    StoreSeconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - StoreStart)
                       .count();
  }
  if (InternalErrorForTesting)
    throw std::runtime_error("thrown by --internal-error-for-testing");
  wqdep::AnalysisResult All;
  if (AllPaths)
    All = Result;
  if (!Gate->apply(Result, Err))
    return fail(ExitUsage, Err);
  auto ReportStart = std::chrono::steady_clock::now();
  // Rendered whole, then written: an error (a full disk, a closed pipe) is
  // one line and status 2, and -o never leaves a truncated report behind.
  std::string Report;
  raw_string_ostream OS(Report);
  // Buffered: the renderers write a character at a time, and a kernel
  // tree's JSON report is ~100 MB (each unbuffered write is an append).
  OS.SetBufferSize(1 << 16);
  wqdep::TextOptions TO;
  TO.MaxContexts = MaxContexts;
  TO.MinConfidence = MinConfidence;
  if (OutputFormat == Format::Json) {
    wqdep::renderJson(Result, OS);
  } else if (OutputFormat == Format::Sarif) {
    wqdep::renderSarif(Result, Gate->fingerprints(), OS,
                       {Gate->root(), WQDEP_VERSION, Gate->baselineApplied()});
  } else if (OutputFormat == Format::Github) {
    wqdep::renderGithub(Result, OS, Gate->root(), TO);
  } else if (!Html) {
    wqdep::renderText(Result, OS, TO);
  }
  OS.flush();
  if (Html) {
    wqdep::HtmlOptions HO;
    HO.Root = Gate->root();
    HO.ToolVersion = WQDEP_VERSION;
    HO.Seconds = std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - RunStart)
                     .count();
    const wqdep::AnalysisResult *Shown = &Result;
    if (AllPaths) {
      if (!AllPaths->apply(All, Err))
        return fail(ExitUsage, Err);
      std::set<std::string> New;
      for (const auto &Row : Gate->fingerprints().Contexts)
        New.insert(Row.begin(), Row.end());
      HO.BaselineApplied = true;
      for (const auto &Row : AllPaths->fingerprints().Contexts) {
        HO.Baselined.emplace_back();
        for (const std::string &Fp : Row)
          HO.Baselined.back().push_back(!New.count(Fp));
      }
      Shown = &All;
    }
    if (!wqdep::writeReportDirectory(OutputFile, wqdep::renderHtml(*Shown, HO),
                                     Err))
      return fail(ExitUsage,
                  "cannot write report directory '" + OutputFile + "': " + Err);
  } else if (!OutputFile.empty()) {
    if (!wqdep::writeOutputFile(OutputFile, Report,
                                wqdep::SpecialFiles::Write, Err))
      return fail(ExitUsage, "cannot write '" + OutputFile + "': " + Err);
  } else if (!wqdep::writeAllToFd(STDOUT_FILENO, Report, Err)) {
    return fail(ExitUsage,
                "cannot write the report to standard output: " + Err);
  }

  if (Timings) {
    auto Seconds = [](auto From, auto To) {
      return std::chrono::duration<double>(To - From).count();
    };
    auto End = std::chrono::steady_clock::now();
    errs() << format("wqdep: timings: parse %.2f s, load %.2f s, "
                     "analysis %.2f s, report %.2f s\n",
                     Built.ParseSeconds, Built.LoadSeconds,
                     Seconds(AnalysisStart, ReportStart),
                     Seconds(ReportStart, End));
    errs() << "wqdep: timings: analysis:";
    for (size_t I = 0; I < Result.Seconds.size(); ++I)
      errs() << (I ? "," : "") << " " << Result.Seconds[I].first << " "
             << format("%.2f s", Result.Seconds[I].second);
    errs() << "\n";
    if (KeepRoutes)
      errs() << "wqdep: timings: routes: "
             << (RoutesLoaded ? "kept from the last run" : "none kept")
             << ", " << RC.Replayed << " searches replayed, " << RC.Searched
             << " run; "
             << (RoutesNew ? formatv("kept in {0:F2} s", StoreSeconds).str()
                           : std::string("nothing new to keep"))
             << "\n";
  }
  if (!Quiet)
    errs() << "wqdep: " << Result.Findings.size() << " finding"
           << (Result.Findings.size() == 1 ? "" : "s") << " in "
           << P.TranslationUnits << " translation unit"
           << (P.TranslationUnits == 1 ? "" : "s") << " ("
           << P.FailedTranslationUnits << " failed); " << Built.Parsed
           << " parsed, " << Built.Reused << " reused"
           << (Built.FromObjects
                   ? ", " + std::to_string(Built.FromObjects) + " from objects"
                   : std::string())
           << "\n"
           << Gate->summary();
  const int Status = Gate->fails(Result) ? ExitFindings : ExitClean;
  // Everything is written. The program and the findings of a kernel tree
  // are millions of small objects: freeing them one by one costs a tenth of
  // a second that the exit gives back anyway (lld and clang's -disable-free
  // skip it the same way).
  outs().flush();
  errs().flush();
  std::_Exit(Status);
}

/// An exception escaping the run is an internal error: one line, status 3.
int main(int argc, char **argv) {
  // runExtraction() parses in copies of this program (lib/Extract/Runner.h).
  if (wqdep::isExtractWorker(argc, argv))
    return wqdep::extractWorkerMain();
  try {
    return run(argc, argv);
  } catch (const std::exception &E) {
    std::string What = E.what();
    std::replace(What.begin(), What.end(), '\n', ' ');
    return fail(ExitInternal, "internal error: " + What);
  } catch (...) {
    return fail(ExitInternal, "internal error: unknown exception");
  }
}
