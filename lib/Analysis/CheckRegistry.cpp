//===- CheckRegistry.cpp - The checks wqdep knows -------------------------===//
#include "Analysis/CheckRegistry.h"
#include "Analysis/Checks/Checks.h"

#include <cstdio>
#include <cstdlib>

namespace wqdep {

Check::~Check() = default;

void registerBuiltinChecks(CheckRegistry &R) {
  R.add(makeFlushDependencyCheck());
  R.add(makeWaitDependencyCheck());
  R.add(makeStackedFsIoCheck());
}

CheckRegistry &CheckRegistry::global() {
  // Never destroyed: the IDE's analysis thread may still be reading it when
  // the process exits.
  static CheckRegistry *R = [] {
    auto *X = new CheckRegistry;
    registerBuiltinChecks(*X);
    return X;
  }();
  return *R;
}

void CheckRegistry::add(std::unique_ptr<Check> C) {
  if (find(C->info().Id)) {
    std::fprintf(stderr, "wqdep: internal error: check '%s' is registered "
                         "twice\n", C->info().Id.c_str());
    std::abort();
  }
  Checks.push_back(std::move(C));
}

const Check *CheckRegistry::find(const std::string &Id) const {
  for (const auto &C : Checks)
    if (C->info().Id == Id)
      return C.get();
  return nullptr;
}

namespace {

/// '*' matches any run of characters; everything else itself.
bool globMatch(const char *G, const char *S) {
  if (*G == '\0')
    return *S == '\0';
  if (*G == '*')
    return globMatch(G + 1, S) || (*S && globMatch(G, S + 1));
  return *S == *G && globMatch(G + 1, S + 1);
}

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\n");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t\n");
  return S.substr(B, E - B + 1);
}

} // namespace

bool CheckRegistry::select(const std::string &Globs,
                           std::vector<const Check *> &Out,
                           std::string &Err) const {
  std::vector<char> On(Checks.size(), 1);
  auto Known = [&] {
    std::string L;
    for (const auto &C : Checks)
      L += (L.empty() ? "" : ", ") + C->info().Id;
    return L;
  };
  size_t Pos = 0;
  while (Pos <= Globs.size()) {
    size_t Comma = Globs.find(',', Pos);
    if (Comma == std::string::npos)
      Comma = Globs.size();
    std::string G = trim(Globs.substr(Pos, Comma - Pos));
    Pos = Comma + 1;
    if (G.empty())
      continue;
    bool Enable = G[0] != '-';
    std::string Pattern = Enable ? G : trim(G.substr(1));
    bool Matched = false;
    for (size_t I = 0; I < Checks.size(); ++I)
      if (globMatch(Pattern.c_str(), Checks[I]->info().Id.c_str())) {
        On[I] = Enable;
        Matched = true;
      }
    if (!Matched) {
      Err = "--checks: '" + G + "' matches no check (the checks are: " +
            Known() + ")";
      return false;
    }
  }
  Out.clear();
  for (size_t I = 0; I < Checks.size(); ++I)
    if (On[I])
      Out.push_back(Checks[I].get());
  if (Out.empty()) {
    Err = "--checks='" + Globs + "' enables no check (the checks are: " +
          Known() + ")";
    return false;
  }
  return true;
}

std::string findingMessage(const Finding &F) {
  if (const Check *C = CheckRegistry::global().find(F.Check))
    return C->message(F);
  return F.Message;
}

} // namespace wqdep
