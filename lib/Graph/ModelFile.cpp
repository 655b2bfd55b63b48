//===- ModelFile.cpp - Parsing a reviewed model file ----------------------===//
#include "Graph/ModelFile.h"
#include "Facts/Facts.h"

#include <fstream>
#include <sstream>

namespace wqdep {
namespace {

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\r");
  return S.substr(B, E - B + 1);
}

bool endsWithPath(const std::string &Path, const std::string &Suffix) {
  if (Suffix.empty())
    return true;
  if (Path.size() < Suffix.size() ||
      Path.compare(Path.size() - Suffix.size(), Suffix.size(), Suffix) != 0)
    return false;
  // At a path component: "fs/super.c" matches ".../linux/fs/super.c", not
  // ".../linux/xfs/super.c"... nor "myfs/super.c".
  return Path.size() == Suffix.size() || Suffix[0] == '/' ||
         Path[Path.size() - Suffix.size() - 1] == '/';
}

bool isIdent(const std::string &S) {
  if (S.empty())
    return false;
  for (char C : S)
    if (!(isalnum((unsigned char)C) || C == '_'))
      return false;
  return !isdigit((unsigned char)S[0]);
}

/// "name" or "path:name".
bool parseFunction(const std::string &S, FunctionPattern &Out) {
  size_t Colon = S.rfind(':');
  Out.File = Colon == std::string::npos ? "" : S.substr(0, Colon);
  Out.Name = Colon == std::string::npos ? S : S.substr(Colon + 1);
  if (Colon != std::string::npos && Out.File.empty())
    return false;
  return isIdent(Out.Name) && Out.File.find(' ') == std::string::npos;
}

/// "file:line".
bool parsePlace(const std::string &S, std::string &File, unsigned &Line) {
  size_t Colon = S.rfind(':');
  if (Colon == std::string::npos || Colon == 0 || Colon + 1 == S.size())
    return false;
  File = S.substr(0, Colon);
  Line = 0;
  for (size_t I = Colon + 1; I < S.size(); ++I) {
    if (!isdigit((unsigned char)S[I]) || Line > 100000000)
      return false;
    Line = Line * 10 + unsigned(S[I] - '0');
  }
  return Line != 0 && File.find(' ') == std::string::npos;
}

std::vector<std::string> words(const std::string &S) {
  std::vector<std::string> W;
  std::istringstream In(S);
  std::string X;
  while (In >> X)
    W.push_back(X);
  return W;
}

/// "f, g, dir/file.c:h" into \p Out; false after \p Bad on a bad name.
template <typename BadFn>
bool functionList(const std::string &S, std::vector<FunctionPattern> &Out,
                  BadFn &Bad) {
  std::string Item;
  std::istringstream List(S);
  while (std::getline(List, Item, ',')) {
    Item = trim(Item);
    FunctionPattern P;
    if (!parseFunction(Item, P))
      return Bad("'" + Item + "' is not a function name");
    Out.push_back(P);
  }
  return true;
}

} // namespace

bool FunctionPattern::matches(const FunctionFacts &F) const {
  if (F.Name != Name)
    return false;
  if (File.empty())
    return true;
  // A static function's key is "file:name"; an external one's is its name,
  // and its definition's place says the file.
  return endsWithPath(F.Loc.File, File);
}

bool ModelEntry::matchesCall(const FunctionFacts &CallerFn,
                             const CallSite &CS) const {
  if (!Caller.Name.empty() && !Caller.matches(CallerFn))
    return false;
  if (AtLine && (CS.Loc.Line != AtLine || !endsWithPath(CS.Loc.File, AtFile)))
    return false;
  if (Kind == Resolve)
    return CS.Kind == CallSite::Slot && CS.Callee == Slot;
  return true;
}

std::string ModelFile::where(size_t I) const {
  return Path + ":" + std::to_string(Entries[I].Line);
}

bool parseModelFile(const std::string &Path, const std::string &Text,
                    ModelFile &Out, std::string &Err) {
  Out.Path = Path;
  Out.Entries.clear();
  std::istringstream In(Text);
  std::string Raw;
  unsigned LineNo = 0;
  size_t RouteEntries = 0;
  auto Bad = [&](const std::string &Why) {
    Err = Path + ":" + std::to_string(LineNo) + ": " + Why;
    return false;
  };
  while (std::getline(In, Raw)) {
    ++LineNo;
    std::string Line = trim(Raw);
    if (Line.empty() || Line[0] == '#')
      continue;
    ModelEntry E;
    E.Line = LineNo;
    size_t Because = Line.find(" because:");
    if (Because == std::string::npos)
      return Bad("an entry needs its reason: '... because: <why>'");
    E.Reason = trim(Line.substr(Because + 9));
    if (E.Reason.empty())
      return Bad("the reason after 'because:' is empty");
    E.Text = trim(Line.substr(0, Because));
    size_t Arrow = E.Text.find(" -> ");
    if (Arrow == std::string::npos)
      return Bad("expected 'resolve <slot> [in <function>] [at <file>:<line>]"
                 " [under <function>] -> <function>, ...', 'no-call "
                 "<function> -> <function> [at <file>:<line>]' or 'no-path "
                 "<function> -> <function>, ...'");
    std::vector<std::string> Left = words(E.Text.substr(0, Arrow));
    std::string Right = trim(E.Text.substr(Arrow + 4));
    if (Left.empty())
      return Bad("empty entry");
    if (Left[0] == "resolve") {
      E.Kind = ModelEntry::Resolve;
      // The slot key runs up to "in" or "at": "struct foo::bar", "var".
      size_t I = 1;
      std::string Slot;
      while (I < Left.size() && Left[I] != "in" && Left[I] != "at" &&
             Left[I] != "under")
        Slot += (Slot.empty() ? "" : " ") + Left[I++];
      if (Slot.empty())
        return Bad("'resolve' needs a slot ('struct file_system_type::kill_sb')");
      if (Slot.rfind("struct ", 0) == 0 || Slot.rfind("union ", 0) == 0) {
        if (Slot.find("::") == std::string::npos)
          return Bad("slot '" + Slot + "' has no field ('struct foo::field')");
      } else if (Slot.find(' ') != std::string::npos) {
        return Bad("slot '" + Slot + "' is neither 'struct foo::field' nor a "
                   "variable");
      }
      E.Slot = Slot;
      while (I < Left.size()) {
        if (I + 1 >= Left.size())
          return Bad("'" + Left[I] + "' needs a value");
        if (Left[I] == "in" && E.Caller.Name.empty()) {
          if (!parseFunction(Left[I + 1], E.Caller))
            return Bad("'" + Left[I + 1] + "' is not a function name");
        } else if (Left[I] == "at" && !E.AtLine) {
          if (!parsePlace(Left[I + 1], E.AtFile, E.AtLine))
            return Bad("'" + Left[I + 1] + "' is not <file>:<line>");
        } else if (Left[I] == "under" && E.Under.Name.empty()) {
          if (!parseFunction(Left[I + 1], E.Under))
            return Bad("'" + Left[I + 1] + "' is not a function name");
        } else {
          return Bad("unexpected '" + Left[I] + "'");
        }
        I += 2;
      }
      if (!functionList(Right, E.Targets, Bad))
        return false;
      if (E.Targets.empty())
        return Bad("'resolve' needs the functions the calls resolve to");
    } else if (Left[0] == "no-call") {
      E.Kind = ModelEntry::NoCall;
      if (Left.size() != 2 || !parseFunction(Left[1], E.Caller))
        return Bad("'no-call' needs one calling function before '->'");
      std::vector<std::string> R = words(Right);
      if (R.empty() || !parseFunction(R[0], E.Callee))
        return Bad("'no-call' needs one called function after '->'");
      if (R.size() == 3 && R[1] == "at") {
        if (!parsePlace(R[2], E.AtFile, E.AtLine))
          return Bad("'" + R[2] + "' is not <file>:<line>");
      } else if (R.size() != 1) {
        return Bad("unexpected '" + R[1] + "' after the called function");
      }
    } else if (Left[0] == "no-path") {
      E.Kind = ModelEntry::NoPath;
      if (Left.size() != 2 || !parseFunction(Left[1], E.Caller))
        return Bad("'no-path' needs one function before '->'");
      if (!functionList(Right, E.Targets, Bad))
        return false;
      if (E.Targets.empty())
        return Bad("'no-path' needs the functions not reached after '->'");
    } else {
      return Bad("unknown entry '" + Left[0] +
                 "' (expected 'resolve', 'no-call' or 'no-path')");
    }
    if (E.onRoutes() && ++RouteEntries > ModelFile::MaxRouteEntries)
      return Bad("more than " + std::to_string(ModelFile::MaxRouteEntries) +
                 " 'no-path' and 'resolve ... under' entries");
    Out.Entries.push_back(std::move(E));
  }
  return true;
}

bool loadModelFile(const std::string &Path, ModelFile &Out, std::string &Err) {
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Err = "cannot read model file '" + Path + "'";
    return false;
  }
  std::stringstream SS;
  SS << In.rdbuf();
  std::string Text = SS.str();
  if (Text.find('\0') != std::string::npos) {
    Err = "'" + Path + "' is not a model file: it holds binary data";
    return false;
  }
  return parseModelFile(Path, Text, Out, Err);
}

} // namespace wqdep
