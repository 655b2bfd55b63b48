//===- GithubReport.cpp - GitHub Actions annotations ----------------------===//
//
// One "::warning file=F,line=L,col=C,title=wq-flush-dependency::MESSAGE"
// line per finding: GitHub shows it on the flush call in the pull request's
// diff and in the job log. The message is the text format's warning and
// notes, with file names relative to the source root (the repository root,
// as GitHub wants them), one per line; newlines are sent as %0A.
//
//===----------------------------------------------------------------------===//
#include "Report/Report.h"

#include "llvm/Support/raw_ostream.h"

namespace wqdep {
namespace {

/// Escapes the message of a workflow command.
std::string escapeData(const std::string &S) {
  std::string Out;
  for (char Ch : S) {
    switch (Ch) {
    case '%':
      Out += "%25";
      break;
    case '\r':
      Out += "%0D";
      break;
    case '\n':
      Out += "%0A";
      break;
    default:
      Out += Ch;
    }
  }
  return Out;
}

/// Escapes a property value (file=, title=): also ':' and ','.
std::string escapeProperty(const std::string &S) {
  std::string Out;
  for (char Ch : escapeData(S)) {
    switch (Ch) {
    case ':':
      Out += "%3A";
      break;
    case ',':
      Out += "%2C";
      break;
    default:
      Out += Ch;
    }
  }
  return Out;
}

std::string line(const SourceRoot &Root, const Note &N) {
  if (!N.Loc.valid())
    return N.Message;
  return Root.display(N.Loc.File) + ":" + std::to_string(N.Loc.Line) + ":" +
         std::to_string(N.Loc.Column) + ": " + N.Message;
}

} // namespace

void renderGithub(const AnalysisResult &Result, llvm::raw_ostream &OS,
                  const SourceRoot &Root, const TextOptions &Opts) {
  AnalysisResult R = portableKeys(Result, Root);
  for (const Finding &F : R.Findings) {
    std::string Conf = confidencePhrase(F.Conf);
    std::string Msg = F.Message + " [" + F.Check + "] (" + Conf + ")";
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (Opts.MaxContexts && Shown == Opts.MaxContexts)
        break;
      ++Shown;
      std::vector<Route> Routes = contextRoutes(C);
      Msg += "\n\nreclaim context " + std::to_string(Shown) + " of " +
             std::to_string(F.Contexts.size()) + " (" +
             contextConfidencePhrase(C, Routes) + "):";
      for (const Note &N : originNotes(C))
        Msg += "\n" + line(Root, N);
      Msg += "\n" + line(Root, queueNote(C));
      for (size_t I = 0; I < Routes.size(); ++I) {
        if (I)
          Msg += "\n" + routeHeading(C, I, Routes[I]) + ":";
        for (const Note &N : pathNotes(F, Routes[I].Steps))
          Msg += "\n" + line(Root, N);
      }
      std::string More = moreRoutes(C, Routes.size(), Opts.MinConfidence);
      if (!More.empty())
        Msg += "\n" + More;
    }
    if (Shown < F.Contexts.size())
      Msg += "\n\n" + std::to_string(F.Contexts.size() - Shown) +
             " more reclaim context" +
             (F.Contexts.size() - Shown == 1 ? " reaches" : "s reach") +
             (F.Sink ? " this call" : " this flush") +
             " (--max-contexts=0 shows all)";
    std::vector<Note> Targets = targetNotes(F);
    for (size_t I = 0; I < Targets.size(); ++I)
      Msg += (I + 1 == Targets.size() ? "\n\n" : "\n") +
             line(Root, Targets[I]);

    OS << (F.Level == Severity::Note ? "::notice" : "::warning")
       << " file=" << escapeProperty(Root.display(F.FlushLoc.File))
       << ",line=" << F.FlushLoc.Line << ",col=" << F.FlushLoc.Column
       << ",title=" << escapeProperty(F.Check)
       << "::" << escapeData(Msg) << "\n";
  }
  // What the run could not see, as one notice in the job's summary: a clean
  // run over a tree wqdep saw only part of is not a clean bill of health.
  std::vector<std::string> Scope = scopeLines(
      R.Coverage, 5, [&](const std::string &F) { return Root.display(F); });
  if (!Scope.empty()) {
    std::string Msg;
    for (const std::string &L : Scope)
      Msg += (Msg.empty() ? "" : "\n") + L;
    OS << "::notice title=" << escapeProperty("wqdep scope: not everything "
                                              "was seen")
       << "::" << escapeData(Msg) << "\n";
  }
}

} // namespace wqdep
