//===- Reachability.cpp - Paths from seeds to targets ---------------------===//
#include "Graph/Reachability.h"

#include <algorithm>

namespace wqdep {

Reachability::Reachability(const CallGraph &G, const ReachOptions &Options)
    : G(G), Opts(Options) {
  // A path visits each function once, so a limit of as many edges as there
  // are functions is no limit (and N + 1 layers would not fit).
  if (Opts.MaxIndirect >= G.size())
    Opts.MaxIndirect = 0;
  Layers = Opts.MaxIndirect ? size_t(Opts.MaxIndirect) + 1 : 1;
  Seen.assign(G.size() * Layers, -1);
  Reached.assign(G.size(), -1);
  Parents.resize(G.size() * Layers);
  CanReach.assign(G.size(), 0);
  IsTarget.assign(G.size(), 0);
}

void Reachability::setTargets(const std::vector<char> &Targets) {
  IsTarget = Targets;
  IsTarget.resize(G.size(), 0);
  std::vector<std::vector<uint32_t>> Rev(G.size());
  for (size_t F = 0; F < G.size(); ++F)
    for (const Edge &E : G.callees(F))
      Rev[E.Callee].push_back(uint32_t(F));
  CanReach = IsTarget;
  std::vector<size_t> Stack;
  for (size_t F = 0; F < G.size(); ++F)
    if (IsTarget[F])
      Stack.push_back(F);
  while (!Stack.empty()) {
    size_t F = Stack.back();
    Stack.pop_back();
    for (uint32_t Caller : Rev[F])
      if (!CanReach[Caller]) {
        CanReach[Caller] = 1;
        Stack.push_back(Caller);
      }
  }
}

void Reachability::search(
    size_t Seed,
    const std::function<void(size_t F, const EdgePath &Path)> &Visit) {
  if (!CanReach[Seed])
    return;
  const int64_t Id = Search++;
  // States are (function, indirect edges so far) when indirect edges are
  // limited, so that a shortest path within the limit is found even when a
  // shorter one exceeds it.
  const size_t Start = Seed * Layers;
  std::vector<size_t> Queue{Start};
  std::vector<size_t> FirstStates; // The first state of each function.
  Seen[Start] = Id;
  for (size_t Head = 0; Head < Queue.size(); ++Head) {
    size_t State = Queue[Head];
    size_t F = State / Layers, Hops = State % Layers;
    if (Reached[F] != Id) {
      Reached[F] = Id;
      FirstStates.push_back(State);
    }
    for (const Edge &E : G.callees(F)) {
      if (!CanReach[E.Callee])
        continue;
      size_t NextHops = Hops;
      if (Opts.MaxIndirect && E.isIndirect() &&
          ++NextHops > Opts.MaxIndirect)
        continue;
      size_t Next = size_t(E.Callee) * Layers + NextHops;
      if (Seen[Next] == Id)
        continue;
      Seen[Next] = Id;
      Parents[Next] = {State, &E};
      Queue.push_back(Next);
    }
  }
  EdgePath Path;
  for (size_t State : FirstStates) {
    size_t F = State / Layers;
    if (!IsTarget[F])
      continue;
    Path.clear();
    for (size_t Cur = State; Cur != Start; Cur = Parents[Cur].From)
      Path.push_back(Parents[Cur].Via);
    std::reverse(Path.begin(), Path.end());
    Visit(F, Path);
  }
}

} // namespace wqdep
