//===- Diagnostics.cpp - Findings as LSP diagnostics ----------------------===//
#include "Lsp/Diagnostics.h"
#include "Report/Report.h"

namespace wqdep::lsp {

DiagnosticsByFile diagnosticsByFile(const AnalysisResult &R,
                                    unsigned MaxContexts) {
  DiagnosticsByFile Out;
  for (const Finding &F : R.Findings) {
    if (!F.FlushLoc.valid())
      continue;
    FileDiagnostic D;
    D.Loc = F.FlushLoc;
    D.Check = F.Check;
    D.Message = F.Message;
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
      Add(allocNote(C.Workqueue, /*Reclaim=*/true));
      Add(queueNote(C));
      if (C.Path.empty())
        continue;
      for (const Note &N : pathNotes(F, C))
        Add(N);
    }
    if (Shown < F.Contexts.size()) {
      size_t More = F.Contexts.size() - Shown;
      Add({Location(), std::to_string(More) + " more reclaim context" +
                           (More == 1 ? " reaches" : "s reach") +
                           " this flush (run wqdep --format=json for all)"});
    }
    Add(allocNote(F.Target, /*Reclaim=*/false));
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
        {"severity", 2},
        {"source", "wqdep"},
        {"code", D.Check},
        {"message", D.Message},
        {"relatedInformation", std::move(Related)}});
  }
  return Out;
}

} // namespace wqdep::lsp
