//===- HtmlReport.cpp - A static HTML report directory --------------------===//
//
// index.html (what was analysed, counts, what the run could not see, and a
// findings table that report.js sorts and filters from the URL's hash) and
// one page per finding. A finding page carries its routes and the source
// lines around every step as one JSON data island, each string and each
// source line once, which report.js turns into steps, highlighted snippets
// and an SVG diagram: a finding of the 6.12 tree has thousands of steps
// through a few hundred distinct calls, and a page must stay far below
// 1 MB. Nothing is fetched at view time: the directory opens from the file
// system. See docs/output.md, "HTML".
//
//===----------------------------------------------------------------------===//
#include "Report/Report.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unistd.h>

namespace wqdep {
namespace {

#include "HtmlAssets.inc"

/// Valid UTF-8, whatever a file or an object name holds.
std::string utf8(const std::string &S) {
  return llvm::json::isUTF8(S) ? S : llvm::json::fixUTF8(S);
}

/// Text and attribute values.
std::string esc(const std::string &Raw) {
  std::string S = utf8(Raw), Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&': Out += "&amp;"; break;
    case '<': Out += "&lt;"; break;
    case '>': Out += "&gt;"; break;
    case '"': Out += "&quot;"; break;
    case '\'': Out += "&#39;"; break;
    default:
      if ((unsigned char)C < 0x20 && C != '\n' && C != '\t')
        Out += fmt::format("\\x{:02x}", unsigned((unsigned char)C));
      else
        Out += C;
    }
  }
  return Out;
}

/// A value in the URL hash report.js reads (key=value&...).
std::string hashValue(const std::string &S) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char C : S) {
    if (isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/' || C == ':') {
      Out += C;
    } else {
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

/// A JSON text safe inside <script>: no '<' at all, so neither "</script>"
/// nor "<!--" can end or change the element.
std::string scriptJson(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  OS.flush();
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    if (C == '<')
      Out += "\\u003c";
    else
      Out += C;
  }
  return Out;
}

std::string plural(uint64_t N, const char *One, const char *Many) {
  return fmt::format("{} {}", N, N == 1 ? One : Many);
}

/// The reclaim context, as the index and the page name it.
std::string contextLabel(const Context &C) {
  return C.isTask() ? "PF_MEMALLOC:" + C.Function
                    : C.Workqueue.Name + ":" + C.Function;
}

std::string targetName(const Finding &F) {
  if (F.Sink)
    return F.Api;
  std::string S = F.Target.Name;
  if (!F.TargetWorkFunctions.empty())
    S += ":" + F.TargetWorkFunctions.front();
  return S;
}

/// The files of the report, their lines read once.
class SourceCache {
public:
  /// The lines of \p File, or null with \p Why set when it cannot be read.
  const std::vector<std::string> *lines(const std::string &File,
                                        std::string &Why) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      Entry E;
      auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
      if (!Buf) {
        E.Error = Buf.getError().message();
      } else {
        llvm::StringRef Text = (*Buf)->getBuffer();
        while (!Text.empty()) {
          auto [Line, Rest] = Text.split('\n');
          E.Lines.push_back(Line.rtrim('\r').str());
          Text = Rest;
        }
      }
      It = Files.emplace(File, std::move(E)).first;
    }
    Why = It->second.Error;
    return It->second.Error.empty() ? &It->second.Lines : nullptr;
  }

private:
  struct Entry {
    std::vector<std::string> Lines;
    std::string Error;
  };
  std::map<std::string, Entry> Files;
};

/// One finding page's data island: strings, files and their needed lines
/// held once, steps as index tuples (report.js, "page data").
class PageData {
public:
  PageData(const HtmlOptions &O, SourceCache &Src) : O(O), Src(Src) {}

  unsigned str(const std::string &S) {
    auto [It, New] = StrIds.emplace(S, Strings.size());
    if (New)
      Strings.push_back(utf8(S));
    return It->second;
  }

  /// [file, line, column], the lines around it kept; null if invalid.
  llvm::json::Value loc(const Location &L) {
    if (!L.valid())
      return nullptr;
    unsigned F = file(L.File);
    FileInfo &FI = FileList[F];
    if (FI.Lines) {
      unsigned N = FI.Lines->size();
      unsigned From = L.Line > O.ContextLines ? L.Line - O.ContextLines : 1;
      for (unsigned I = From; I <= L.Line + O.ContextLines && I <= N; ++I)
        FI.Needed.insert(I);
    }
    return llvm::json::Array{F, L.Line, L.Column};
  }

  /// [function, location, how, via, candidates, words]
  llvm::json::Value step(const PathStep &S) {
    return llvm::json::Array{str(S.Function), loc(S.Loc),
                             str(resolutionName(S.How)), str(S.Via),
                             S.Candidates, str(resolutionWords(S))};
  }

  llvm::json::Value workqueue(const WorkqueueRef &W, bool Reclaim) {
    Note N = allocNote(W, Reclaim);
    return llvm::json::Object{{"name", str(W.Name)},
                              {"key", str(W.Key)},
                              {"note", str(N.Message)},
                              {"loc", loc(W.Loc)}};
  }

  llvm::json::Value files() {
    llvm::json::Array A;
    for (FileInfo &FI : FileList) {
      llvm::json::Object Obj{{"path", utf8(O.Root.display(FI.Path))}};
      if (!FI.Lines) {
        Obj["error"] = utf8(FI.Error);
      } else {
        // Runs of consecutive lines: [first line number, text...].
        llvm::json::Array Runs, Run;
        unsigned Prev = 0;
        for (unsigned L : FI.Needed) {
          if (L != Prev + 1 && !Run.empty()) {
            Runs.push_back(std::move(Run));
            Run = llvm::json::Array();
          }
          if (Run.empty())
            Run.push_back(L);
          std::string Text = (*FI.Lines)[L - 1];
          if (Text.size() > MaxLine)
            Text = Text.substr(0, MaxLine) + "\xE2\x80\xA6";
          Run.push_back(utf8(Text));
          Prev = L;
        }
        if (!Run.empty())
          Runs.push_back(std::move(Run));
        Obj["runs"] = std::move(Runs);
      }
      A.push_back(std::move(Obj));
    }
    return A;
  }

  llvm::json::Value strings() {
    llvm::json::Array A;
    for (const std::string &S : Strings)
      A.push_back(S);
    return A;
  }

private:
  static constexpr size_t MaxLine = 240;

  unsigned file(const std::string &Path) {
    auto [It, New] = FileIds.emplace(Path, FileList.size());
    if (New) {
      FileInfo FI;
      FI.Path = Path;
      FI.Lines = Src.lines(Path, FI.Error);
      FileList.push_back(std::move(FI));
    }
    return It->second;
  }

  struct FileInfo {
    std::string Path;
    const std::vector<std::string> *Lines = nullptr;
    std::string Error;
    std::set<unsigned> Needed;
  };
  const HtmlOptions &O;
  SourceCache &Src;
  std::vector<std::string> Strings;
  std::map<std::string, unsigned> StrIds;
  std::vector<FileInfo> FileList;
  std::map<std::string, unsigned> FileIds;
};

std::string pageName(size_t I) { return fmt::format("finding-{}.html", I + 1); }

std::string head(const std::string &Title, const HtmlOptions &O) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"generator\" content=\"wqdep {}\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; script-src 'self'; style-src 'self'; img-src 'self' data:\">\n"
      "<title>{}</title>\n<link rel=\"stylesheet\" href=\"report.css\">\n"
      "<script src=\"report.js\" defer></script>\n</head>\n",
      esc(O.ToolVersion), esc(Title));
}

std::string confBadge(Confidence C) {
  return fmt::format("<span class=\"conf conf-{0}\">{0}</span>",
                     confidenceName(C));
}

std::string locText(const Location &L, const SourceRoot &Root) {
  if (!L.valid())
    return "";
  return fmt::format("{}:{}:{}", Root.display(L.File), L.Line, L.Column);
}

/// A count table: name, count, a link to the findings it filters.
void countTable(std::string &H, const char *Id, const char *Title,
                const char *Key,
                const std::vector<std::pair<std::string, size_t>> &Rows) {
  // The first rows, and the rest folded: the table of findings must stay
  // in sight on a tree with a hundred contexts.
  constexpr size_t Shown = 8;
  H += fmt::format("<section class=\"counts\" id=\"{}\"><h3>{}</h3><table>",
                   Id, Title);
  for (size_t I = 0; I < Rows.size(); ++I) {
    if (I == Shown)
      H += fmt::format("</table><details><summary>{} more</summary><table>",
                       Rows.size() - Shown);
    H += fmt::format("<tr><td><a href=\"#{}={}\">{}</a></td><td "
                     "class=\"num\">{}</td></tr>",
                     Key, esc(hashValue(Rows[I].first)), esc(Rows[I].first),
                     Rows[I].second);
  }
  H += Rows.size() > Shown ? "</table></details></section>\n"
                           : "</table></section>\n";
}

void scopeList(std::string &H, const std::string &Title,
               const std::vector<std::string> &Items, const SourceRoot &Root) {
  constexpr size_t Shown = 200;
  if (Items.empty())
    return;
  H += fmt::format("<details class=\"scope-list\"><summary>{}</summary><ul>",
                   esc(Title));
  for (size_t I = 0; I < Items.size() && I < Shown; ++I)
    H += "<li><code>" + esc(Root.portableKey(Items[I])) + "</code></li>";
  if (Items.size() > Shown)
    H += fmt::format("<li>and {} more</li>", Items.size() - Shown);
  H += "</ul></details>\n";
}

std::string renderIndex(const AnalysisResult &R, const HtmlOptions &O) {
  auto Counter = [&](const char *Name) -> uint64_t {
    for (const auto &[N, V] : R.Counters)
      if (N == Name)
        return V;
    return 0;
  };
  std::string H = head("wqdep report", O);
  H += "<body class=\"index\" data-page=\"index\">\n<header><h1>wqdep "
       "report</h1>\n";
  const Scope &S = R.Coverage;
  H += fmt::format(
      "<p class=\"analysed\" id=\"analysed\">{} analysed ({} failed), {}, "
      "{}; {}; wqdep {}{}.</p>\n",
      plural(Counter("translation_units"), "translation unit",
             "translation units"),
      S.FailedUnits.size(), plural(Counter("functions"), "function", "functions"),
      plural(Counter("reclaim_contexts"), "reclaim context",
             "reclaim contexts"),
      O.Seconds >= 0 ? fmt::format("{:.1f} s", O.Seconds) : std::string("-"),
      esc(O.ToolVersion),
      O.Root.path().empty() ? ""
                            : ", files relative to <code>" +
                                  esc(O.Root.path()) + "</code>");
  size_t NewCount = 0;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    bool New = !O.BaselineApplied;
    for (size_t J = 0; J < R.Findings[I].Contexts.size(); ++J)
      New |= !O.isBaselined(I, J);
    NewCount += New;
  }
  H += fmt::format("<p class=\"total\" id=\"total\">{}{}.</p>\n</header>\n",
                   plural(R.Findings.size(), "finding", "findings"),
                   O.BaselineApplied
                       ? fmt::format(", {} new (not in the baseline)",
                                     NewCount)
                       : "");

  // Counts.
  std::map<std::string, size_t> ByCheck, ByTarget, ByContext;
  std::map<Confidence, size_t> ByConf;
  for (const Finding &F : R.Findings) {
    ++ByCheck[F.Check];
    ++ByConf[F.Conf];
    ++ByTarget[F.Sink ? F.Api : F.Target.Name];
    std::set<std::string> Seen;
    for (const Context &C : F.Contexts)
      if (Seen.insert(contextLabel(C)).second)
        ++ByContext[contextLabel(C)];
  }
  auto Sorted = [](const std::map<std::string, size_t> &M) {
    std::vector<std::pair<std::string, size_t>> V(M.begin(), M.end());
    std::stable_sort(V.begin(), V.end(), [](const auto &A, const auto &B) {
      return A.second > B.second;
    });
    return V;
  };
  H += "<div class=\"count-tables\">\n";
  countTable(H, "by-check", "By check", "check", Sorted(ByCheck));
  std::vector<std::pair<std::string, size_t>> Conf;
  for (Confidence C :
       {Confidence::Direct, Confidence::Narrowed, Confidence::Wide})
    Conf.push_back({confidenceName(C), ByConf[C]});
  countTable(H, "by-confidence", "By confidence", "conf", Conf);
  countTable(H, "by-target", "By target workqueue", "target", Sorted(ByTarget));
  countTable(H, "by-context", "By reclaim context", "context",
             Sorted(ByContext));
  H += "</div>\n";

  // What the run could not see.
  H += "<section id=\"scope\"><h2>What this report could not see</h2><ul>";
  H += fmt::format("<li id=\"scope-failed\">{} of {} failed: their code is "
                   "missing from the program</li>",
                   S.FailedUnits.size(),
                   plural(S.Units, "translation unit", "translation units"));
  H += fmt::format("<li id=\"scope-unresolved\">{} of {} through function "
                   "pointers resolve to nothing wqdep saw</li>",
                   S.UnresolvedCalls,
                   plural(S.IndirectCalls, "call", "calls"));
  H += fmt::format("<li id=\"scope-flags\">{} of {} have flags that are not a "
                   "constant: never a context or a target</li>",
                   S.UnknownFlagWorkqueues.size(),
                   plural(S.Workqueues, "workqueue", "workqueues"));
  H += fmt::format("<li id=\"scope-unbound\">{} of {} queued are bound to no "
                   "function wqdep saw: their workers are no context</li>",
                   S.UnboundWorkItems.size(),
                   plural(S.QueuedWorkItems, "work item", "work items"));
  H += fmt::format("<li id=\"scope-queues\">{} of {} queue a work item on a "
                   "workqueue wqdep could not tie to an allocation</li>",
                   S.QueueSitesUnknownWorkqueue,
                   plural(S.QueueSites, "queue site", "queue sites"));
  H += "</ul>\n";
  scopeList(H, "Failed translation units", S.FailedUnits, O.Root);
  scopeList(H, "Workqueues with flags that are not a constant",
            S.UnknownFlagWorkqueues, O.Root);
  scopeList(H, "Unbound work items", S.UnboundWorkItems, O.Root);
  H += "<details class=\"scope-list\"><summary>Statistics</summary><table>";
  for (const auto &[Name, V] : R.Counters)
    H += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                     esc(Name), V);
  H += "</table></details></section>\n";

  // Filters (report.js fills and applies them; the hash keeps them).
  auto Select = [&](const char *Key, const char *Label,
                    const std::vector<std::string> &Values) {
    std::string Sel = fmt::format(
        "<label>{} <select data-filter=\"{}\"><option value=\"\">any</option>",
        Label, Key);
    for (const std::string &V : Values)
      Sel += fmt::format("<option value=\"{0}\">{0}</option>", esc(V));
    return Sel + "</select></label>\n";
  };
  auto Keys = [](const std::map<std::string, size_t> &M) {
    std::vector<std::string> V;
    for (const auto &[K, N] : M)
      V.push_back(K);
    return V;
  };
  H += "<section id=\"findings\"><h2>Findings</h2>\n<form class=\"filters\" "
       "id=\"filters\">\n";
  H += Select("check", "check", Keys(ByCheck));
  H += Select("conf", "confidence", {"direct", "narrowed", "wide"});
  H += Select("target", "target", Keys(ByTarget));
  H += Select("context", "context", Keys(ByContext));
  H += "<label>file or directory <input type=\"search\" data-filter=\"file\" "
       "placeholder=\"fs/xfs/\"></label>\n";
  if (O.BaselineApplied)
    H += Select("state", "baseline", {"new", "baselined"});
  H += "<output id=\"shown\"></output>\n</form>\n";

  H += "<table class=\"findings\" id=\"findings-table\"><thead><tr>"
       "<th data-sort=\"n\" data-type=\"num\">#</th>"
       "<th data-sort=\"conf\" data-type=\"num\">confidence</th>"
       "<th data-sort=\"check\">check</th>"
       "<th data-sort=\"file\">flush site</th>"
       "<th data-sort=\"target\">target</th>"
       "<th data-sort=\"contexts\" data-type=\"num\">contexts</th>"
       "<th data-sort=\"steps\" data-type=\"num\">calls</th>";
  if (O.BaselineApplied)
    H += "<th data-sort=\"state\">baseline</th>";
  H += "</tr></thead>\n<tbody>\n";
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    std::string File = O.Root.display(F.FlushLoc.File);
    std::set<std::string> Ctxs;
    size_t Shortest = SIZE_MAX, New = 0;
    for (size_t J = 0; J < F.Contexts.size(); ++J) {
      Ctxs.insert(contextLabel(F.Contexts[J]));
      Shortest = std::min(Shortest, F.Contexts[J].Path.size());
      New += !O.isBaselined(I, J);
    }
    if (Shortest == SIZE_MAX)
      Shortest = 0;
    // The contexts as a JSON array (report.js's context filter), and as
    // lines for the cell's tooltip.
    llvm::json::Array CtxList;
    std::string CtxLines;
    for (const std::string &C : Ctxs) {
      CtxList.push_back(utf8(C));
      CtxLines += (CtxLines.empty() ? "" : "\n") + C;
    }
    std::string CtxAttr;
    llvm::raw_string_ostream(CtxAttr) << llvm::json::Value(std::move(CtxList));
    const std::string State = New ? "new" : "baselined";
    H += fmt::format(
        "<tr class=\"finding\" data-n=\"{}\" data-check=\"{}\" data-conf=\"{}\" "
        "data-conf-rank=\"{}\" data-target=\"{}\" data-context=\"{}\" "
        "data-file=\"{}\" data-contexts=\"{}\" data-steps=\"{}\" "
        "data-state=\"{}\">",
        I + 1, esc(F.Check), confidenceName(F.Conf), int(F.Conf),
        esc(F.Target.Name), esc(CtxAttr), esc(File), F.Contexts.size(),
        Shortest, State);
    H += fmt::format("<td class=\"num\"><a href=\"{}\">{}</a></td>",
                     pageName(I), I + 1);
    H += "<td>" + confBadge(F.Conf) + "</td>";
    H += "<td>" + esc(F.Check) + "</td>";
    H += fmt::format("<td><a href=\"{}\" class=\"site\">{}:{}</a><br><code>{}"
                     "</code> calls <code>{}</code></td>",
                     pageName(I), esc(File), F.FlushLoc.Line,
                     esc(F.FlushFunction), esc(F.Api));
    H += fmt::format("<td><code>{}</code>{}</td>", esc(targetName(F)),
                     F.TargetWorkItem.empty()
                         ? std::string(" (whole workqueue)")
                         : "<br><small>" + esc(F.TargetWorkItem) + "</small>");
    H += fmt::format("<td class=\"num\" title=\"{}\">{}<br><small>{}{}</small>"
                     "</td>",
                     esc(CtxLines), F.Contexts.size(),
                     F.Contexts.empty() ? "" : esc(contextLabel(F.Contexts[0])),
                     F.Contexts.size() > 1 ? ", ..." : "");
    H += fmt::format("<td class=\"num\">{}</td>", Shortest);
    if (O.BaselineApplied)
      H += fmt::format("<td class=\"state state-{0}\">{0}{1}</td>", State,
                       New && New < F.Contexts.size()
                           ? fmt::format(" ({} of {} contexts)", New,
                                         F.Contexts.size())
                           : "");
    H += "</tr>\n";
  }
  H += "</tbody></table>\n";
  if (R.Findings.empty())
    H += "<p class=\"none\" id=\"no-findings\">No findings.</p>\n";
  H += "</section>\n<noscript><p>Sorting and filtering need "
       "JavaScript.</p></noscript>\n</body>\n</html>\n";
  return H;
}

std::string renderFinding(const AnalysisResult &R, size_t I,
                          const HtmlOptions &O, SourceCache &Src) {
  const Finding &F = R.Findings[I];
  PageData D(O, Src);
  std::string H = head(fmt::format("wqdep: {}", F.Message), O);
  H += fmt::format("<body class=\"finding-page\" data-page=\"finding\" "
                   "data-finding=\"{}\">\n",
                   I + 1);
  H += "<nav class=\"top\"><a href=\"index.html\">all findings</a>";
  if (I > 0)
    H += fmt::format(" <a href=\"{}\" rel=\"prev\">previous finding</a>",
                     pageName(I - 1));
  if (I + 1 < R.Findings.size())
    H += fmt::format(" <a href=\"{}\" rel=\"next\">next finding</a>",
                     pageName(I + 1));
  H += "</nav>\n<header>\n";
  H += fmt::format("<h1 id=\"message\">{}</h1>\n", esc(F.Message));
  H += fmt::format("<p class=\"meta\">{} <span class=\"check\">{}</span> "
                   "finding {} of {}: <code>{}</code> calls <code>{}</code> at "
                   "<span class=\"loc\">{}</span></p>\n",
                   confBadge(F.Conf), esc(F.Check), I + 1, R.Findings.size(),
                   esc(F.FlushFunction), esc(F.Api),
                   esc(locText(F.FlushLoc, O.Root)));
  H += "<div class=\"place\" data-ref=\"flush\"></div>\n</header>\n";

  // The target: static text, its allocation's snippet from the data.
  if (F.Sink) {
    H += "<section id=\"target\"><h2>Sink</h2>\n";
    H += fmt::format("<p><code>{}</code> calls {}<code>{}</code>: front-end "
                     "file I/O {} a filesystem {}.</p>\n",
                     esc(F.FlushFunction),
                     F.Sink->ThroughSlot ? "through " : "", esc(F.Api),
                     F.Sink->Write ? "into" : "from", esc(F.Sink->Missing));
    for (const Note &N : targetNotes(F))
      H += fmt::format("<p class=\"note\">{}</p>\n", esc(N.Message));
    H += "<div class=\"place\" data-ref=\"target\"></div>\n</section>\n";
  } else {
    Note Alloc = allocNote(F.Target, /*Reclaim=*/false);
    H += "<section id=\"target\"><h2>Target</h2>\n";
    H += fmt::format("<p>Flushes {}{}.</p>\n",
                     F.TargetWorkItem.empty()
                         ? "workqueue <code>" + esc(F.Target.Name) + "</code>"
                         : "work item <code>" + esc(F.TargetWorkItem) + "</code>",
                     F.TargetWorkFunctions.empty()
                         ? ""
                         : " (work function" +
                               std::string(F.TargetWorkFunctions.size() > 1
                                               ? "s"
                                               : "") +
                               " <code>" +
                               esc([&] {
                                 std::string S;
                                 for (const std::string &Fn :
                                      F.TargetWorkFunctions)
                                   S += (S.empty() ? "" : ", ") + Fn;
                                 return S;
                               }()) +
                               "</code>)");
    H += fmt::format("<div class=\"place\" data-ref=\"target\"><p class=\"note\">"
                     "{}</p><p class=\"loc\">{}</p></div>\n",
                     esc(Alloc.Message), esc(locText(F.Target.Loc, O.Root)));
    H += "</section>\n";
  }

  // Contexts: summaries static, routes from the data.
  H += fmt::format("<section id=\"contexts\"><h2>{} reaching this {}</h2>\n",
                   plural(F.Contexts.size(), "reclaim context",
                          "reclaim contexts"),
                   F.Sink ? "call" : "flush");
  H += "<p class=\"legend\">Each step is a function and the call it makes; "
       "the label says how the call into it was resolved. Routes are best "
       "first: fewest wide hops, then fewest calls.</p>\n";
  llvm::json::Array Ctxs;
  for (size_t J = 0; J < F.Contexts.size(); ++J) {
    const Context &C = F.Contexts[J];
    bool Baselined = O.isBaselined(I, J);
    H += fmt::format(
        "<details class=\"context\" id=\"c{0}\" data-context=\"{1}\"{2}>"
        "<summary><span class=\"cn\">context {0}</span> {3} "
        "<code>{4}</code> in <code>{5}</code>: {6}, {7}{8}{9}</summary>\n"
        "<div class=\"context-body\" data-ctx=\"{1}\"><noscript>The routes "
        "need JavaScript.</noscript></div></details>\n",
        J + 1, J, J == 0 ? " open" : "", confBadge(C.Conf), esc(C.Function),
        C.isTask() ? "PF_MEMALLOC task" : esc(C.Workqueue.Name),
        plural(C.Path.size(), "call", "calls"),
        C.RouteCountIsLowerBound
            ? fmt::format("at least {} routes", C.RouteCount)
            : plural(C.RouteCount, "route", "routes"),
        C.WideHops ? ", " + plural(C.WideHops, "wide hop", "wide hops") : "",
        O.BaselineApplied ? (Baselined ? " <span class=\"state "
                                         "state-baselined\">baselined</span>"
                                       : " <span class=\"state "
                                         "state-new\">new</span>")
                          : "");
    llvm::json::Array Routes;
    auto Route = [&](const std::vector<PathStep> &Steps, Confidence Conf,
                     unsigned Wide) {
      llvm::json::Array A;
      for (const PathStep &S : Steps)
        A.push_back(D.step(S));
      Routes.push_back(llvm::json::Object{{"conf", confidenceName(Conf)},
                                          {"wide", Wide},
                                          {"steps", std::move(A)}});
    };
    Route(C.Path, C.PathConf, C.WideHops);
    for (const wqdep::Route &Other : C.OtherRoutes)
      Route(Other.Steps, Other.Conf, Other.WideHops);
    Ctxs.push_back(llvm::json::Object{
        {"wq", C.isTask()
                   ? llvm::json::Value(llvm::json::Object{
                         {"name", D.str(C.TaskFlags)},
                         {"key", D.str("")},
                         {"note", D.str("")},
                         {"loc", D.loc(Location())}})
                   : D.workqueue(C.Workqueue, /*Reclaim=*/true)},
        {"item", D.str(C.WorkItem)},
        {"fn", D.str(C.Function)},
        {"kind", D.str(C.Kind)},
        {"queue", D.loc(C.QueueLoc)},
        {"queueNote", D.str(queueNote(C).Message)},
        {"conf", confidenceName(C.Conf)},
        {"routeCount", C.RouteCount},
        {"lowerBound", C.RouteCountIsLowerBound},
        {"baselined", O.BaselineApplied && Baselined},
        {"routes", std::move(Routes)}});
  }
  H += "</section>\n";

  llvm::json::Array Inner;
  for (const PathStep &S : F.Inner)
    Inner.push_back(D.step(S));
  llvm::json::Object Data{
      {"finding", I + 1},
      {"api", D.str(F.Api)},
      {"flush", D.loc(F.FlushLoc)},
      {"what", D.str(F.Sink ? std::string("front-end file I/O ") +
                                  (F.Sink->Write ? "into" : "from") +
                                  " a filesystem " + F.Sink->Missing
                     : F.TargetWorkItem.empty()
                         ? "flushing workqueue '" + F.Target.Name + "'"
                         : "flushing work item '" + F.TargetWorkItem + "'")},
      {"inner", std::move(Inner)},
      {"target", D.workqueue(F.Target, /*Reclaim=*/false)},
      {"contexts", std::move(Ctxs)}};
  // After every loc() call: files() holds exactly the lines used.
  Data["files"] = D.files();
  Data["strings"] = D.strings();
  H += "<script type=\"application/json\" id=\"wqdep-data\">" +
       scriptJson(llvm::json::Value(std::move(Data))) + "</script>\n";
  H += "</body>\n</html>\n";
  return H;
}

} // namespace

std::string resolutionWords(const PathStep &S) {
  std::string Slot = "'" + S.Via + "'";
  switch (S.How) {
  case Resolution::Start:
    return "runs in the worker";
  case Resolution::Direct:
    return "called directly";
  case Resolution::OnlyStore:
    return "through " + Slot + ": the only function stored into it";
  case Resolution::AllStores:
    return S.Candidates > 1
               ? fmt::format("through {}: one of all {} functions stored "
                             "into it (a wide hop)",
                             Slot, S.Candidates)
               : "through " + Slot + ": the only function stored into it";
  case Resolution::Callback:
    return "through " + Slot + ": a function pointer passed down this route";
  case Resolution::WorkBinding:
    return "through work->func(): the work item is bound to it";
  case Resolution::Model:
    return fmt::format("through {}: one of {} functions the model file lists "
                       "for this call",
                       Slot, S.Candidates);
  case Resolution::Chain:
    return fmt::format("through {}: one of {} functions registered on the "
                       "chain",
                       Slot, S.Candidates);
  case Resolution::Queued:
    return "queued: work item '" + S.Via +
           "' is queued by the step before, and its worker runs this "
           "function in a task of its own";
  }
  return "";
}

bool HtmlOptions::isBaselined(size_t Finding, size_t Ctx) const {
  return BaselineApplied && Finding < Baselined.size() &&
         Ctx < Baselined[Finding].size() && Baselined[Finding][Ctx];
}

std::vector<ReportFile> renderHtml(const AnalysisResult &Raw,
                                   const HtmlOptions &O) {
  // Static objects' keys name files relative to the root, as SARIF does.
  AnalysisResult R = portableKeys(Raw, O.Root);
  std::vector<ReportFile> Files;
  Files.push_back({"report.css", ReportCss});
  Files.push_back({"report.js", ReportJs});
  Files.push_back({"index.html", renderIndex(R, O)});
  SourceCache Src;
  for (size_t I = 0; I < R.Findings.size(); ++I)
    Files.push_back({pageName(I), renderFinding(R, I, O, Src)});
  return Files;
}

namespace {

/// The directory holding \p Dir ("." for a bare name).
std::string parentOf(const std::string &Dir) {
  llvm::StringRef P = llvm::sys::path::parent_path(Dir);
  return P.empty() ? std::string(".") : P.str();
}

/// Whether \p Dir holds a report an earlier run wrote: its index.html says
/// it was generated by wqdep.
bool isWqdepReport(const std::string &Dir) {
  llvm::SmallString<256> Index(Dir);
  llvm::sys::path::append(Index, "index.html");
  auto Buf = llvm::MemoryBuffer::getFileSlice(Index, 512, 0);
  if (!Buf) // Shorter than 512 bytes, or missing.
    Buf = llvm::MemoryBuffer::getFile(Index);
  return Buf && (*Buf)->getBuffer().contains(
                    "<meta name=\"generator\" content=\"wqdep ");
}

bool isEmptyDir(const std::string &Dir) {
  std::error_code EC;
  llvm::sys::fs::directory_iterator It(Dir, EC);
  return !EC && It == llvm::sys::fs::directory_iterator();
}

/// \p Dir without a trailing '/', a symbolic link to a directory followed:
/// the report replaces the directory, and the link stays.
std::string target(std::string Dir) {
  while (Dir.size() > 1 && Dir.back() == '/') // "report/" names "report".
    Dir.pop_back();
  llvm::SmallString<256> Real;
  if (llvm::sys::fs::is_symlink_file(Dir) &&
      !llvm::sys::fs::real_path(Dir, Real))
    return std::string(Real);
  return Dir;
}

} // namespace

bool checkReportDirectory(const std::string &Given, std::string &Err) {
  std::string Dir = target(Given);
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status(Dir, St)) {
    if (!llvm::sys::fs::is_directory(St)) {
      Err = "it is not a directory (--format=html writes a directory of "
            "pages)";
      return false;
    }
    if (!isEmptyDir(Dir) && !isWqdepReport(Dir)) {
      Err = "the directory is not empty and holds no wqdep report; name a "
            "new or empty directory";
      return false;
    }
  }
  std::string Parent = parentOf(Dir);
  if (!llvm::sys::fs::is_directory(Parent)) {
    Err = "no directory '" + Parent + "' to create it in";
    return false;
  }
  if (access(Parent.c_str(), W_OK | X_OK) != 0) {
    Err = "'" + Parent + "' is not writable";
    return false;
  }
  return true;
}

bool writeReportDirectory(const std::string &Given,
                          const std::vector<ReportFile> &Files,
                          std::string &Err) {
  if (!checkReportDirectory(Given, Err))
    return false;
  std::string Dir = target(Given);
  std::string Parent = parentOf(Dir);
  std::string Name = llvm::sys::path::filename(Dir).str();
  auto Sibling = [&](const char *What) {
    llvm::SmallString<256> P(Parent);
    llvm::sys::path::append(P, fmt::format(".{}.wqdep-{}-{}", Name, What,
                                           (long)getpid()));
    return std::string(P);
  };
  std::string Tmp = Sibling("new"), Old = Sibling("old");
  llvm::sys::fs::remove_directories(Tmp);
  if (std::error_code EC = llvm::sys::fs::create_directory(
          Tmp, /*IgnoreExisting=*/false, llvm::sys::fs::all_all)) {
    Err = "cannot create '" + Tmp + "': " + EC.message();
    return false;
  }
  for (const ReportFile &F : Files) {
    llvm::SmallString<256> P(Tmp);
    llvm::sys::path::append(P, F.Path);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    if (!EC) {
      OS << F.Text;
      OS.close();
      EC = OS.error();
    }
    if (EC) {
      Err = "cannot write '" + F.Path + "': " + EC.message();
      OS.clear_error();
      llvm::sys::fs::remove_directories(Tmp);
      return false;
    }
  }
  bool HadOld = llvm::sys::fs::is_directory(Dir);
  if (HadOld) {
    if (std::error_code EC = llvm::sys::fs::rename(Dir, Old)) {
      Err = "cannot move the earlier report aside: " + EC.message();
      llvm::sys::fs::remove_directories(Tmp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Dir)) {
    Err = EC.message();
    if (HadOld)
      llvm::sys::fs::rename(Old, Dir);
    llvm::sys::fs::remove_directories(Tmp);
    return false;
  }
  if (HadOld)
    llvm::sys::fs::remove_directories(Old);
  return true;
}

} // namespace wqdep
