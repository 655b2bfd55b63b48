//===- Diagnostics.cpp - Findings as LSP diagnostics ----------------------===//
#include "Lsp/Diagnostics.h"
#include "Report/Report.h"

namespace wqdep::lsp {

namespace {

/// "a -> b -[struct ops::cb]-> c -> flush_work": one route on one line.
std::string routeLine(const Finding &F, const std::vector<PathStep> &Steps) {
  std::string S;
  for (size_t I = 0; I < Steps.size(); ++I) {
    if (I)
      S += Steps[I].Via.empty() ? " -> " : " -[" + Steps[I].Via + "]-> ";
    S += Steps[I].Function;
  }
  for (const PathStep &W : F.Inner)
    S += " -> " + W.Function;
  return S + " -> " + (F.Sink && F.Sink->ThroughSlot
                            ? "[" + F.Api + "]"
                            : F.Api);
}

/// Where \p Other leaves \p Best: the call its last step in common makes.
Location divergence(const std::vector<PathStep> &Best,
                    const std::vector<PathStep> &Other) {
  size_t I = 0;
  while (I + 1 < Other.size() && I + 1 < Best.size() &&
         Best[I + 1].Function == Other[I + 1].Function &&
         Best[I + 1].Via == Other[I + 1].Via)
    ++I;
  return Other.empty() ? Location() : Other[I].Loc;
}

} // namespace

std::string diagnosticMessage(const Finding &F) {
  return F.Message + " (" + confidencePhrase(F.Conf) + ")";
}

DiagnosticsByFile diagnosticsByFile(const AnalysisResult &R,
                                    unsigned MaxContexts,
                                    Confidence MinConfidence) {
  DiagnosticsByFile Out;
  for (const Finding &F : R.Findings) {
    if (!F.FlushLoc.valid())
      continue;
    FileDiagnostic D;
    D.Loc = F.FlushLoc;
    D.Check = F.Check;
    D.Message = diagnosticMessage(F);
    D.Severity = F.Level == Severity::Note ? 3 : 2;
    // The notes of the text report (lib/Report), each where it happens; a
    // note with no place (a system workqueue) points at the flush.
    auto Add = [&](const Note &N) {
      D.Related.push_back({N.Loc.valid() ? N.Loc : F.FlushLoc, N.Message});
    };
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (MaxContexts && Shown == MaxContexts)
        break;
      ++Shown;
      for (const Note &N : originNotes(C))
        Add(N);
      std::vector<Route> Routes = contextRoutes(C);
      Note Queued = queueNote(C);
      Queued.Message += " (" + contextConfidencePhrase(C, Routes) + ")";
      Add(Queued);
      if (C.Path.empty())
        continue;
      for (const Note &N : pathNotes(F, C))
        Add(N);
      // Other routes, one entry each (at most --max-routes - 1 of them), at
      // the call where each leaves the best route.
      for (size_t I = 1; I < Routes.size(); ++I)
        Add({divergence(C.Path, Routes[I].Steps),
             routeHeading(C, I, Routes[I]) + ": " +
                 routeLine(F, Routes[I].Steps)});
      std::string More = moreRoutes(C, Routes.size(), MinConfidence,
                                    "--wqdep-");
      if (!More.empty())
        Add({Location(), More});
    }
    if (Shown < F.Contexts.size()) {
      size_t More = F.Contexts.size() - Shown;
      Add({Location(), std::to_string(More) + " more reclaim context" +
                           (More == 1 ? " reaches" : "s reach") +
                           (F.Sink ? " this call" : " this flush") +
                           " (run wqdep --format=json for all)"});
    }
    for (const Note &N : targetNotes(F))
      Add(N);
    Out[F.FlushLoc.File].push_back(std::move(D));
  }
  return Out;
}

llvm::json::Array toLSP(const std::vector<FileDiagnostic> &Diags,
                        const TextSource &Text, OffsetEncoding E) {
  auto Range = [&](const Location &L) {
    std::optional<llvm::StringRef> Line;
    if (std::optional<llvm::StringRef> T = Text(L.File))
      Line = lineOf(*T, int64_t(L.Line) - 1);
    return tokenRange(L.Line, L.Column, Line, E);
  };
  llvm::json::Array Out;
  for (const FileDiagnostic &D : Diags) {
    llvm::json::Array Related;
    for (const RelatedNote &N : D.Related)
      Related.push_back(llvm::json::Object{
          {"location", llvm::json::Object{{"uri", pathToUri(N.Loc.File)},
                                          {"range", Range(N.Loc)}}},
          {"message", N.Message}});
    Out.push_back(llvm::json::Object{
        {"range", Range(D.Loc)},
        {"severity", D.Severity},
        {"source", "wqdep"},
        {"code", D.Check},
        {"message", D.Message},
        {"relatedInformation", std::move(Related)}});
  }
  return Out;
}

} // namespace wqdep::lsp
