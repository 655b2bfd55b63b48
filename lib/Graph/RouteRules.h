//===- RouteRules.h - Model entries that hold on routes -*- C++ -*-===//
//
// The model file's route entries (ModelFile.h, docs/model-file.md): what a
// maintainer knows of the calls made *under* one function, which the edges
// cannot say because they are shared with every other caller.
//
//   no-path debugfs_remove -> vfs_kern_mount because: ...
//     no chain of calls made while debugfs_remove() runs (it, or anything
//     it calls, directly or through pointers, callbacks or work dispatch on
//     the route) reaches vfs_kern_mount();
//   resolve struct file_operations::write_iter under autofs_write -> pipe_write because: ...
//     a call through the slot made under autofs_write() goes to
//     pipe_write() and nothing else.
//
// A route is a chain of calls from a context to a site, so "under X" is
// "after X on the route". The route finder carries a bit per entry whose
// function the route entered (Followed::Armed); a step the entries rule
// out is no step, and a (context, site) pair whose every route takes one
// is searched again (WitnessCheck::search()) and, with no route left, not
// reported.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_ROUTERULES_H
#define WQDEP_GRAPH_ROUTERULES_H

#include "Graph/CallGraph.h"
#include "Graph/ModelFile.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace wqdep {

class RouteRules {
public:
  /// The route entries of \p MF not left out by \p Skip (per entry, 1:
  /// left out), over the functions of \p G.
  RouteRules(const CallGraph &G, const ModelFile &MF,
             const std::vector<char> &Skip);

  /// Whether there is any entry to apply.
  bool empty() const { return Rules.empty(); }
  /// The entries entering function \p F arms (a bit per rule).
  uint64_t arms(size_t F) const {
    auto It = Arms.find(uint32_t(F));
    return It == Arms.end() ? 0 : It->second;
  }
  /// Whether \p E, made by \p Caller on a route that armed \p Armed, is a
  /// call the armed entries rule out.
  bool forbids(uint64_t Armed, size_t Caller, const Edge &E) const;
  /// A hash of what the rules are (their entries and the functions they
  /// name), for a route cache key.
  uint64_t hash() const { return Hash; }
  /// Per model entry (by index), the functions of the program it names
  /// under which it applies; 0 for the others.
  const std::vector<uint64_t> &functionsPerEntry() const { return Functions; }

private:
  struct Rule {
    size_t Entry;
    const ModelEntry *M;
    /// NoPath: the functions not reached; Resolve under: the functions the
    /// slot's calls may go to.
    std::unordered_set<uint32_t> Set;
  };
  const CallGraph &G;
  std::vector<Rule> Rules;
  std::unordered_map<uint32_t, uint64_t> Arms;
  /// Per function, the NoPath rules that forbid entering it.
  std::unordered_map<uint32_t, uint64_t> Forbidden;
  /// The Resolve rules' bits.
  uint64_t SlotRules = 0;
  uint64_t Hash = 0;
  std::vector<uint64_t> Functions;
};

} // namespace wqdep

#endif
