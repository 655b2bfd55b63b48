//===- Gate.h - The CI gate between analysis and report ---------*- C++ -*-===//
//
// What turns wqdep into a merge check (docs/ci.md): fingerprint every
// (finding, reclaim context path) pair, record them all in a baseline
// (--write-baseline), keep only the pairs a baseline does not know
// (--baseline) and those whose path, flush site or workqueue allocations a
// change touched (--changed-since, --changed-lines), and decide from what is
// left whether the run fails (--fail-on).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GATE_GATE_H
#define WQDEP_GATE_GATE_H

#include "Analysis/CheckRegistry.h"
#include "Analysis/Finding.h"
#include "Gate/Baseline.h"
#include "Gate/ChangedLines.h"
#include "Report/Fingerprint.h"
#include "Report/SourceRoot.h"

#include <algorithm>
#include <optional>
#include <string>

namespace wqdep {

/// When findings fail the run (--fail-on).
enum class FailOn { None, New, Any };

/// What the command line asked of the gate.
struct GateOptions {
  std::string SourceRoot;   ///< --source-root; empty: the current directory.
  std::string BaselineFile; ///< --baseline
  std::string WriteBaselineFile; ///< --write-baseline
  std::string ChangedSince;      ///< --changed-since <git revision>
  std::string ChangedLinesFile;  ///< --changed-lines <diff or file list>
  FailOn Fail = FailOn::Any;
};

/// The CI gate: opened (options checked, baseline and changed lines read)
/// before the analysis, applied to its result before rendering.
class Gate {
public:
  /// Checks \p Opts and reads the baseline and the changed lines, so bad
  /// input fails before the long analysis. Sets \p Err (one line) on error.
  static std::optional<Gate> open(const GateOptions &Opts, std::string &Err);

  /// Writes the baseline of all of \p R (--write-baseline), then drops from
  /// \p R the context paths the baseline knows or the change did not touch,
  /// and the findings left without any. Sets \p Err when the baseline cannot
  /// be written.
  bool apply(AnalysisResult &R, std::string &Err);

  const SourceRoot &root() const { return Root; }
  /// The fingerprints of what apply() left in the result.
  const Fingerprints &fingerprints() const { return Fps; }
  bool baselineApplied() const { return Base.has_value(); }

  /// Whether the findings left in \p R fail the run under --fail-on.
  bool fails(const AnalysisResult &R) const;

  /// What apply() left out, for standard error; empty when nothing was.
  std::string summary() const;

private:
  GateOptions Opts;
  SourceRoot Root;
  std::optional<Baseline> Base;
  std::optional<ChangedLines> Changed;
  Fingerprints Fps;
  size_t KnownDropped = 0, StaleEntries = 0, UntouchedDropped = 0;
};

/// Keeps the contexts for which \p Keep(finding, context, fingerprint)
/// holds, drops findings left without contexts, and keeps \p Fps, the
/// "findings" counter and each finding's message in step with \p R.
/// Returns how many contexts were dropped.
template <typename Pred>
size_t keepContexts(AnalysisResult &R, Fingerprints &Fps, Pred Keep);


template <typename Pred>
size_t keepContexts(AnalysisResult &R, Fingerprints &Fps, Pred Keep) {
  size_t Dropped = 0, Out = 0;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    Finding &F = R.Findings[I];
    std::vector<Context> Ctxs;
    std::vector<std::string> Ids;
    std::vector<unsigned> Ords;
    for (size_t J = 0; J < F.Contexts.size(); ++J) {
      if (!Keep(F, F.Contexts[J], Fps.Contexts[I][J])) {
        ++Dropped;
        continue;
      }
      Ctxs.push_back(std::move(F.Contexts[J]));
      Ids.push_back(Fps.Contexts[I][J]);
      Ords.push_back(Fps.Ordinals[I][J]);
    }
    if (Ctxs.empty())
      continue;
    bool Changed = Ctxs.size() != F.Contexts.size();
    F.Contexts = std::move(Ctxs);
    if (Changed) {
      F.Message = findingMessage(F);
      // The best of the contexts left (they stay best first).
      F.Conf = F.Contexts.front().Conf;
      for (const Context &C : F.Contexts)
        F.Conf = std::max(F.Conf, C.Conf);
    }
    if (Out != I)
      R.Findings[Out] = std::move(F);
    Fps.Contexts[Out] = std::move(Ids);
    Fps.Ordinals[Out] = std::move(Ords);
    ++Out;
  }
  R.Findings.resize(Out);
  Fps.Contexts.resize(Out);
  Fps.Ordinals.resize(Out);
  // Findings stay sorted best confidence first, then by place, as analyze()
  // sorts them; a finding that lost its best contexts moves down.
  std::vector<size_t> Order(Out);
  for (size_t I = 0; I < Out; ++I)
    Order[I] = I;
  std::stable_sort(Order.begin(), Order.end(), [&](size_t L, size_t R2) {
    const Finding &A = R.Findings[L], &B = R.Findings[R2];
    if (A.Conf != B.Conf)
      return A.Conf > B.Conf;
    return A.FlushLoc < B.FlushLoc;
  });
  bool Sorted = true;
  for (size_t I = 0; I < Out; ++I)
    Sorted &= Order[I] == I;
  if (!Sorted) {
    std::vector<Finding> Fs;
    std::vector<std::vector<std::string>> Ids;
    std::vector<std::vector<unsigned>> Ords;
    for (size_t I : Order) {
      Fs.push_back(std::move(R.Findings[I]));
      Ids.push_back(std::move(Fps.Contexts[I]));
      Ords.push_back(std::move(Fps.Ordinals[I]));
    }
    R.Findings = std::move(Fs);
    Fps.Contexts = std::move(Ids);
    Fps.Ordinals = std::move(Ords);
  }
  for (auto &[Name, Value] : R.Counters)
    if (Name == "findings")
      Value = Out;
  return Dropped;
}

} // namespace wqdep

#endif
