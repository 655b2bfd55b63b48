//===- CallGraph.h - The whole program's calls, each with how it was resolved -*- C++ -*-===//
//
// One node per linked function (primitives of the kernel model excluded:
// their effects are facts, not calls), one edge per (call site, callee).
// Every edge carries its kind (a direct call, a call through a
// function-pointer slot, a callback passed by the caller, a work function
// run through work_struct::func) and the evidence that resolved it, so that
// reachability can rank and limit paths by what they rest on, and reports
// can say how each step was resolved.
//
// Edges come from resolver strategies (Resolver.h): the graph asks each
// strategy in turn, and the first that claims a call gives its edges. A
// more precise strategy plugs in ahead of the field-keyed fallback without
// touching the rest.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_CALLGRAPH_H
#define WQDEP_GRAPH_CALLGRAPH_H

#include "Program/Program.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wqdep {

class Resolver;
class RouteCache;

/// What kind of call an edge is.
enum class EdgeKind : uint8_t {
  Direct,       ///< The call names its callee.
  Slot,         ///< Through a function-pointer field or variable.
  Callback,     ///< The caller passes a function that the callee calls.
  WorkDispatch, ///< A work item's function, run through work_struct::func.
  NotifierChain, ///< A notifier_call run by the chain the caller names.
};

/// Why an edge exists: the evidence its resolver had. Later strategies add
/// kinds (a store on the path, an object-class witness, a model entry).
enum class EvidenceKind : uint8_t {
  Named,        ///< The callee is named at the call.
  AllStores,    ///< One of every function stored into the slot anywhere.
  CallbackArg,  ///< This caller passes this function at this call.
  WorkBinding,  ///< A function the work item is bound to.
  ModelEntry,   ///< A reviewed model file's entry lists it (Proofs.h).
  ChainRegistration, ///< Registered on the notifier chain run (Proofs.h).
};

/// A resolved call: the callee, the call site, and how it was resolved.
struct Edge {
  uint32_t Callee = 0;
  EdgeKind Kind = EdgeKind::Direct;
  EvidenceKind Evidence = EvidenceKind::Named;
  /// AllStores: how many functions the slot resolves to (the edge's width;
  /// also for a callback whose argument is a slot's value).
  uint32_t Candidates = 0;
  const CallSite *Site = nullptr;
  /// What a report names the step by: the slot key, "callback passed to
  /// F", "struct work_struct::func"; null for a direct call. Owned by the
  /// program or the graph, stable for the graph's life.
  const std::string *Label = nullptr;

  /// Whether this edge is a call through a function pointer resolved from
  /// the stores into its slot: what --max-indirect-calls counts. Callbacks
  /// (resolved per caller) and work dispatch (resolved from bindings) are
  /// not counted.
  bool isIndirect() const {
    return Kind == EdgeKind::Slot && Evidence == EvidenceKind::AllStores;
  }
  /// Whether the edge is one of several functions a slot resolves to with
  /// no narrowing evidence: a wide hop, what route ranking avoids.
  bool isWide() const {
    return Evidence == EvidenceKind::AllStores && Candidates > 1;
  }
  /// An edge to \p Callee; CallGraph::build() sets the site.
  static Edge to(size_t Callee, EdgeKind K = EdgeKind::Direct,
                 EvidenceKind Ev = EvidenceKind::Named,
                 const std::string *Label = nullptr) {
    Edge E;
    E.Callee = uint32_t(Callee);
    E.Kind = K;
    E.Evidence = Ev;
    E.Label = Label;
    return E;
  }
  const std::string &label() const;
};

/// Work item -> the functions it is bound to (static initializers, INIT_WORK
/// and its wrappers). Shared by the resolver (work_struct::func calls) and
/// the analysis (what a queued item runs).
class WorkBindings {
public:
  /// Adds a binding; a repeated one is ignored. Order of first addition is
  /// kept.
  void add(const std::string &Work, const FuncRef &Fn);
  /// Every function bound to \p Work, as refs.
  const std::vector<FuncRef> *find(const std::string &Work) const;
  size_t size() const { return Bound.size(); }
  bool operator==(const WorkBindings &O) const { return Bound == O.Bound; }

private:
  std::unordered_map<std::string, std::vector<FuncRef>> Bound;
};

class CallGraph;

/// The sets a function's out-edges come in, in the order they sit in its
/// list: call edges (build(), rebuildFunctions()), callback edges
/// (addCallbackEdges()), appended edges (appendEdge()). A patched graph
/// redoes each set on its own.
enum class EdgeSet : uint8_t { Calls, Callbacks, Appended };

/// Says which edges the graph keeps (Proofs.h: edges proved impossible are
/// not): asked for every edge build(), rebuildFunctions(),
/// addCallbackEdges() and appendEdge() add. A filter that keeps account
/// of what it said is told when the graph redoes a set of edges (what it
/// said of the old ones no longer holds): forget() before a function's
/// set is redone, forgetAll() before every function's is.
class EdgeFilter {
public:
  virtual ~EdgeFilter();
  virtual bool keep(const CallGraph &G, size_t Caller, const Edge &E,
                    EdgeSet S) = 0;
  virtual void forget(size_t Caller, EdgeSet S) {}
  virtual void forgetAll(EdgeSet S) {}
};

/// The program's call graph, over integer function indexes.
class CallGraph {
public:
  /// Indexes the program's functions (not the kernel model's primitives).
  explicit CallGraph(const Program &P);
  ~CallGraph();
  CallGraph(const CallGraph &) = delete;
  CallGraph &operator=(const CallGraph &) = delete;

  /// Resolves every call of every function with \p Strategies, in order:
  /// the first strategy that claims a call gives its edges.
  void build(const std::vector<Resolver *> &Strategies);

  /// Brings a graph built over \p P up to date after the functions with
  /// keys \p Changed were replaced in it (same keys, same globals, same
  /// work bindings for resolution): their pointers and edges are redone,
  /// the callers' lists keep the order build() gives them. The result, once
  /// addCallbackEdges() has run after it, is the graph build() and
  /// addCallbackEdges() would give.
  void rebuildFunctions(const std::vector<std::string> &Changed,
                        const std::vector<Resolver *> &Strategies);
  /// The first part of rebuildFunctions(), which does it again: points the
  /// functions with keys \p Changed at their new facts and updates
  /// withEffects() and withFlagSetters(); edges are not touched.
  void refreshFacts(const std::vector<std::string> &Changed);

  /// Adds callback edges: a function that calls its own function-pointer
  /// parameter (directly, or by passing it on to one that does) calls
  /// whatever its callers pass there. The edge goes from each caller that
  /// passes a known function to that function, at the call, so one caller's
  /// callback never becomes another's. Call after build(), once; after
  /// rebuildFunctions(), it redoes only what the replaced functions can
  /// change: which functions call their parameters among those that pass
  /// their own parameters on to them, and the callback edges of the
  /// replaced functions and of the callers of those.
  void addCallbackEdges();

  /// After rebuildFunctions() and addCallbackEdges(): the functions whose
  /// out-edges (call and callback edges) may differ from the graph's before
  /// rebuildFunctions(), sorted; every other function's are the same, edge
  /// for edge. Null when the graph was built rather than patched.
  const std::vector<uint32_t> *patchedFunctions() const {
    return Patched ? &Touched : nullptr;
  }
  /// A number for this graph's edges, new at every build() and
  /// rebuildFunctions(); patchedFrom(): the number of the graph it was
  /// patched from (patchedFunctions() say what differs), else 0.
  uint64_t version() const { return Version; }
  uint64_t patchedFrom() const { return Patched ? PrevVersion : 0; }

  /// Call sites over the whole graph, kept up to date by build(),
  /// rebuildFunctions() and addCallbackEdges() (a patch recounts only the
  /// functions it lists): what the run's counters and scope report.
  struct CallCounts {
    uint64_t Calls = 0;     ///< Every call site.
    uint64_t Indirect = 0;  ///< Through a slot or work_struct::func.
    uint64_t Callbacks = 0; ///< Of the function's own parameter.
    /// Calls the extractor could not resolve (FunctionFacts::UnresolvedCalls).
    uint64_t UnresolvedFacts = 0;
    /// Slot and work_struct::func calls with no edge at their site.
    uint64_t IndirectNoEdge = 0;
    CallCounts &operator+=(const CallCounts &O);
    CallCounts &operator-=(const CallCounts &O);
  };
  const CallCounts &callCounts() const { return Counts; }
  /// The functions with effects, and those that set task flags, in index
  /// order (kept as callCounts() is).
  const std::vector<uint32_t> &withEffects() const { return WithEffects; }
  const std::vector<uint32_t> &withFlagSetters() const {
    return WithFlagSetters;
  }
  /// The functions that are file I/O sinks of the kernel model
  /// (fileIoSinks()) or call one, in index order (kept as withEffects()):
  /// where stacked-fs-io looks, without a pass over every call.
  const std::vector<uint32_t> &withFileIo() const { return WithFileIo; }
  /// The functions that call the notifier API (lookupNotifierApi()) by
  /// name, in index order (kept as withEffects()): where the notifier
  /// chains' pass (Proofs.h) starts, without a pass over every call.
  const std::vector<uint32_t> &withNotifierApi() const {
    return WithNotifierApi;
  }

  /// Calls \p Fn(caller) for every edge into \p F, callback edges too (a
  /// caller once per edge).
  template <class CallerFn> void forEachCaller(size_t F, CallerFn &&Fn) const {
    for (const auto &C : Callers[F])
      Fn(size_t(C.first));
    for (uint32_t C : CallbackCallers[F])
      Fn(size_t(C));
  }

  const Program &program() const { return P; }
  size_t size() const { return Funcs.size(); }
  const FunctionFacts &function(size_t F) const { return *Funcs[F]; }
  const std::string &nameOf(size_t F) const { return Funcs[F]->Name; }
  /// The index of a function key, or -1.
  int64_t indexOf(const std::string &Key) const;
  /// A function's name for a key that may not be linked ("file:name").
  std::string displayName(const std::string &Key) const;
  /// The functions a reference stands for: a function, or every function
  /// stored into a slot.
  std::vector<size_t> functionsOf(const FuncRef &Fn) const;

  /// Out-edges, in call order, callback edges after a function's calls.
  const std::vector<Edge> &callees(size_t F) const { return Callees[F]; }
  /// (caller, call site) for every edge into \p F except callback edges
  /// (whose call's arguments are not \p F's): what summaries substitute.
  const std::vector<std::pair<uint32_t, const CallSite *>> &
  callers(size_t F) const {
    return Callers[F];
  }

  /// Interns a label for edges (stable address for the graph's life).
  const std::string *label(std::string L);

  /// The filter every edge added from now on passes (null: none). Not
  /// owned; clear it before the filter dies. A patched graph must be given
  /// the filter (of the same options) it was built with.
  void setEdgeFilter(EdgeFilter *F) { Filter = F; }
  /// Appended edges (Proofs.h's notifier chains): edges a pass over the
  /// whole graph adds after every function's call and callback edges.
  /// Like callback edges they are not in callers() (forEachCaller() sees
  /// them). The pass redoes all of them, after build() or
  /// rebuildFunctions() and addCallbackEdges(): beginAppendedEdges()
  /// removes every appended edge (the pass then reads the call and
  /// callback edges alone, as over a graph just built), appendEdge() adds
  /// one from \p F through the filter, endAppendedEdges() updates
  /// callCounts() and, on a patched graph, lists in patchedFunctions() the
  /// functions whose appended edges differ from before.
  void beginAppendedEdges();
  void appendEdge(size_t F, const Edge &E);
  void endAppendedEdges();
  /// Whether call \p I of function \p F was decided by a strategy or a
  /// filter with no edge left: proven impossible (or modelled), not
  /// unresolved.
  bool provenEmpty(size_t F, size_t I) const {
    return F < Proven.size() && I < Proven[F].size() && Proven[F][I];
  }

  /// The cache every RouteFinder over this graph uses (Routes.h), or null:
  /// what an analysis keeps for the next one (wqdep-clangd).
  void setRouteCache(RouteCache *C) { Routes = C; }
  RouteCache *routeCache() const { return Routes; }

private:
  const Program &P;
  std::vector<const FunctionFacts *> Funcs;
  std::unordered_map<std::string, uint32_t> Index;
  std::vector<std::vector<Edge>> Callees;
  std::vector<std::vector<std::pair<uint32_t, const CallSite *>>> Callers;
  bool CallbacksAdded = false;
  /// Per function, its edges before the callback edges.
  std::vector<uint32_t> CallEdges;
  /// Per function: the parameters it calls (CallSite::Param), directly or
  /// by passing them on; and the callers with a callback or appended edge
  /// into it (once per edge).
  std::vector<std::vector<unsigned>> CallsParam;
  std::vector<std::vector<uint32_t>> CallbackCallers;
  /// Per function, the entries of Callers whose call passes one of the
  /// caller's parameters on (FnArg::FromParam): the only calls through
  /// which which parameters a function calls can spread (in caller order).
  std::vector<std::vector<std::pair<uint32_t, const CallSite *>>> Passing;
  /// Makes \p Caller's entries in the list \p C those of \p Sites (in
  /// order), in place when they are as many.
  static void replaceCaller(
      std::vector<std::pair<uint32_t, const CallSite *>> &C, uint32_t Caller,
      const std::vector<const CallSite *> &Sites);
  /// Per function, its edges before the appended edges; the functions with
  /// appended edges (sorted after endAppendedEdges()); and, during a pass
  /// over a patched graph, the appended edges each had before it.
  std::vector<uint32_t> CallbackEnd;
  std::vector<uint32_t> WithAppended;
  std::unordered_map<uint32_t, std::vector<Edge>> OldAppended;
  /// rebuildFunctions(): the replaced functions, then (addCallbackEdges())
  /// every function whose out-edges may have changed.
  bool Patched = false;
  std::vector<uint32_t> Touched;
  uint64_t Version = 0, PrevVersion = 0;
  /// Appends \p F's callback edges, from its call edges and CallsParam.
  void addCallbackEdgesOf(size_t F);
  /// Per function its counts (once its callback edges are in), and the sum.
  std::vector<CallCounts> FnCounts;
  CallCounts Counts;
  CallCounts countsOf(size_t F) const;
  std::vector<uint32_t> WithEffects, WithFlagSetters, WithFileIo,
      WithNotifierApi;
  /// Puts \p F in or out of WithEffects, WithFlagSetters, WithFileIo and
  /// WithNotifierApi.
  void listFunction(size_t F);
  RouteCache *Routes = nullptr;
  EdgeFilter *Filter = nullptr;
  /// Per function, per call: decided with no edge (provenEmpty()).
  std::vector<std::vector<char>> Proven;
  /// Resolves call \p CS of \p F into \p Out with \p Strategies, then
  /// the filter; notes a call left with no edge by a decision.
  void resolveCall(size_t F, const CallSite &CS,
                   const std::vector<Resolver *> &Strategies,
                   std::vector<Edge> &Out);
  std::deque<std::string> Labels;
  std::unordered_map<std::string, const std::string *> LabelIndex;
};

} // namespace wqdep

#endif
