//===- Report.h - Render findings in every output format --------*- C++ -*-===//
#ifndef WQDEP_REPORT_REPORT_H
#define WQDEP_REPORT_REPORT_H

#include "Analysis/Finding.h"
#include "Report/Fingerprint.h"
#include "Report/SourceRoot.h"

#include <functional>

namespace llvm {
class raw_ostream;
namespace json {
class OStream;
} // namespace json
} // namespace llvm

namespace wqdep {

/// Options of the text and GitHub renderings.
struct TextOptions {
  /// Contexts printed per finding; 0 prints all. The JSON always has all.
  unsigned MaxContexts = 3;
  /// The --min-confidence the analysis ran with: a context's routes not
  /// shown may be below it, not only beyond --max-routes.
  Confidence MinConfidence = Confidence::Wide;
};

/// Clang-style diagnostics: a warning at the flush call, notes for the
/// context's workqueue, each call of the path, and the target workqueue.
void renderText(const AnalysisResult &R, llvm::raw_ostream &OS,
                const TextOptions &Opts = {});

/// The JSON document described in docs/output.md ("version": 1).
void renderJson(const AnalysisResult &R, llvm::raw_ostream &OS);
/// The "model" attribute (JSON top level, SARIF run properties): the model
/// file and what each entry did; nothing without a model file.
void modelAttribute(llvm::json::OStream &J, const AnalysisResult &R);
/// The text lines saying what each model entry did.
std::vector<std::string> modelLines(const AnalysisResult &R);

/// Options of the SARIF rendering.
struct SarifOptions {
  SourceRoot Root;              ///< URIs are relative to it ("%SRCROOT%").
  std::string ToolVersion;      ///< tool.driver.version.
  bool BaselineApplied = false; ///< Mark each result "baselineState": "new".
};

/// A SARIF 2.1.0 log with one run (docs/output.md): a result per finding at
/// its flush call, one code flow per context, the workqueue allocations as
/// related locations, and fingerprints from \p Fps.
void renderSarif(const AnalysisResult &R, const Fingerprints &Fps,
                 llvm::raw_ostream &OS, const SarifOptions &Opts);

/// GitHub Actions workflow commands: one "::warning file=...,line=...::"
/// annotation per finding, its path in the (escaped, multi-line) message.
void renderGithub(const AnalysisResult &R, llvm::raw_ostream &OS,
                  const SourceRoot &Root, const TextOptions &Opts = {});

/// Options of the HTML report.
struct HtmlOptions {
  SourceRoot Root;         ///< Files are shown relative to it.
  std::string ToolVersion; ///< Shown on index.html, and in each page's meta.
  double Seconds = -1;     ///< The run's wall time; negative: not shown.
  unsigned ContextLines = 3; ///< Source lines shown above and below a call.
  /// Under --baseline, the report has every context path of the run, and
  /// Baselined[I][J] says that the baseline knows R.Findings[I].Contexts[J].
  bool BaselineApplied = false;
  std::vector<std::vector<bool>> Baselined;
  bool isBaselined(size_t Finding, size_t Ctx) const;
};

/// A file of a report directory: a path inside it, and its text.
struct ReportFile {
  std::string Path;
  std::string Text;
};

/// A static report directory (docs/output.md, "HTML"): index.html, one
/// finding-N.html per finding, report.css and report.js. Reads the source
/// files the findings name; a file that cannot be read is shown as such.
std::vector<ReportFile> renderHtml(const AnalysisResult &R,
                                   const HtmlOptions &Opts);

/// How the call into \p S was resolved, in words ("through 'slot': the only
/// function stored into it").
std::string resolutionWords(const PathStep &S);

/// Whether \p Dir can take a report directory, as writeReportDirectory()
/// would, without touching it: it does not exist (its parent does), or is
/// an empty directory, or holds an earlier wqdep report. \p Err follows
/// "cannot write report directory 'DIR': ".
bool checkReportDirectory(const std::string &Dir, std::string &Err);

/// Writes \p Files into \p Dir whole, replacing an earlier report at once
/// (built next to it, then renamed), or leaves it as it was and says why.
bool writeReportDirectory(const std::string &Dir,
                          const std::vector<ReportFile> &Files,
                          std::string &Err);

/// "flags: WQ_UNBOUND|WQ_MEM_RECLAIM" style rendering of a flag set.
std::string flagString(const WorkqueueRef &W);

/// A place in the source and what happens there, in the words of the text
/// format's notes; every rendering uses these.
struct Note {
  Location Loc;
  std::string Message;
};

/// The allocation of a workqueue, with or without WQ_MEM_RECLAIM (a system
/// workqueue has no location).
Note allocNote(const WorkqueueRef &W, bool Reclaim);

/// Where the context's work item is queued on its workqueue.
/// wq-wait-dependency: where the waiting function queued the work item, and
/// where the work completes the completion; empty for other checks.
std::vector<Note> waitNotes(const Finding &F);
/// What the finding's call reaches, after the contexts: waitNotes(), then
/// the target workqueue's allocation; for stacked-fs-io the functions the
/// sink's slot resolves to.
std::vector<Note> targetNotes(const Finding &F);
/// stacked-fs-io: the last note of a path, \p Caller making the sink call
/// ("F calls through 'struct file_operations::write_iter', front-end file
/// I/O into a filesystem with neither ... set").
std::string sinkNote(const Finding &F, const std::string &Caller);
/// How the text format names a finding's severity: "warning", or "remark"
/// for a note (a top-level "note:" would read as a note of the finding
/// before it).
const char *severityWord(const Finding &F);

/// The note on where a context comes from, before queueNote(): the
/// worker's workqueue allocation; none for a PF_MEMALLOC task (queueNote()
/// says where the flag is set).
std::vector<Note> originNotes(const Context &C);
Note queueNote(const Context &C);

/// One note per call from the context's function down to the flush
/// primitive: "A calls B [through 'slot' (how it was resolved)]" for each
/// step of the path, then the calls inside wrappers, the last one
/// "F calls <api>, flushing ...".
std::vector<Note> pathNotes(const Finding &F, const Context &C);
/// The same for one route of a context (its Path or one of OtherRoutes).
std::vector<Note> pathNotes(const Finding &F,
                            const std::vector<PathStep> &Steps);

/// How the call into \p Next (made by \p Caller) was resolved, as the end
/// of its note: "" for a direct call, " (the only function stored there)",
/// " (one of all 3 functions stored there)", " (the callback A passes
/// here)", " (the function bound to the work item)".
std::string resolutionPhrase(const std::string &Caller, const PathStep &Next);

/// "confidence: narrowed", "confidence: wide, 2 wide hops".
std::string confidencePhrase(Confidence C, unsigned WideHops = 0);

/// "3 routes", "at least 100 routes", "1 route".
std::string routeCountPhrase(const Context &C);

/// "route 2 of 3 (confidence: wide, 1 wide hop)".
std::string routeHeading(const Context &C, size_t Index, const Route &R);

/// When \p C has more routes than the \p Shown: "2 more routes from F not
/// shown (--max-routes=N shows up to N)", naming the options as \p Prefix
/// spells them ("--" or "--wqdep-"), and --min-confidence when it may have
/// hidden some. Empty when every route is shown.
std::string moreRoutes(const Context &C, size_t Shown, Confidence Min,
                       const std::string &Prefix = "--");

/// What the queue note of a context adds: "confidence: wide, 1 wide hop;
/// 4 routes, best first" (the wide hops of the first route), and "; route
/// 1: narrowed" when the first route's class is not the context's (a
/// longer route has better evidence). \p Routes is contextRoutes(C).
std::string contextConfidencePhrase(const Context &C,
                                    const std::vector<Route> &Routes);

/// Every route of a context, best first: its Path, then its OtherRoutes.
std::vector<Route> contextRoutes(const Context &C);

/// Whether the run saw everything the scope counts: no failed unit, no
/// unresolved indirect call, no workqueue of unknown flags, no queued work
/// item never bound, no queue site on an unknown workqueue.
bool scopeComplete(const Scope &S);

/// The scope as sentences, one per thing the run could not see (empty when
/// scopeComplete()); lists name at most \p MaxNames entries, then "and N
/// more". \p File names a failed unit (relative to a source root, say).
std::vector<std::string>
scopeLines(const Scope &S, size_t MaxNames = 5,
           const std::function<std::string(const std::string &)> &File = {});

} // namespace wqdep

#endif
