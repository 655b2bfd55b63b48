//===- Witnesses.h - Object-class witnesses along a route -*- C++ -*-===//
//
// The object-witnesses and argument-values mechanisms (Proofs.h's list;
// docs/limits.md, "Object-class witnesses", "Argument values"). A function that reads a `void *` field of an
// object it is handed as one struct type (FunctionFacts::Witnesses:
// `NFS_SB(sb)` reads `sb->s_fs_info` as a `struct nfs_server *`) is only
// ever called with objects of that class. Along a route, the object a
// function was handed is followed down the calls that pass it on unchanged
// (CallSite::ArgParams): at a call through a slot resolved to every
// function stored into it (a wide hop), a candidate whose own witness on
// the parameter that receives the object disagrees (`nfsd_umount()` reads
// `s_fs_info` as a `struct net *`) cannot be called with it, and a route
// that takes that hop is no route.
//
// The call graph is not changed (an edge is impossible on some routes
// only): routes are checked after they are found, and a (context, site)
// pair whose routes were all impossible is searched again over (function,
// object followed) states, which finds the best route that is possible or
// proves there is none (WitnessSearch).
//
// The argument-values mechanism rides in the same states (Followed::Vals):
// the values a route handed the current function's parameters (constants,
// not null, passed on; CallSite::ArgValues), against the conditions its
// calls are made under (CallSite::Guards). A call whose guards they fail
// is no step, whatever it reaches.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_WITNESSES_H
#define WQDEP_GRAPH_WITNESSES_H

#include "Graph/CallGraph.h"
#include "Graph/Fields.h"
#include "Graph/Reachability.h"
#include "Graph/RouteRules.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace wqdep {

/// Per function and parameter, what the function's witnesses say of the
/// object handed there: its own, and those of the functions it calls with
/// the object on every run (CallSite::Always, a direct call passing the
/// parameter on: `nfs_sb_deactive()` calls `NFS_SB(sb)`). Sets of
/// witnesses are numbered (0: none); a set that disagrees with itself on
/// a field (two casts of one field to unrelated types) says nothing of
/// that field.
class WitnessSummaries {
public:
  /// Computes the summaries of every function of \p G.
  explicit WitnessSummaries(const CallGraph &G);

  /// The witness set of function \p F on parameter \p Param; 0: none.
  uint32_t of(size_t F, unsigned Param) const;
  /// Whether sets \p A and \p B disagree on a field: one object cannot be
  /// both.
  bool contradict(uint32_t A, uint32_t B) const;
  /// Per function, a hash of its summaries by name (not by number): the
  /// same in another process for the same witnesses; 0 for none.
  std::vector<uint64_t> hashes() const;
  /// Whether function \p F has a witness set on any parameter.
  bool any(size_t F) const { return F < Sum.size() && !Sum[F].empty(); }
  /// The witness sets of the struct members call \p CS hands by address
  /// (CallSite::ArgOrigins), by argument; null for none.
  const std::vector<std::pair<uint8_t, uint32_t>> *
  origins(const CallSite &CS) const;
  /// Functions with a witness of their own, and with a summary.
  size_t ownCount() const { return Own; }
  size_t summaryCount() const { return Summarised; }

private:
  struct Witness {
    uint32_t Path;
    /// The struct types: the first is the type read, the rest the types
    /// it begins with.
    std::vector<uint32_t> Types;
  };
  std::vector<std::string> Names;
  std::unordered_map<std::string, uint32_t> NameIds;
  std::vector<Witness> Ws;
  std::map<std::pair<uint32_t, std::string>, uint32_t> WIds;
  /// Sets: sorted witness ids; Sets[0] is empty.
  std::vector<std::vector<uint32_t>> Sets;
  std::map<std::vector<uint32_t>, uint32_t> SetIds;
  /// Per function: (parameter, set), sorted by parameter.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> Sum;
  std::unordered_map<const CallSite *,
                     std::vector<std::pair<uint8_t, uint32_t>>>
      Origins;
  size_t Own = 0, Summarised = 0;

  uint32_t name(const std::string &S);
  uint32_t witness(const std::string &Path, const std::string &Type);
  uint32_t intern(std::vector<uint32_t> Set);
  bool disagree(uint32_t W1, uint32_t W2) const;
  /// \p Set less the fields it disagrees with itself on.
  uint32_t clean(uint32_t Set);
};

/// What the check of one route, or the search for one, follows: the
/// object the current function was handed (its parameter, and the witness
/// sets of the functions that handed it on, up to four), or nothing; and
/// what the route handed the current function's parameters (argument
/// values: up to four).
struct Followed {
  int Param = -1;
  std::array<uint32_t, 4> Sets = {0, 0, 0, 0};
  /// Per known parameter, or member of a parameter's object (field
  /// values, Fields.h): ((member << 8 | parameter) << 2 | kind, value),
  /// member a FieldSummaries::id() (0: the parameter itself), kind
  /// ValConst or ValNonZero; 0 in the first: no more.
  /// ValFn (slot origin): a member holding a function, the value its
  /// index in the graph.
  static constexpr uint32_t ValConst = 1, ValNonZero = 2, ValFn = 3;
  static uint32_t key(unsigned Param, uint32_t Member, uint32_t Kind) {
    return (Member << 8 | Param) << 2 | Kind;
  }
  std::array<std::pair<uint32_t, int64_t>, 4> Vals = {};
  /// The model file's route entries (RouteRules.h) whose function the
  /// route has entered: a bit per rule.
  uint64_t Armed = 0;
  /// Adds a set (a full list keeps its four: fewer witnesses, fewer cuts).
  void add(uint32_t Set);
  bool any() const { return Sets[0] != 0; }
  bool anyValue() const { return Vals[0].first != 0; }
  /// Whether the state is a plain one: nothing followed, nothing armed.
  bool plain() const { return Param < 0 && !anyValue() && !Armed; }
  /// The value known of parameter \p P (of member \p Member of its
  /// object), or null.
  const std::pair<uint32_t, int64_t> *value(unsigned P,
                                            uint32_t Member = 0) const;
  /// Whether a member of parameter \p P's object is known (field values).
  bool holdsMember(unsigned P) const;
};

/// Per function of \p G, a bit per parameter (the first 64) whose value
/// can decide a call: one its calls are guarded by, or one it passes on
/// (as itself, or negated) to a parameter of a callee whose value can. The
/// values of other parameters are not followed: they change no answer, and
/// following them would make every constant argument a search state of its
/// own.
/// With \p Fields, a condition on a member of a parameter's object
/// (field values) counts as one on the parameter.
/// With \p SlotOrigin too, a call through a member of a parameter's
/// object (CallSite::SlotReads).
std::vector<uint64_t> valueParams(const CallGraph &G, bool Fields = false,
                                  bool SlotOrigin = false);

/// Checks routes and searches for possible ones, by the witnesses \p S
/// (none: null); with \p Values, by argument values: a call made only
/// under a condition on its function's parameters (CallSite::Guards) is
/// not made when the values the route handed them (CallSite::ArgValues,
/// constants and parameters passed on) fail it; and with \p Rules, by
/// the model file's route entries.
class WitnessCheck {
public:
  /// \p Values: valueParams() of \p G, or null (argument values off).
  /// \p Rules: null, none.
  /// \p Fields: field values (with \p Values only), or null.
  WitnessCheck(const CallGraph &G, const WitnessSummaries *S,
               const std::vector<uint64_t> *Values,
               const RouteRules *Rules = nullptr,
               const FieldSummaries *Fields = nullptr)
      : G(G), S(S), Values(Values), Rules(Rules),
        Fields(Values ? Fields : nullptr) {}

  /// What a route starting at \p Seed follows there.
  Followed start(size_t Seed) const;

  /// What the callee of \p E is handed, when \p Caller (following \p In)
  /// makes the call; sets \p Possible to false when \p E is a wide hop
  /// the followed object cannot take, or a call its guards rule out.
  Followed step(size_t Caller, const Followed &In, const Edge &E,
                bool &Possible);
  /// Whether the route \p Path from \p Seed takes no impossible hop.
  bool possible(size_t Seed, const EdgePath &Path);

  /// The best possible route (cost as Routes.h ranks them: wide hops
  /// << 32, plus calls) from \p Seed to each function of \p Targets, over
  /// states (function, object followed): A* with \p Bound(F), a lower
  /// bound of the cost from F to the nearest target that is consistent
  /// (RouteFinder::costTo(): the best route over functions alone), or
  /// UINT64_MAX where no target is reached (not searched further). Takes
  /// no edge \p Skip accepts and, out of the seed, only edges \p FirstCall
  /// accepts (when given). \p Visit(target, route) for each target
  /// reached; a target not visited has no possible route (or, with
  /// \p MaxCost, none that costs at most that).
  void search(size_t Seed, const std::vector<uint32_t> &Targets,
              const std::function<uint64_t(size_t)> &Bound,
              const std::function<bool(const Edge &)> &Skip,
              const std::function<bool(const Edge &)> *FirstCall,
              const std::function<void(size_t, const EdgePath &)> &Visit,
              uint64_t MaxCost = UINT64_MAX);

private:
  const CallGraph &G;
  const WitnessSummaries *S;
  const std::vector<uint64_t> *Values;
  const RouteRules *Rules;
  const FieldSummaries *Fields;
  /// step() without the route entries.
  Followed stepFacts(size_t Caller, const Followed &In, const Edge &E,
                     bool &Possible);
  /// The value the route \p In knows of member \p Field of parameter
  /// \p Param's object at a point of \p Caller (\p Before: what may
  /// happen there before it; ValueGuard::Before), or null.
  const std::pair<uint32_t, int64_t> *
  memberValue(size_t Caller, const Followed &In, unsigned Param,
              const std::string &Field, uint32_t Before) const;
  /// Whether the guards of \p CS, a call of \p Caller, hold for what
  /// \p In knows.
  bool guardsHold(size_t Caller, const Followed &In, const CallSite &CS) const;
  /// What the callee (with \p Params parameters) of a call \p CS of
  /// \p Caller is handed, from what \p In knows of the caller's.
  void passValues(size_t Caller, const Followed &In, const CallSite &CS,
                  unsigned Params, uint64_t Wanted, Followed &Out) const;
  /// step()'s witnesses: the object followed into the callee of \p E.
  Followed witnessStep(size_t Caller, const Followed &In, const Edge &E,
                       const CallSite &CS, bool &Possible);
  /// search()'s per-function arrays, kept between searches (and reset
  /// where a search set them): the bound, the plain state's number.
  std::vector<uint64_t> H;
  std::vector<uint32_t> Plain, Touched;
};

} // namespace wqdep

#endif
