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
//    not entered from code outside them.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_PROOFS_H
#define WQDEP_GRAPH_PROOFS_H

#include "Graph/CallGraph.h"
#include "Graph/ModelFile.h"
#include "Graph/Resolver.h"

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
};

/// What the mechanisms did on one graph.
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
};

/// The edge filter of the model file's no-call entries and of
/// init-sections: CallGraph asks it for every edge it adds.
class ProofFilter : public EdgeFilter {
public:
  ProofFilter(const ProofOptions &Opts, ProofStats &Stats)
      : Opts(Opts), Stats(Stats) {}
  bool keep(const CallGraph &G, size_t Caller, const Edge &E) override;

private:
  const ProofOptions &Opts;
  ProofStats &Stats;
};

/// Calls through a slot that a model file's resolve entry speaks of go to
/// the functions it lists.
class ModelResolver : public Resolver {
public:
  ModelResolver(const ProofOptions &Opts, ProofStats &Stats,
                const WorkBindings &Bound);
  const char *name() const override { return "model"; }
  bool resolve(CallGraph &G, size_t Caller, const CallSite &CS,
               std::vector<Edge> &Out) override;

private:
  const ProofOptions &Opts;
  ProofStats &Stats;
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
/// resolution does. Call after CallGraph::addCallbackEdges(); the edges
/// are, as callback edges, not in callers() and redone after a rebuild.
void addNotifierChainEdges(CallGraph &G, ProofStats &Stats);

} // namespace wqdep

#endif
