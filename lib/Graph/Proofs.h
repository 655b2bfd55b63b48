//===- Proofs.h - Mechanisms that prove calls impossible -*- C++ -*-===//
//
// Each mechanism removes call edges that the field-keyed resolution
// (FieldResolver) adds but that cannot happen, and falls back to that
// resolution where it cannot prove anything (docs/limits.md, "Cutting false
// paths"). Each has a switch (--no-<mechanism>) so that what it removes can
// be measured:
//  - model (ModelResolver, and the edge filter): a reviewed model file's
//    entries (ModelFile.h);
//  - notifier-chains (NotifierRunnerResolver, addNotifierChainEdges()): a
//    notifier chain that is run calls the blocks registered on that chain;
//  - init-sections (the edge filter): code in .init.text and .exit.text is
//    not entered from code outside them;
//  - terminal-callees (the edge filter, and EffectSummaries for effects):
//    nothing after a call that never returns, made on every run, runs;
//  - object-witnesses (Witnesses.h, on routes rather than edges): an
//    object handed down a chain of calls is not handed to a function that
//    treats it as another class of object;
//  - argument-values (Witnesses.h, on routes): a call made only under a
//    condition on a parameter is not made with a value handed down the
//    route that fails it (`if (rqstp) fh_verify(...)` after a call with
//    NULL);
//  - nested-scopes (Analysis/Model.h, on the flush and wait checks'
//    searches): what a context reaches only inside another function's
//    PF_MEMALLOC scope is that scope's task's pair, reported once there;
//  - atomic-sections (Analysis/Model.h, on the searches for what sleeps:
//    flushes, waits, file writes): no route takes a call made where its
//    function has disabled preemption, interrupts or softirqs.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_PROOFS_H
#define WQDEP_GRAPH_PROOFS_H

#include "Graph/CallGraph.h"
#include "Graph/ModelFile.h"
#include "Graph/Resolver.h"

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace wqdep {

/// Which mechanisms run.
struct ProofOptions {
  /// The reviewed model file; null: none (or --no-model).
  std::shared_ptr<const ModelFile> Model;
  /// Per entry of Model: 1 to leave it out (what an entry removes is
  /// measured by analysing without it).
  std::vector<char> SkipEntry;
  bool NotifierChains = true;
  bool InitSections = true;
  /// Calls and effects after a call that never returns (CallSite::
  /// AfterTerminal) are not made.
  bool TerminalCallees = true;
  /// Object-class witnesses (Witnesses.h): routes are checked, not the
  /// graph, so a graph is the same with or without them.
  bool ObjectWitnesses = true;
  /// Argument values (Witnesses.h, on routes too): a route does not make
  /// a call under a condition on a parameter that the values handed down
  /// it contradict.
  bool ArgumentValues = true;
  /// Field values (Fields.h, with ArgumentValues): members of objects
  /// handed down a route, against conditions on them.
  bool FieldValues = true;
  /// Slot origin (Fields.h, with FieldValues): a call through a member of
  /// an object handed down a route with a function stored in it calls
  /// that function only.
  bool SlotOrigin = true;
  /// Nested PF_MEMALLOC scopes (Analysis/Model.h, routeContexts()): a
  /// worker's route that enters another function's certainly open
  /// PF_MEMALLOC scope (direct reclaim from an allocation) reaches what it
  /// reaches there as that scope's task, which is reported as a context
  /// of its own: the pair is the scope's, not each worker's that
  /// allocates.
  bool NestedScopes = true;
  /// Atomic sections (Analysis/Model.h, RouteQuery::AtomicSections): a
  /// call made where its function has certainly disabled preemption,
  /// interrupts or softirqs (CallSite::Atomic) runs what cannot sleep, so
  /// no route to a flush, a wait or a file write takes it.
  bool AtomicSections = true;
};

/// What the mechanisms did on one graph (ProofLedger::totals()).
struct ProofStats {
  /// Per model entry: the call sites it decided (resolve: calls it
  /// resolved; no-call: calls it removed an edge of), and the edges it
  /// removed against the field-keyed resolution.
  std::vector<uint64_t> EntrySites, EntryEdgesRemoved;
  /// Calls that run a notifier chain: by the chain's registrations, and
  /// falling back to every notifier_call (chain or registrations unnamed).
  uint64_t ChainCalls = 0, ChainCallsFallback = 0;
  /// Calls from outside .init.text/.exit.text into them, removed.
  uint64_t InitEdgesRemoved = 0;
  /// Call edges of calls after a call that never returns, removed.
  uint64_t TerminalEdgesRemoved = 0;
};

/// ProofStats as the mechanisms count them while a graph is built: per
/// calling function and set of edges (EdgeSet), so that a graph patched
/// at some functions (CallGraph::rebuildFunctions()) forgets what it
/// redoes and counts it again, and the totals are those of a graph built
/// afresh. The chain counts are the notifier pass's, which redoes every
/// chain.
class ProofLedger {
public:
  void initEdgeRemoved(size_t Caller, EdgeSet S) {
    ++part(Caller, S).InitEdgesRemoved;
  }
  void terminalEdgeRemoved(size_t Caller, EdgeSet S) {
    ++part(Caller, S).TerminalEdgesRemoved;
  }
  /// Model entry \p Entry decided a call (\p Sites) and removed \p Edges.
  void entryUsed(size_t Caller, EdgeSet S, size_t Entry, uint64_t Sites,
                 uint64_t Edges);
  void forget(size_t Caller, EdgeSet S) { Parts.erase(key(Caller, S)); }
  void forgetAll(EdgeSet S);
  uint64_t ChainCalls = 0, ChainCallsFallback = 0;
  /// The sums; EntrySites and EntryEdgesRemoved have \p Entries elements.
  ProofStats totals(size_t Entries) const;

private:
  struct Part {
    uint64_t InitEdgesRemoved = 0, TerminalEdgesRemoved = 0;
    /// (entry, sites, edges removed).
    std::vector<std::array<uint64_t, 3>> Entries;
  };
  static uint64_t key(size_t Caller, EdgeSet S) {
    return uint64_t(Caller) << 2 | uint64_t(S);
  }
  Part &part(size_t Caller, EdgeSet S) { return Parts[key(Caller, S)]; }
  std::unordered_map<uint64_t, Part> Parts;
};

/// The edge filter of the model file's no-call entries, of init-sections
/// and of terminal-callees: CallGraph asks it for every edge it adds.
class ProofFilter : public EdgeFilter {
public:
  ProofFilter(const ProofOptions &Opts, ProofLedger &Stats)
      : Opts(Opts), Stats(Stats) {}
  bool keep(const CallGraph &G, size_t Caller, const Edge &E,
            EdgeSet S) override;
  void forget(size_t Caller, EdgeSet S) override { Stats.forget(Caller, S); }
  void forgetAll(EdgeSet S) override { Stats.forgetAll(S); }

private:
  const ProofOptions &Opts;
  ProofLedger &Stats;
};

/// Whether two option sets build the same graph (a patched graph must be
/// patched under the options it was built with).
bool sameProofs(const ProofOptions &A, const ProofOptions &B);
/// What the mechanisms read of a function as the callee of a call that is
/// not redone when it changes (its section; its file, which model entries
/// name it by), as a number: a graph may be patched at a function only if
/// it is the same.
uint64_t proofCalleeKey(const ProofOptions &Opts, const FunctionFacts &F);

/// Calls through a slot that a model file's resolve entry speaks of go to
/// the functions it lists.
class ModelResolver : public Resolver {
public:
  ModelResolver(const ProofOptions &Opts, ProofLedger &Stats,
                const WorkBindings &Bound);
  const char *name() const override { return "model"; }
  bool resolve(CallGraph &G, size_t Caller, const CallSite &CS,
               std::vector<Edge> &Out) override;

private:
  const ProofOptions &Opts;
  ProofLedger &Stats;
  /// What the field-keyed resolution gives, to count what an entry removes.
  FieldResolver Field;
  /// Per entry: its targets' indexes (found on first use).
  std::unordered_map<size_t, std::vector<uint32_t>> Targets;
};

/// The calls of notifier_block::notifier_call inside the function that runs
/// a chain (kernel/notifier.c's notifier_call_chain()): modelled, so they
/// are no edges there; addNotifierChainEdges() gives each caller that runs
/// a chain the chain's blocks.
class NotifierRunnerResolver : public Resolver {
public:
  const char *name() const override { return "notifier-chains"; }
  bool resolve(CallGraph &G, size_t Caller, const CallSite &CS,
               std::vector<Edge> &Out) override;
};

/// Adds, at every call that runs a notifier chain (the notifier API, or a
/// function that passes its parameter on to it), an edge to each function
/// stored into the notifier_call of a block registered on that chain
/// (through the same summaries: `register_reboot_notifier(nb)`). Where the
/// chain, or a registration on it, cannot be named, the call goes to every
/// function stored into notifier_block::notifier_call, as the field-keyed
/// resolution does. Call after CallGraph::addCallbackEdges(), after a
/// build or a patch: the edges are the graph's appended edges
/// (CallGraph::appendEdge()), all redone each time, as the chains are
/// (a registration anywhere changes every run of its chain).
void addNotifierChainEdges(CallGraph &G, ProofLedger &Stats);

} // namespace wqdep

#endif
