//===- Proofs.cpp - Mechanisms that prove calls impossible ----------------===//
#include "Graph/Proofs.h"
#include "Facts/KernelModel.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_set>

namespace wqdep {

namespace {

bool isInitSection(const std::string &S) {
  return S == ".init.text" || S == ".exit.text";
}

/// A function's name from its key ("file:name" or "name").
std::string_view nameOfKey(const std::string &Key) {
  size_t Colon = Key.rfind(':');
  return Colon == std::string::npos
             ? std::string_view(Key)
             : std::string_view(Key).substr(Colon + 1);
}

const char *const NotifierCall = "struct notifier_block::notifier_call";

} // namespace

void ProofLedger::entryUsed(size_t Caller, EdgeSet S, size_t Entry,
                            uint64_t Sites, uint64_t Edges) {
  auto &V = part(Caller, S).Entries;
  for (auto &X : V)
    if (X[0] == Entry) {
      X[1] += Sites;
      X[2] += Edges;
      return;
    }
  V.push_back({uint64_t(Entry), Sites, Edges});
}

void ProofLedger::forgetAll(EdgeSet S) {
  for (auto It = Parts.begin(); It != Parts.end();)
    if ((It->first & 3) == uint64_t(S))
      It = Parts.erase(It);
    else
      ++It;
}

ProofStats ProofLedger::totals(size_t Entries) const {
  ProofStats T;
  T.EntrySites.assign(Entries, 0);
  T.EntryEdgesRemoved.assign(Entries, 0);
  T.ChainCalls = ChainCalls;
  T.ChainCallsFallback = ChainCallsFallback;
  for (const auto &[K, P] : Parts) {
    T.InitEdgesRemoved += P.InitEdgesRemoved;
    T.TerminalEdgesRemoved += P.TerminalEdgesRemoved;
    for (const auto &X : P.Entries)
      if (X[0] < Entries) {
        T.EntrySites[X[0]] += X[1];
        T.EntryEdgesRemoved[X[0]] += X[2];
      }
  }
  return T;
}

bool sameProofs(const ProofOptions &A, const ProofOptions &B) {
  return A.Model == B.Model && A.SkipEntry == B.SkipEntry &&
         A.NotifierChains == B.NotifierChains &&
         A.InitSections == B.InitSections &&
         A.TerminalCallees == B.TerminalCallees;
}

uint64_t proofCalleeKey(const ProofOptions &Opts, const FunctionFacts &F) {
  uint64_t K = Opts.InitSections && isInitSection(F.Section);
  if (Opts.Model)
    K |= uint64_t(std::hash<std::string>()(F.Loc.File)) << 1;
  return K;
}

bool ProofFilter::keep(const CallGraph &G, size_t Caller, const Edge &E,
                       EdgeSet S) {
  if (Opts.TerminalCallees && E.Site && E.Site->AfterTerminal) {
    Stats.terminalEdgeRemoved(Caller, S);
    return false;
  }
  if (Opts.InitSections &&
      isInitSection(G.function(E.Callee).Section) &&
      !isInitSection(G.function(Caller).Section)) {
    Stats.initEdgeRemoved(Caller, S);
    return false;
  }
  if (!Opts.Model)
    return true;
  const std::vector<ModelEntry> &Entries = Opts.Model->Entries;
  for (size_t I = 0; I < Entries.size(); ++I) {
    const ModelEntry &M = Entries[I];
    if (M.Kind != ModelEntry::NoCall ||
        (I < Opts.SkipEntry.size() && Opts.SkipEntry[I]))
      continue;
    if (!E.Site || !M.Callee.matches(G.function(E.Callee)) ||
        !M.matchesCall(G.function(Caller), *E.Site))
      continue;
    Stats.entryUsed(Caller, S, I, 1, 1);
    return false;
  }
  return true;
}

ModelResolver::ModelResolver(const ProofOptions &Opts, ProofLedger &Stats,
                             const WorkBindings &Bound)
    : Opts(Opts), Stats(Stats), Field(Bound) {}

bool ModelResolver::resolve(CallGraph &G, size_t Caller, const CallSite &CS,
                            std::vector<Edge> &Out) {
  if (!Opts.Model || CS.Kind != CallSite::Slot)
    return false;
  const std::vector<ModelEntry> &Entries = Opts.Model->Entries;
  for (size_t I = 0; I < Entries.size(); ++I) {
    const ModelEntry &M = Entries[I];
    if (M.Kind != ModelEntry::Resolve || M.onRoutes() ||
        (I < Opts.SkipEntry.size() && Opts.SkipEntry[I]) ||
        !M.matchesCall(G.function(Caller), CS))
      continue;
    auto [It, New] = Targets.try_emplace(I);
    if (New)
      for (size_t F = 0; F < G.size(); ++F)
        for (const FunctionPattern &P : M.Targets)
          if (P.matches(G.function(F))) {
            It->second.push_back(uint32_t(F));
            break;
          }
    // What the field-keyed resolution would give: the edges removed.
    std::vector<Edge> Wide;
    Field.resolve(G, Caller, CS, Wide);
    uint64_t Removed = 0;
    for (const Edge &W : Wide)
      if (std::find(It->second.begin(), It->second.end(), W.Callee) ==
          It->second.end())
        ++Removed;
    Stats.entryUsed(Caller, EdgeSet::Calls, I, 1, Removed);
    const std::string *Via = G.label(CS.Callee);
    for (uint32_t F : It->second) {
      Edge E = Edge::to(F, EdgeKind::Slot, EvidenceKind::ModelEntry, Via);
      E.Candidates = uint32_t(It->second.size());
      Out.push_back(E);
    }
    return true;
  }
  return false;
}

bool NotifierRunnerResolver::resolve(CallGraph &G, size_t Caller,
                                     const CallSite &CS,
                                     std::vector<Edge> &Out) {
  if (CS.Kind != CallSite::Slot || CS.Callee != NotifierCall)
    return false;
  // Only inside the function that walks a chain's list itself (its chain
  // is its own list argument, no ".head" below it).
  const NotifierApi *Api = lookupNotifierApi(G.function(Caller).Name);
  return Api && Api->Kind == NotifierApi::Run && Api->ChainSuffix.empty();
}

namespace {

/// Operands of a call's callee, seen from the caller.
Operand substitute(const Operand &Op, const CallSite &CS) {
  if (!Op.isParam())
    return Op;
  if (Op.Index >= CS.Args.size())
    return Operand::unknown();
  Operand R = CS.Args[Op.Index].withSuffix(Op.Suffix);
  // A recursive function passing a field of its parameter to itself grows
  // the path on every turn; no chain or block is named that deep.
  const std::string &Path = R.isParam() ? R.Suffix : R.Key;
  if (std::count(Path.begin(), Path.end(), '.') > 6)
    return Operand::unknown();
  return R;
}

/// (chain, block) registered, relative to the function that registers.
using Registration = std::pair<Operand, Operand>;

struct ChainState {
  const CallGraph &G;
  ProofLedger &Stats;
  /// Per function that has some (most have none): the parameters (with a
  /// path below) whose chain it runs, and its registrations that involve a
  /// parameter.
  std::unordered_map<size_t, std::vector<Operand>> Runs;
  std::unordered_map<size_t, std::vector<Registration>> Regs;
  std::deque<size_t> Work;
  std::unordered_set<size_t> Queued;
  /// Concrete runs: (function, call) -> chain (unknown: not named).
  std::map<std::pair<size_t, const CallSite *>, std::set<std::string>> RunAt;
  std::set<std::pair<size_t, const CallSite *>> RunUnknown;
  /// Concrete registrations.
  std::map<std::string, std::set<std::string>> ChainBlocks;
  std::set<std::string> WideChains;   ///< A block not named.
  std::set<std::string> AnyChainBlocks; ///< On a chain not named.
  bool AllWide = false;               ///< Neither named.

  explicit ChainState(const CallGraph &G, ProofLedger &Stats)
      : G(G), Stats(Stats) {}

  void enqueue(size_t F) {
    if (Queued.insert(F).second)
      Work.push_back(F);
  }
  static bool has(const std::vector<Operand> &V, const Operand &O) {
    return std::find(V.begin(), V.end(), O) != V.end();
  }

  /// A chain run by call \p CS of \p F.
  void run(size_t F, const CallSite *CS, const Operand &Chain) {
    if (Chain.isParam()) {
      std::vector<Operand> &R = Runs[F];
      if (!has(R, Chain) && R.size() < 64) {
        R.push_back(Chain);
        enqueue(F);
      } else if (R.size() >= 64) {
        RunUnknown.insert({F, CS});
      }
    } else if (Chain.isObject()) {
      RunAt[{F, CS}].insert(Chain.Key);
    } else {
      RunUnknown.insert({F, CS});
    }
  }
  void reg(size_t F, const Operand &Chain, const Operand &Block) {
    if (Chain.isParam() || Block.isParam()) {
      Registration R{Chain, Block};
      std::vector<Registration> &FR = Regs[F];
      if (std::find(FR.begin(), FR.end(), R) != FR.end())
        return;
      if (FR.size() >= 256) {
        AllWide = true;
        return;
      }
      FR.push_back(std::move(R));
      enqueue(F);
      return;
    }
    if (Chain.isObject() && Block.isObject())
      ChainBlocks[Chain.Key].insert(Block.Key);
    else if (Chain.isObject())
      WideChains.insert(Chain.Key);
    else if (Block.isObject())
      AnyChainBlocks.insert(Block.Key);
    else
      AllWide = true;
  }

  /// What call \p CS of \p F does to chains: the API it names, and the
  /// summaries of the functions it reaches.
  void visitCall(size_t F, const CallSite &CS,
                 const std::vector<size_t> &Callees) {
    if (CS.Kind == CallSite::Direct)
      if (const NotifierApi *A = lookupNotifierApi(nameOfKey(CS.Callee))) {
        Operand Chain = substitute(
            Operand::param(unsigned(A->ChainArg), std::string(A->ChainSuffix)),
            CS);
        if (A->Kind == NotifierApi::Run)
          run(F, &CS, Chain);
        else
          reg(F, Chain,
              substitute(Operand::param(unsigned(A->BlockArg)), CS));
      }
    for (size_t C : Callees) {
      // By value: run() and reg() may add to the maps (recursion).
      if (auto It = Runs.find(C); It != Runs.end()) {
        std::vector<Operand> Of = It->second;
        for (const Operand &R : Of)
          run(F, &CS, substitute(R, CS));
      }
      if (auto It = Regs.find(C); It != Regs.end()) {
        std::vector<Registration> Of = It->second;
        for (const Registration &R : Of)
          reg(F, substitute(R.first, CS), substitute(R.second, CS));
      }
    }
  }
};

} // namespace

void addNotifierChainEdges(CallGraph &G, ProofLedger &Stats) {
  const Program &P = G.program();
  // Every appended edge again, over the call and callback edges alone.
  G.beginAppendedEdges();
  Stats.ChainCalls = Stats.ChainCallsFallback = 0;
  ChainState S(G, Stats);
  // Callees per call site, over the edges that carry arguments (not
  // callbacks: their arguments are not the callee's).
  std::vector<size_t> Callees;
  auto CalleesOf = [&](size_t F, const CallSite *CS) {
    Callees.clear();
    for (const Edge &E : G.callees(F))
      if (E.Site == CS && E.Kind != EdgeKind::Callback &&
          E.Kind != EdgeKind::NotifierChain)
        Callees.push_back(E.Callee);
  };
  // Only the functions that call the API start anything (the graph keeps
  // their list); the others get summaries from their callees, below.
  for (size_t F : G.withNotifierApi())
    for (const CallSite &CS : G.function(F).Calls) {
      CalleesOf(F, &CS);
      S.visitCall(F, CS, Callees);
    }
  // Summaries up to the callers, until nothing changes.
  while (!S.Work.empty()) {
    size_t C = S.Work.front();
    S.Work.pop_front();
    S.Queued.erase(C);
    for (const auto &[Caller, CS] : G.callers(C)) {
      CalleesOf(Caller, CS);
      S.visitCall(Caller, *CS, Callees);
    }
  }

  // Which functions each block's notifier_call holds. A store into a block
  // named exactly names it; one made through a function's parameter
  // (`nb->notifier_call = fn`) names what its callers pass; any other may be
  // into any block.
  std::map<std::string, std::set<uint32_t>> BlockFns;
  std::set<uint32_t> AnyBlockFns, AllFns;
  auto It = P.SlotStoreSites.find(NotifierCall);
  if (It != P.SlotStoreSites.end())
    for (const SlotStore &St : It->second) {
      int64_t Fn = G.indexOf(St.Function);
      if (Fn < 0)
        continue;
      AllFns.insert(uint32_t(Fn));
      if (!St.ObjectKey.empty()) {
        BlockFns[St.ObjectKey].insert(uint32_t(Fn));
        continue;
      }
      int64_t In = St.InFunction.empty() ? -1 : G.indexOf(St.InFunction);
      if (St.Object.Kind != ObjectRef::Param || !St.Object.Path.empty() ||
          In < 0) {
        AnyBlockFns.insert(uint32_t(Fn));
        continue;
      }
      // One level of callers; a parameter passed on again is any block.
      for (const auto &[Caller, CS] : G.callers(size_t(In))) {
        Operand B = substitute(Operand::param(St.Object.Index), *CS);
        if (B.isObject())
          BlockFns[B.Key].insert(uint32_t(Fn));
        else
          AnyBlockFns.insert(uint32_t(Fn));
      }
    }
  // Each chain's functions: registered (a named block on the named chain),
  // and guessed (stored into a block not named, or registered on a chain
  // not named).
  std::set<uint32_t> Guessed = AnyBlockFns;
  for (const std::string &B : S.AnyChainBlocks) {
    auto BF = BlockFns.find(B);
    if (BF != BlockFns.end())
      Guessed.insert(BF->second.begin(), BF->second.end());
  }
  const std::string *Wide = G.label(NotifierCall);
  auto AddAll = [&](size_t F, const CallSite *CS) {
    ++Stats.ChainCallsFallback;
    for (uint32_t T : AllFns) {
      Edge E = Edge::to(T, EdgeKind::Slot, EvidenceKind::AllStores, Wide);
      E.Candidates = uint32_t(AllFns.size());
      E.Site = CS;
      G.appendEdge(F, E);
    }
  };
  for (const auto &[At, Chains] : S.RunAt) {
    auto [F, CS] = At;
    if (S.RunUnknown.count(At))
      continue; // Below, with every function.
    bool Fallback = S.AllWide;
    std::set<uint32_t> Registered, Guess = Guessed;
    for (const std::string &K : Chains) {
      Fallback |= S.WideChains.count(K) > 0;
      auto CB = S.ChainBlocks.find(K);
      if (CB == S.ChainBlocks.end())
        continue;
      for (const std::string &B : CB->second) {
        auto BF = BlockFns.find(B);
        if (BF != BlockFns.end())
          Registered.insert(BF->second.begin(), BF->second.end());
      }
    }
    if (Fallback) {
      AddAll(F, CS);
      continue;
    }
    ++Stats.ChainCalls;
    std::string Name = *Chains.begin();
    if (Name.size() > 5 && Name.compare(Name.size() - 5, 5, ".head") == 0)
      Name.resize(Name.size() - 5);
    const std::string *Via = G.label("notifier chain " + Name);
    for (uint32_t T : Registered) {
      Edge E = Edge::to(T, EdgeKind::NotifierChain,
                        EvidenceKind::ChainRegistration, Via);
      E.Candidates = uint32_t(Registered.size());
      E.Site = CS;
      G.appendEdge(F, E);
    }
    for (uint32_t T : Registered)
      Guess.erase(T);
    for (uint32_t T : Guess) {
      Edge E = Edge::to(T, EdgeKind::Slot, EvidenceKind::AllStores, Wide);
      E.Candidates = uint32_t(Guess.size());
      E.Site = CS;
      G.appendEdge(F, E);
    }
  }
  for (const auto &[F, CS] : S.RunUnknown)
    AddAll(F, CS);
  G.endAppendedEdges();
}

} // namespace wqdep
