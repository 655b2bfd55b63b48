//===- ChangedLines.cpp - The lines a change touched ----------------------===//
#include "Gate/ChangedLines.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace wqdep {

namespace {

bool startsWith(const std::string &S, const char *Prefix) {
  return S.compare(0, std::strlen(Prefix), Prefix) == 0;
}

/// The file name of a "--- " or "+++ " line: C-unquoted when git quoted it,
/// without a trailing tab and timestamp (diff -u) when not.
std::string headerPath(const std::string &Line) {
  std::string P = Line.substr(4);
  if (!P.empty() && P[0] == '"') {
    std::string Out;
    for (size_t I = 1; I < P.size() && P[I] != '"'; ++I) {
      if (P[I] != '\\' || I + 1 == P.size()) {
        Out += P[I];
        continue;
      }
      char E = P[++I];
      if (E >= '0' && E <= '7') {
        int V = 0;
        for (int N = 0; N < 3 && I < P.size() && P[I] >= '0' && P[I] <= '7';
             ++N, ++I)
          V = V * 8 + (P[I] - '0');
        --I;
        Out += char(V);
      } else {
        Out += E == 'n' ? '\n' : E == 't' ? '\t' : E;
      }
    }
    return Out;
  }
  return P.substr(0, P.find('\t'));
}

/// Reads "@@ -a[,b] +c[,d] @@": the new side's first line and count.
bool parseHunk(const std::string &Line, unsigned &Start, unsigned &Count) {
  size_t Plus = Line.find(" +");
  if (Plus == std::string::npos)
    return false;
  unsigned long S = 0, C = 1;
  char *End = nullptr;
  const char *P = Line.c_str() + Plus + 2;
  S = std::strtoul(P, &End, 10);
  if (End == P)
    return false;
  if (*End == ',') {
    P = End + 1;
    C = std::strtoul(P, &End, 10);
    if (End == P)
      return false;
  }
  Start = unsigned(S);
  Count = unsigned(C);
  return true;
}

} // namespace

std::string ChangedLines::key(const std::string &File) const {
  return Root.relative(File).value_or(File);
}

void ChangedLines::add(const std::string &File, unsigned First, unsigned Last) {
  if (First == 0)
    First = 1;
  if (Last < First)
    return;
  Lines[File].push_back({First, Last});
}

bool ChangedLines::touches(const Location &L) const {
  if (!L.valid())
    return false;
  auto It = Lines.find(key(L.File));
  if (It == Lines.end())
    return false;
  for (const auto &[First, Last] : It->second)
    if (L.Line >= First && L.Line <= Last)
      return true;
  return false;
}

std::optional<ChangedLines> ChangedLines::parse(const std::string &Text,
                                                const SourceRoot &Root,
                                                std::string &Err) {
  ChangedLines CL;
  CL.Root = Root;
  std::vector<std::string> All;
  {
    std::istringstream In(Text);
    std::string Line;
    while (std::getline(In, Line)) {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      All.push_back(Line);
    }
  }
  bool IsDiff = false;
  for (const std::string &L : All)
    if (startsWith(L, "diff ") || startsWith(L, "--- ") ||
        startsWith(L, "+++ ") || startsWith(L, "@@ "))
      IsDiff = true;

  if (!IsDiff) {
    for (std::string L : All) {
      size_t B = L.find_first_not_of(" \t");
      if (B == std::string::npos || L[B] == '#')
        continue;
      L = L.substr(B, L.find_last_not_of(" \t") - B + 1);
      CL.add(CL.key(L), 1, UINT_MAX);
    }
    return CL;
  }

  std::string OldPath, File; // File is empty outside a file or for a deletion.
  unsigned Cur = 0;          // The next line of the new side in a hunk.
  unsigned OldLeft = 0, NewLeft = 0;
  for (size_t I = 0; I < All.size(); ++I) {
    const std::string &L = All[I];
    if (OldLeft || NewLeft) {
      char Ch = L.empty() ? ' ' : L[0];
      if (File.empty()) {
        // The body of a deleted file's hunk: nothing on the new side.
        if (Ch == '-' && OldLeft)
          --OldLeft;
        else if (Ch == ' ' || Ch == '+')
          OldLeft = NewLeft = 0;
      } else if (Ch == '+') {
        CL.add(File, Cur, Cur);
        ++Cur;
        if (NewLeft)
          --NewLeft;
      } else if (Ch == '-') {
        // A deleted line touches its neighbours on the new side.
        CL.add(File, Cur ? Cur - 1 : 0, Cur);
        if (OldLeft)
          --OldLeft;
      } else if (Ch == ' ') {
        ++Cur;
        if (OldLeft)
          --OldLeft;
        if (NewLeft)
          --NewLeft;
      } else if (Ch != '\\') {
        Err = "changed lines: line " + std::to_string(I + 1) +
              ": hunk ends early";
        return std::nullopt;
      }
      continue;
    }
    if (startsWith(L, "--- ")) {
      OldPath = headerPath(L);
    } else if (startsWith(L, "+++ ")) {
      std::string New = headerPath(L);
      if (New == "/dev/null") {
        File.clear();
        continue;
      }
      if ((startsWith(OldPath, "a/") || OldPath == "/dev/null") &&
          startsWith(New, "b/"))
        New = New.substr(2);
      File = CL.key(New);
    } else if (startsWith(L, "@@ ")) {
      unsigned Start, Count;
      size_t Minus = L.find(" -");
      unsigned long OldCount = 1;
      if (Minus != std::string::npos) {
        const char *P = L.c_str() + Minus + 2;
        char *End = nullptr;
        std::strtoul(P, &End, 10);
        if (*End == ',')
          OldCount = std::strtoul(End + 1, nullptr, 10);
      }
      if (!parseHunk(L, Start, Count)) {
        Err = "changed lines: line " + std::to_string(I + 1) +
              ": malformed hunk header '" + L + "'";
        return std::nullopt;
      }
      // "+c,0" is a pure deletion after line c.
      Cur = Count ? Start : Start + 1;
      OldLeft = unsigned(OldCount);
      NewLeft = Count;
    }
  }
  return CL;
}

std::optional<ChangedLines> ChangedLines::fromGit(const std::string &Rev,
                                                  const SourceRoot &Root,
                                                  std::string &Err) {
  if (Rev.empty() || Rev[0] == '-') {
    Err = "--changed-since: '" + Rev + "' is not a git revision";
    return std::nullopt;
  }
  std::string Dir = Root.path().empty() ? "." : Root.path();
  std::vector<std::string> Args = {"git",
                                   "-C",
                                   Dir,
                                   "diff",
                                   "-U0",
                                   "--no-color",
                                   "--no-ext-diff",
                                   "--no-textconv",
                                   "--relative",
                                   "--src-prefix=a/",
                                   "--dst-prefix=b/",
                                   Rev,
                                   "--"};
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);

  int Out[2];
  FILE *ErrFile = std::tmpfile();
  if (!ErrFile || pipe(Out) != 0) {
    Err = "--changed-since: cannot run git: " + std::string(strerror(errno));
    return std::nullopt;
  }
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_adddup2(&Actions, Out[1], 1);
  posix_spawn_file_actions_adddup2(&Actions, fileno(ErrFile), 2);
  posix_spawn_file_actions_addclose(&Actions, Out[0]);
  pid_t Pid;
  int SpawnErr =
      posix_spawnp(&Pid, "git", &Actions, nullptr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  close(Out[1]);
  if (SpawnErr) {
    close(Out[0]);
    std::fclose(ErrFile);
    Err = "--changed-since: cannot run git: " + std::string(strerror(SpawnErr));
    return std::nullopt;
  }
  std::string Diff;
  char Buf[65536];
  ssize_t N;
  while ((N = read(Out[0], Buf, sizeof(Buf))) > 0 || (N < 0 && errno == EINTR))
    if (N > 0)
      Diff.append(Buf, size_t(N));
  close(Out[0]);
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0) {
    std::string Msg;
    std::rewind(ErrFile);
    while (size_t Got = std::fread(Buf, 1, sizeof(Buf), ErrFile))
      Msg.append(Buf, Got);
    // git's own reason: its "fatal:"/"error:" line, else its first line.
    std::istringstream Lines(Msg);
    std::string Line, First;
    Msg.clear();
    while (std::getline(Lines, Line)) {
      if (First.empty())
        First = Line;
      if (startsWith(Line, "fatal: ") || startsWith(Line, "error: ")) {
        Msg = Line;
        break;
      }
    }
    if (Msg.empty())
      Msg = First;
    Err = "--changed-since: 'git diff " + Rev + "' failed in '" + Dir + "'" +
          (Msg.empty() ? "" : ": " + Msg);
    std::fclose(ErrFile);
    return std::nullopt;
  }
  std::fclose(ErrFile);
  return parse(Diff, Root, Err);
}

} // namespace wqdep
