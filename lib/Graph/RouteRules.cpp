//===- RouteRules.cpp - Model entries that hold on routes -----------------===//
#include "Graph/RouteRules.h"
#include "Support/Hash.h"

#include <algorithm>

namespace wqdep {

RouteRules::RouteRules(const CallGraph &G, const ModelFile &MF,
                       const std::vector<char> &Skip)
    : G(G) {
  Functions.assign(MF.Entries.size(), 0);
  for (size_t I = 0; I < MF.Entries.size(); ++I) {
    const ModelEntry &M = MF.Entries[I];
    if (!M.onRoutes() || (I < Skip.size() && Skip[I]))
      continue;
    Rule R{I, &M, {}};
    const FunctionPattern &From =
        M.Kind == ModelEntry::NoPath ? M.Caller : M.Under;
    std::vector<uint32_t> Under;
    for (size_t F = 0; F < G.size(); ++F) {
      const FunctionFacts &Fn = G.function(F);
      if (From.matches(Fn))
        Under.push_back(uint32_t(F));
      for (const FunctionPattern &P : M.Targets)
        if (P.matches(Fn)) {
          R.Set.insert(uint32_t(F));
          break;
        }
    }
    // A no-path entry whose ends are not both in the program rules nothing
    // out; a resolve entry with no target left still does (its calls go
    // nowhere the program has).
    if (Under.empty() || (M.Kind == ModelEntry::NoPath && R.Set.empty()))
      continue;
    const uint64_t Bit = uint64_t(1) << Rules.size();
    for (uint32_t F : Under)
      Arms[F] |= Bit;
    if (M.Kind == ModelEntry::NoPath)
      for (uint32_t F : R.Set)
        Forbidden[F] |= Bit;
    else
      SlotRules |= Bit;
    Functions[I] = Under.size();
    Hash = mix(Hash, hashKey(M.Text));
    for (uint32_t F : Under)
      Hash = mix(Hash, hashKey(G.function(F).Key));
    std::vector<std::string> Keys;
    for (uint32_t F : R.Set)
      Keys.push_back(G.function(F).Key);
    std::sort(Keys.begin(), Keys.end());
    for (const std::string &K : Keys)
      Hash = mix(Hash, hashKey(K));
    Rules.push_back(std::move(R));
  }
}

bool RouteRules::forbids(uint64_t Armed, size_t Caller, const Edge &E) const {
  if (!Armed)
    return false;
  if (auto It = Forbidden.find(E.Callee);
      It != Forbidden.end() && (It->second & Armed))
    return true;
  uint64_t Slots = Armed & SlotRules;
  if (!Slots || !E.Site || E.Kind != EdgeKind::Slot)
    return false;
  for (size_t B = 0; B < Rules.size(); ++B) {
    if (!(Slots >> B & 1))
      continue;
    const Rule &R = Rules[B];
    if (R.M->matchesCall(G.function(Caller), *E.Site) &&
        !R.Set.count(E.Callee))
      return true;
  }
  return false;
}

} // namespace wqdep
