//===- Baseline.cpp - Known findings, to report only new ones -------------===//
#include "Gate/Baseline.h"
#include "Report/OutputFile.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace wqdep {

namespace {

/// One line, so that the whole file is in byte order ('#' sorts first).
const char *const Header =
    "# wqdep baseline v1: one (finding, reclaim context path) per line, "
    "<fingerprint> TAB <summary>, sorted; only the fingerprint is read "
    "(wqdep --write-baseline writes it, --baseline reads it; docs/ci.md)\n";

} // namespace

std::optional<Baseline> Baseline::read(const std::string &File,
                                       std::string &Err) {
  std::ifstream In(File);
  if (!In) {
    Err = "cannot read baseline '" + File + "': " + std::strerror(errno);
    return std::nullopt;
  }
  Baseline B;
  std::string Line;
  unsigned No = 0;
  while (std::getline(In, Line)) {
    ++No;
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    if (Line.rfind("# wqdep baseline v", 0) == 0 &&
        Line.rfind("# wqdep baseline v1:", 0) != 0) {
      Err = "baseline '" + File + "' line " + std::to_string(No) +
            ": not a version 1 baseline; write it again with "
            "--write-baseline";
      return std::nullopt;
    }
    if (Line.find_first_not_of(" \t") == std::string::npos || Line[0] == '#')
      continue;
    std::string Fp = Line.substr(0, Line.find('\t'));
    while (!Fp.empty() && Fp.back() == ' ')
      Fp.pop_back();
    if (!isFingerprint(Fp)) {
      Err = "baseline '" + File + "' line " + std::to_string(No) +
            ": expected a fingerprint (16 hex digits) before a tab";
      return std::nullopt;
    }
    B.Known.insert(Fp);
  }
  if (In.bad()) {
    Err = "cannot read baseline '" + File + "'";
    return std::nullopt;
  }
  return B;
}

std::string Baseline::render(const AnalysisResult &R, const Fingerprints &Fps,
                             const SourceRoot &Root) {
  std::vector<std::string> Lines;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    for (size_t J = 0; J < F.Contexts.size(); ++J)
      Lines.push_back(
          Fps.Contexts[I][J] + "\t" +
          contextSummary(F, F.Contexts[J], Fps.Ordinals[I][J], Root));
  }
  std::sort(Lines.begin(), Lines.end());
  std::string Text = Header;
  for (const std::string &L : Lines)
    Text += L + "\n";
  return Text;
}

bool Baseline::write(const std::string &File, const std::string &Text,
                     std::string &Err) {
  // Whole or not at all; through a symbolic link to its target; never over
  // a FIFO or a device, which a later --baseline could not read back.
  if (!writeOutputFile(File, Text, SpecialFiles::Refuse, Err)) {
    Err = "cannot write baseline '" + File + "': " + Err;
    return false;
  }
  return true;
}

} // namespace wqdep
