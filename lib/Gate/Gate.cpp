//===- Gate.cpp - The CI gate between analysis and report -----------------===//
#include "Gate/Gate.h"
#include "Report/OutputFile.h"

#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace wqdep {

namespace {

std::string currentDir() {
  std::string Buf(4096, '\0');
  if (!getcwd(Buf.data(), Buf.size()))
    return ".";
  return Buf.c_str();
}

std::string plural(size_t N, const char *One, const char *Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many);
}

} // namespace

std::optional<Gate> Gate::open(const GateOptions &Opts, std::string &Err) {
  if (!Opts.ChangedSince.empty() && !Opts.ChangedLinesFile.empty()) {
    Err = "--changed-since and --changed-lines cannot be used together";
    return std::nullopt;
  }
  if (Opts.Fail == FailOn::New && Opts.BaselineFile.empty()) {
    Err = "--fail-on=new needs --baseline FILE (findings are new relative "
          "to a baseline)";
    return std::nullopt;
  }
  Gate G;
  G.Opts = Opts;
  std::string RootDir =
      Opts.SourceRoot.empty() ? currentDir() : Opts.SourceRoot;
  struct stat St;
  if (stat(RootDir.c_str(), &St) != 0 || !S_ISDIR(St.st_mode)) {
    Err = "source root '" + RootDir + "' is not a directory";
    return std::nullopt;
  }
  G.Root = SourceRoot(RootDir);

  if (!Opts.BaselineFile.empty()) {
    G.Base = Baseline::read(Opts.BaselineFile, Err);
    if (!G.Base)
      return std::nullopt;
  }
  if (!Opts.ChangedSince.empty()) {
    G.Changed = ChangedLines::fromGit(Opts.ChangedSince, G.Root, Err);
    if (!G.Changed)
      return std::nullopt;
  } else if (!Opts.ChangedLinesFile.empty()) {
    std::ifstream In(Opts.ChangedLinesFile);
    if (!In) {
      Err = "cannot read changed lines '" + Opts.ChangedLinesFile + "'";
      return std::nullopt;
    }
    std::stringstream Text;
    Text << In.rdbuf();
    G.Changed = ChangedLines::parse(Text.str(), G.Root, Err);
    if (!G.Changed) {
      Err = "'" + Opts.ChangedLinesFile + "': " + Err;
      return std::nullopt;
    }
  }
  if (!Opts.WriteBaselineFile.empty()) {
    // Fail now rather than after the analysis if the file cannot be made.
    std::string Why;
    if (!checkOutputFile(Opts.WriteBaselineFile, SpecialFiles::Refuse, Why)) {
      Err = "cannot write baseline '" + Opts.WriteBaselineFile + "': " + Why;
      return std::nullopt;
    }
  }
  return G;
}

bool Gate::apply(AnalysisResult &R, std::string &Err) {
  Fps = fingerprint(R, Root);
  if (!Opts.WriteBaselineFile.empty() &&
      !Baseline::write(Opts.WriteBaselineFile, Baseline::render(R, Fps, Root),
                       Err))
    return false;

  if (Base) {
    std::set<std::string> Found;
    for (const std::vector<std::string> &Row : Fps.Contexts)
      Found.insert(Row.begin(), Row.end());
    for (const std::string &Fp : Base->fingerprints())
      StaleEntries += !Found.count(Fp);
    KnownDropped = keepContexts(
        R, Fps, [&](const Finding &, const Context &, const std::string &Fp) {
          return !Base->contains(Fp);
        });
  }
  if (Changed) {
    UntouchedDropped = keepContexts(
        R, Fps, [&](const Finding &F, const Context &C, const std::string &) {
          if (Changed->touches(F.FlushLoc) || Changed->touches(F.Target.Loc))
            return true;
          for (const PathStep &S : F.Inner)
            if (Changed->touches(S.Loc))
              return true;
          if (Changed->touches(C.Workqueue.Loc) || Changed->touches(C.QueueLoc))
            return true;
          for (const PathStep &S : C.Path)
            if (Changed->touches(S.Loc))
              return true;
          return false;
        });
  }
  return true;
}

bool Gate::fails(const AnalysisResult &R) const {
  // Under --baseline only new pairs are left, so "new" and "any" both fail
  // on what is left; "new" insists on a baseline (see open()).
  return Opts.Fail != FailOn::None && !R.Findings.empty();
}

std::string Gate::summary() const {
  std::string S;
  if (Base)
    S += "wqdep: baseline '" + Opts.BaselineFile + "': " +
         plural(KnownDropped, "known context path", "known context paths") +
         " not reported; " + plural(StaleEntries, "entry", "entries") +
         " no longer found" +
         (StaleEntries ? " (refresh it with --write-baseline)" : "") + "\n";
  if (Changed)
    S += "wqdep: " +
         std::string(Opts.ChangedSince.empty()
                         ? "--changed-lines"
                         : "--changed-since " + Opts.ChangedSince) +
         ": " + plural(UntouchedDropped, "context path", "context paths") +
         " outside the changed lines not reported\n";
  return S;
}

} // namespace wqdep
