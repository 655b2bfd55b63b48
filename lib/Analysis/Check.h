//===- Check.h - One check: its contexts, targets, message and metadata -*- C++ -*-===//
//
// A check is one unit: it reads the shared model (contexts, graph,
// effects), finds its own targets, runs reachability, and turns what it
// finds into Findings. Everything the outputs say about a check comes from
// here: the id (text "[id]", JSON "check", SARIF rule id, LSP diagnostic
// code, GitHub annotation title, fingerprints and baselines), the SARIF rule
// texts, and the message of a finding (again after a baseline drops some of
// its contexts). To add a check: write it (lib/Analysis/Checks/, its
// factory declared in Checks/Checks.h, its file in lib/CMakeLists.txt), and
// add one line to registerBuiltinChecks() (CheckRegistry.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_ANALYSIS_CHECK_H
#define WQDEP_ANALYSIS_CHECK_H

#include "Analysis/Contexts.h"
#include "Analysis/Finding.h"

#include <string>
#include <vector>

namespace wqdep {

class AnalysisModel;

/// What reports say about a check.
struct CheckInfo {
  std::string Id; ///< "wq-flush-dependency": lowercase, dash-separated.
  std::string ShortDescription;
  std::string FullDescription;
  std::string HelpText;     ///< Plain text (SARIF help.text).
  std::string HelpMarkdown; ///< SARIF help.markdown.
  std::vector<std::string> Tags; ///< SARIF rule properties.tags.
  std::string Precision = "medium"; ///< SARIF rule properties.precision.
  /// The context kinds the check starts from.
  std::vector<ContextKind> Contexts;
};

class Check {
public:
  virtual ~Check();
  virtual const CheckInfo &info() const = 0;
  /// Appends this check's findings over \p M to \p Out (each with
  /// Check = info().Id and its Message set), in a deterministic order.
  /// Each context's Path starts at the context's function and ends with the
  /// step that makes the finding's call (at least that one step).
  virtual void run(const AnalysisModel &M, std::vector<Finding> &Out) const = 0;
  /// The message of \p F for the contexts it has now.
  virtual std::string message(const Finding &F) const = 0;
};

} // namespace wqdep

#endif
