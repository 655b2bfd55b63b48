//===- KernelVersions.cpp - What differs between kernel versions ----------===//
#include "Facts/KernelVersions.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <tuple>

namespace wqdep {

std::string KernelVersion::str() const {
  return std::to_string(Major) + "." + std::to_string(Minor) + "." +
         std::to_string(Sub);
}

bool KernelVersion::operator<(const KernelVersion &O) const {
  return std::tie(Major, Minor, Sub) < std::tie(O.Major, O.Minor, O.Sub);
}

std::optional<KernelVersion> parseKernelMakefile(std::string_view Makefile) {
  // "VERSION = 6" at the start of a line; the first assignment counts.
  auto Field = [&](std::string_view Name) -> std::optional<unsigned> {
    size_t Pos = 0;
    while (Pos < Makefile.size()) {
      size_t End = Makefile.find('\n', Pos);
      if (End == std::string_view::npos)
        End = Makefile.size();
      std::string_view Line = Makefile.substr(Pos, End - Pos);
      Pos = End + 1;
      if (Line.substr(0, Name.size()) != Name)
        continue;
      Line.remove_prefix(Name.size());
      size_t I = 0;
      while (I < Line.size() && (Line[I] == ' ' || Line[I] == '\t'))
        ++I;
      if (I == Line.size() || Line[I] != '=')
        continue;
      ++I;
      while (I < Line.size() && (Line[I] == ' ' || Line[I] == '\t'))
        ++I;
      if (I == Line.size() || !std::isdigit((unsigned char)Line[I]))
        return std::nullopt;
      unsigned V = 0;
      for (; I < Line.size() && std::isdigit((unsigned char)Line[I]); ++I)
        V = V * 10 + unsigned(Line[I] - '0');
      return V;
    }
    return std::nullopt;
  };
  std::optional<unsigned> Maj = Field("VERSION"), Min = Field("PATCHLEVEL");
  if (!Maj || !Min)
    return std::nullopt;
  KernelVersion V;
  V.Major = *Maj;
  V.Minor = *Min;
  V.Sub = Field("SUBLEVEL").value_or(0);
  return V;
}

const std::vector<ModelProfile> &modelProfiles() {
  // Debian's linux-source-6.1 and linux-source-6.12 (apt-get download).
  static const std::vector<ModelProfile> P = {
      {"6.1", {6, 1, 192}, "system_wq"},
      {"6.12", {6, 12, 117}, "system_percpu_wq"},
  };
  return P;
}

size_t profileFor(const KernelVersion &V) {
  const std::vector<ModelProfile> &P = modelProfiles();
  size_t Best = 0;
  for (size_t I = 0; I < P.size(); ++I)
    if (std::tie(P[I].ReadOff.Major, P[I].ReadOff.Minor) <=
        std::tie(V.Major, V.Minor))
      Best = I;
  return Best;
}

std::string_view
schedulingWorkqueue(const std::function<bool(std::string_view)> &Declared) {
  // Newest profile first: the first of their scheduling workqueues that the
  // unit declares.
  const std::vector<ModelProfile> &P = modelProfiles();
  for (size_t I = P.size(); I-- > 0;)
    if (Declared(P[I].SchedulingWorkqueue))
      return P[I].SchedulingWorkqueue;
  return P.front().SchedulingWorkqueue;
}

namespace {

enum : unsigned { Later = 0, V61 = 1u << 0, V612 = 1u << 1, Both = V61 | V612 };

// Every name include/linux/workqueue.h declares in the trees the model was
// read off, and the profiles that declare it. What the model does with each:
// the primitives (KernelModel.cpp) are modelled; the static inline wrappers
// and the macros (queue_work, schedule_work, INIT_WORK, flush_workqueue,
// alloc_ordered_workqueue ...) are analysed from their source, which is how
// 6.1's schedule_work() reaching system_wq and 6.12's reaching
// system_percpu_wq both come out right; the rest (attributes, sysfs,
// freezer, CPU hotplug, debugging) has no effect the rule depends on.
// "Later": known from a newer upstream tree, expected in neither profile.
// clang-format off
const ApiName Api[] = {
#include "KernelVersionsApi.inc"
};
// clang-format on

// Identifiers that read like a function name before '(' but are attributes.
bool isAttribute(std::string_view W) {
  static const char *const A[] = {
      "__printf",      "__scanf",         "__attribute__", "__alloc_size",
      "__must_check",  "__malloc",        "__cold",        "__deprecated",
      "__compiletime_warning", "__compiletime_error", "__section",
      "__aligned",     "__weak",          "__always_inline", "__noreturn",
      "noinline",      "__init",          "__exit",        "__pure",
      "__realloc_size", "__counted_by",   "__diagnose_as", "__nonstring",
      "__cleanup",     "__must_hold",     "__acquires",    "__releases",
      "__used",        "__maybe_unused",  "__rcu",         "__percpu",
      "__iomem",       "__user",          "asm",           "__asm__"};
  return std::find(std::begin(A), std::end(A), W) != std::end(A);
}

bool isIdentStart(char C) {
  return std::isalpha((unsigned char)C) || C == '_';
}
bool isIdent(char C) { return std::isalnum((unsigned char)C) || C == '_'; }

// Comments blanked (newlines kept), line continuations joined.
std::string stripComments(std::string_view In) {
  std::string Out;
  Out.reserve(In.size());
  for (size_t I = 0; I < In.size(); ++I) {
    if (In[I] == '/' && I + 1 < In.size() && In[I + 1] == '*') {
      size_t End = In.find("*/", I + 2);
      if (End == std::string_view::npos)
        End = In.size();
      for (size_t J = I; J < End; ++J)
        if (In[J] == '\n')
          Out += '\n';
      Out += ' ';
      I = End + 1;
    } else if (In[I] == '/' && I + 1 < In.size() && In[I + 1] == '/') {
      while (I < In.size() && In[I] != '\n')
        ++I;
      --I;
    } else if (In[I] == '\\' && I + 1 < In.size() && In[I + 1] == '\n') {
      Out += ' ';
      ++I;
    } else if (In[I] == '"' || In[I] == '\'') {
      // String and character literals: copied, never read as code.
      char Q = In[I];
      Out += Q;
      for (++I; I < In.size() && In[I] != Q; ++I) {
        if (In[I] == '\\' && I + 1 < In.size())
          Out += In[I++];
        Out += In[I];
      }
      Out += Q;
    } else {
      Out += In[I];
    }
  }
  return Out;
}

std::string firstWord(std::string_view S) {
  size_t I = 0;
  while (I < S.size() && !isIdentStart(S[I]))
    ++I;
  size_t B = I;
  while (I < S.size() && isIdent(S[I]))
    ++I;
  return std::string(S.substr(B, I - B));
}

// The name a file-scope declaration declares: the first identifier followed
// by '(' at parenthesis depth 0 that is not an attribute (a function), else,
// for an extern declaration, the last identifier (a variable).
void declareStatement(std::string_view St, TreeApi &Out) {
  std::string W = firstWord(St);
  if (W == "typedef" || W.empty())
    return;
  int Depth = 0;
  std::string LastIdent;
  for (size_t I = 0; I < St.size();) {
    char C = St[I];
    if (C == '(') {
      ++Depth;
      ++I;
      continue;
    }
    if (C == ')') {
      --Depth;
      ++I;
      continue;
    }
    if (!isIdentStart(C)) {
      ++I;
      continue;
    }
    size_t B = I;
    while (I < St.size() && isIdent(St[I]))
      ++I;
    std::string_view Id = St.substr(B, I - B);
    if (Depth != 0)
      continue;
    size_t J = I;
    while (J < St.size() && std::isspace((unsigned char)St[J]))
      ++J;
    if (J < St.size() && St[J] == '(' && !isAttribute(Id)) {
      // "(*name)(...)": a function pointer variable, not a function.
      size_t K = J + 1;
      while (K < St.size() && std::isspace((unsigned char)St[K]))
        ++K;
      if (K < St.size() && St[K] == '*')
        return;
      Out.Workqueue.insert(std::string(Id));
      return;
    }
    LastIdent = std::string(Id);
  }
  if (W == "extern" && !LastIdent.empty() && St.find('{') == std::string::npos) {
    Out.Workqueue.insert(LastIdent);
    if (St.find("struct workqueue_struct") != std::string_view::npos)
      Out.SystemWorkqueues.insert(LastIdent);
  }
}

} // namespace

void scanWorkqueueHeader(std::string_view Text, TreeApi &Out) {
  std::string S = stripComments(Text);
  std::string Guard;
  std::string Code; // the file without its preprocessor lines
  Code.reserve(S.size());
  size_t Pos = 0;
  while (Pos <= S.size()) {
    size_t End = S.find('\n', Pos);
    if (End == std::string::npos)
      End = S.size();
    std::string_view Line(S.data() + Pos, End - Pos);
    size_t I = 0;
    while (I < Line.size() && std::isspace((unsigned char)Line[I]))
      ++I;
    if (I < Line.size() && Line[I] == '#') {
      std::string_view D = Line.substr(I + 1);
      size_t K = 0;
      while (K < D.size() && std::isspace((unsigned char)D[K]))
        ++K;
      D.remove_prefix(K);
      if (D.substr(0, 6) == "ifndef" && Guard.empty())
        Guard = firstWord(D.substr(6));
      else if (D.substr(0, 6) == "define") {
        std::string Name = firstWord(D.substr(6));
        if (!Name.empty() && Name != Guard)
          Out.Workqueue.insert(Name);
      }
    } else {
      Code.append(Line);
    }
    Code += '\n';
    Pos = End + 1;
  }
  // File-scope statements: text at brace depth 0 up to ';' or '{'.
  int Depth = 0;
  std::string Cur;
  for (char C : Code) {
    if (C == '{') {
      if (Depth == 0) {
        declareStatement(Cur + "{", Out);
        Cur.clear();
      }
      ++Depth;
    } else if (C == '}') {
      if (Depth > 0)
        --Depth;
    } else if (Depth == 0) {
      if (C == ';') {
        declareStatement(Cur, Out);
        Cur.clear();
      } else {
        Cur += C;
      }
    }
  }
}

void scanTaskFlags(std::string_view Text, TreeApi &Out) {
  Out.TaskFlagsRead = true;
  std::string S = stripComments(Text);
  static const std::regex Def(R"(^[ \t]*#[ \t]*define[ \t]+(PF_[A-Za-z0-9_]+))",
                              std::regex::multiline);
  for (auto It = std::sregex_iterator(S.begin(), S.end(), Def);
       It != std::sregex_iterator(); ++It)
    Out.TaskFlags.insert((*It)[1].str());
}

std::optional<bool> cancelsExemptIn(std::string_view WorkqueueC) {
  std::string S = stripComments(WorkqueueC);
  // The definition: "check_flush_dependency(" followed by its parameters
  // and a body.
  size_t Pos = 0;
  while ((Pos = S.find("check_flush_dependency", Pos)) != std::string::npos) {
    size_t Open = Pos + std::string_view("check_flush_dependency").size();
    Pos = Open;
    while (Open < S.size() && std::isspace((unsigned char)S[Open]))
      ++Open;
    if (Open >= S.size() || S[Open] != '(')
      continue;
    size_t Close = S.find(')', Open);
    if (Close == std::string::npos)
      break;
    size_t After = Close + 1;
    while (After < S.size() && std::isspace((unsigned char)S[After]))
      ++After;
    if (After >= S.size() || S[After] != '{')
      continue; // a call or a prototype
    std::string_view Params(S.data() + Open, Close - Open);
    return Params.find("from_cancel") != std::string_view::npos;
  }
  return std::nullopt;
}

const std::vector<ApiName> &modelledTaskFlags() {
  // check_flush_dependency()'s rule A tests current->flags & PF_MEMALLOC;
  // the others are the scopes and tasks rule A reads (same values in both
  // trees; PF_KCOMPACTD is new in 6.12).
  static const std::vector<ApiName> F = {
      {"PF_MEMALLOC", Both},       {"PF_KCOMPACTD", V612},
      {"PF_KSWAPD", Both},         {"PF_MEMALLOC_NOFS", Both},
      {"PF_MEMALLOC_NOIO", Both},  {"PF_LOCAL_THROTTLE", Both},
      {"PF_MEMALLOC_PIN", Both},
  };
  return F;
}

const std::vector<ApiName> &modelledApi() {
  static const std::vector<ApiName> V(std::begin(Api), std::end(Api));
  return V;
}

ModelDrift compareWithModel(const TreeApi &Tree, size_t Profile) {
  ModelDrift D;
  std::set<std::string_view> Known;
  const unsigned Bit = 1u << Profile;
  for (const ApiName &A : Api) {
    Known.insert(A.Name);
    if ((A.Profiles & Bit) && !Tree.Workqueue.count(std::string(A.Name)))
      D.Missing.push_back(std::string(A.Name));
  }
  for (const std::string &N : Tree.Workqueue)
    if (!Known.count(N))
      D.NotModelled.push_back(N);
  if (Tree.TaskFlagsRead)
    for (const ApiName &F : modelledTaskFlags())
      if ((F.Profiles & Bit) && !Tree.TaskFlags.count(std::string(F.Name)))
        D.Missing.push_back(std::string(F.Name));
  std::sort(D.Missing.begin(), D.Missing.end());
  return D;
}

} // namespace wqdep
