//===- Diagnostics.cpp - Findings as LSP diagnostics ----------------------===//
#include "Lsp/Diagnostics.h"
#include "Report/Report.h"

namespace wqdep::lsp {
namespace {

std::string wqName(const WorkqueueRef &W) {
  std::string S = "'" + W.Name + "'";
  if (!W.Key.empty())
    S += " (" + W.Key + ")";
  return S;
}

// The wording of the text report's notes (lib/Report/TextReport.cpp).
RelatedNote allocNote(const WorkqueueRef &W, bool Reclaim,
                      const Location &Fallback) {
  if (W.Builtin)
    return {W.Loc.valid() ? W.Loc : Fallback,
            wqName(W) + " is a system workqueue, allocated without "
                        "WQ_MEM_RECLAIM in workqueue_init_early()"};
  return {W.Loc.valid() ? W.Loc : Fallback,
          "workqueue " + wqName(W) + " is allocated " +
              (Reclaim ? "with" : "without") + " WQ_MEM_RECLAIM here (flags: " +
              flagString(W) + ")"};
}

} // namespace

DiagnosticsByFile diagnosticsByFile(const AnalysisResult &R,
                                    unsigned MaxContexts) {
  DiagnosticsByFile Out;
  for (const Finding &F : R.Findings) {
    if (!F.FlushLoc.valid())
      continue;
    FileDiagnostic D;
    D.Loc = F.FlushLoc;
    D.Message = F.Message;
    auto Note = [&](const Location &L, std::string Msg) {
      D.Related.push_back({L.valid() ? L : F.FlushLoc, std::move(Msg)});
    };
    std::string What = F.TargetWorkItem.empty()
                           ? "workqueue '" + F.Target.Name + "'"
                           : "work item '" + F.TargetWorkItem + "'";
    size_t Shown = 0;
    for (const Context &C : F.Contexts) {
      if (MaxContexts && Shown == MaxContexts)
        break;
      ++Shown;
      D.Related.push_back(allocNote(C.Workqueue, true, F.FlushLoc));
      Note(C.QueueLoc, "work item '" + C.WorkItem + "' (" + C.Function +
                           ") is queued on '" + C.Workqueue.Name +
                           "' here, so " + C.Function +
                           " runs in a WQ_MEM_RECLAIM worker");
      if (C.Path.empty())
        continue;
      for (size_t I = 0; I + 1 < C.Path.size(); ++I) {
        const PathStep &S = C.Path[I], &Next = C.Path[I + 1];
        std::string Msg = S.Function + " calls " + Next.Function;
        if (!Next.Via.empty())
          Msg += " through '" + Next.Via + "'";
        Note(S.Loc, Msg);
      }
      const PathStep &Last = C.Path.back();
      if (F.Inner.empty()) {
        Note(Last.Loc,
             Last.Function + " calls " + F.Api + ", flushing " + What);
        continue;
      }
      Note(Last.Loc, Last.Function + " calls " + F.Inner.front().Function);
      for (size_t I = 0; I < F.Inner.size(); ++I)
        Note(F.Inner[I].Loc,
             I + 1 == F.Inner.size()
                 ? F.Inner[I].Function + " calls " + F.Api + ", flushing " +
                       What
                 : F.Inner[I].Function + " calls " + F.Inner[I + 1].Function);
    }
    if (Shown < F.Contexts.size()) {
      size_t More = F.Contexts.size() - Shown;
      Note(Location(), std::to_string(More) + " more reclaim context" +
                           (More == 1 ? " reaches" : "s reach") +
                           " this flush (run wqdep --format=json for all)");
    }
    D.Related.push_back(allocNote(F.Target, false, F.FlushLoc));
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
        {"code", "wq-flush-dependency"},
        {"message", D.Message},
        {"relatedInformation", std::move(Related)}});
  }
  return Out;
}

} // namespace wqdep::lsp
