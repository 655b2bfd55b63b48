//===- ModelFile.h - A reviewed model file: what maintainers know -*- C++ -*-===//
//
// Maintainers know things about calls through function pointers that no
// analysis proves. A model file (docs/model-file.md) states them, one entry
// a line, each with its reason:
//
//   resolve struct file_system_type::kill_sb in deactivate_locked_super -> nfs_kill_super, kill_anon_super because: ...
//   no-call nfs_sb_deactive -> deactivate_super because: ...
//   no-path debugfs_remove -> vfs_kern_mount because: ...
//   resolve struct file_operations::write_iter under autofs_write -> pipe_write because: ...
//
// `resolve` makes the calls through a slot (optionally only those made by
// one function, or at one file:line) resolve to the functions listed and
// nothing else; `no-call` removes every call edge from one function to
// another (optionally only at one file:line). Both work per edge: one false
// edge into a hub spawns hundreds of paths, a finding is only where they end.
//
// Two kinds work on routes instead (RouteRules.h), for what is true of one
// function's callees but not of the edges they share with every other
// caller: `no-path X -> Y` (no chain of calls made under X reaches Y), and
// `resolve ... under X` (calls through the slot made under X resolve to the
// functions listed).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_GRAPH_MODELFILE_H
#define WQDEP_GRAPH_MODELFILE_H

#include <string>
#include <vector>

namespace wqdep {

struct FunctionFacts;
struct CallSite;

/// A function as an entry names it: "name" (every function of that name),
/// or "path:name" (a function of that name defined in a file whose path
/// ends with path, for static functions).
struct FunctionPattern {
  std::string File; ///< Empty: any file.
  std::string Name;
  bool matches(const FunctionFacts &F) const;
  std::string str() const { return File.empty() ? Name : File + ":" + Name; }
};

struct ModelEntry {
  enum KindTy { Resolve, NoCall, NoPath };
  KindTy Kind = Resolve;
  unsigned Line = 0;       ///< Line in the model file.
  std::string Text;        ///< The entry as written, without its reason.
  std::string Reason;
  /// Resolve: the slot key ("struct file_system_type::kill_sb").
  std::string Slot;
  /// Resolve: the calling function (Name empty: any). NoCall: the caller.
  /// NoPath: the function under which the others are not reached.
  FunctionPattern Caller;
  /// NoCall: the callee.
  FunctionPattern Callee;
  /// Resolve: the functions the calls resolve to. NoPath: the functions
  /// not reached.
  std::vector<FunctionPattern> Targets;
  /// Resolve: only the calls made under this function on a route (Name
  /// empty: every call), a route entry.
  FunctionPattern Under;
  /// Only the calls at this place (AtLine 0: anywhere): the path of the
  /// call's file ends with AtFile.
  std::string AtFile;
  unsigned AtLine = 0;

  /// Whether the entry works on routes (RouteRules.h), not on the graph.
  bool onRoutes() const { return Kind == NoPath || !Under.Name.empty(); }

  /// Whether \p CS, a call made by \p Caller, is one this entry speaks of
  /// (for NoCall: whatever its callee).
  bool matchesCall(const FunctionFacts &CallerFn, const CallSite &CS) const;
};

struct ModelFile {
  /// At most this many route entries (ModelEntry::onRoutes()): a route's
  /// state holds a bit for each.
  static constexpr size_t MaxRouteEntries = 64;
  std::string Path;
  std::vector<ModelEntry> Entries;
  /// "FILE:LINE" of entry \p I.
  std::string where(size_t I) const;
};

/// Parses the model file \p Text read from \p Path. On a malformed line
/// returns false with \p Err one line, "FILE:LINE: what is wrong".
bool parseModelFile(const std::string &Path, const std::string &Text,
                    ModelFile &Out, std::string &Err);
/// Reads and parses \p Path; \p Err as parseModelFile() says, or why the
/// file cannot be read.
bool loadModelFile(const std::string &Path, ModelFile &Out, std::string &Err);

} // namespace wqdep

#endif
