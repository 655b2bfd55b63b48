//===- ProgramBuilderHelpers.h - Hand-built facts for unit tests -*- C++ -*-===//
//
// Builders for the facts the extractor would produce, so that tests of
// lib/Program and lib/Analysis need no Clang and no C source:
//
//   ProgramBuilder B;
//   B.alloc(wq("reclaim_wq", {"WQ_MEM_RECLAIM"}));
//   B.alloc(wq("plain_wq", {}));
//   B.fn(Fn("reclaim_fn", 1).flushWq(obj("plain_wq"), 12));
//   B.fn(Fn("init").queue(obj("struct r::work"), obj("reclaim_wq"), 20));
//   B.bind("struct r::work", "reclaim_fn");
//   AnalysisResult R = analyze(B.build());
//
// Every location is in one file, "t.c", at the line the test gives, so a
// test can name a call by its line. Also: printers for gtest, and dump(),
// a complete text form of an AnalysisResult for whole-result comparisons.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_UNITTESTS_PROGRAMBUILDERHELPERS_H
#define WQDEP_UNITTESTS_PROGRAMBUILDERHELPERS_H

#include "Analysis/Finding.h"
#include "Facts/Facts.h"
#include "Facts/KernelModel.h"
#include "Program/Program.h"

#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace wqdep {

// gtest printers (found by argument-dependent lookup), so that a failed
// EXPECT_EQ shows the values rather than their bytes.
inline void PrintTo(const Location &L, std::ostream *OS) {
  *OS << L.File << ":" << L.Line << ":" << L.Column;
}
inline void PrintTo(const Operand &O, std::ostream *OS) {
  *OS << "Operand(" << int(O.Kind) << ", '" << O.Key << "', " << O.Index
      << ", '" << O.Suffix << "')";
}
inline void PrintTo(const FuncRef &F, std::ostream *OS) {
  *OS << (F.IsSlot ? "slot '" : "fn '") << F.Key << "'";
}

namespace unittest {

/// A location in the one test file.
inline Location loc(unsigned Line, unsigned Column = 2) {
  return Location{"t.c", Line, Column};
}
inline Operand obj(std::string Key) { return Operand::object(std::move(Key)); }
inline Operand param(unsigned I, std::string Suffix = "") {
  return Operand::param(I, std::move(Suffix));
}
inline FuncRef fnRef(std::string Key) { return FuncRef{std::move(Key), false}; }
inline FuncRef slotRef(std::string Key) { return FuncRef{std::move(Key), true}; }

/// A function's facts, one call or effect at a time.
class Fn {
public:
  /// \p Key is the function key; the name users read is what follows the
  /// last ':' ("t.c:helper" is the static function "helper").
  explicit Fn(std::string Key, unsigned NumParams = 0) {
    F.Key = Key;
    size_t Colon = Key.rfind(':');
    F.Name = Colon == std::string::npos ? Key : Key.substr(Colon + 1);
    F.Loc = loc(1, 1);
    F.NumParams = NumParams;
  }

  /// A direct call of \p Callee at \p Line with workqueue-object arguments.
  Fn &call(std::string Callee, unsigned Line, std::vector<Operand> Args = {}) {
    CallSite C;
    C.Kind = CallSite::Direct;
    C.Callee = std::move(Callee);
    C.Args = std::move(Args);
    C.Loc = loc(Line);
    F.Calls.push_back(std::move(C));
    return *this;
  }
  /// A direct call passing the function (or slot) \p Ref as argument \p Arg.
  Fn &callPassing(std::string Callee, unsigned Line, unsigned Arg, FuncRef Ref) {
    call(std::move(Callee), Line);
    F.Calls.back().FnArgs.push_back({Arg, std::move(Ref), -1});
    return *this;
  }
  /// A direct call passing this function's own parameter \p FromParam on as
  /// argument \p Arg.
  Fn &callPassingParam(std::string Callee, unsigned Line, unsigned Arg,
                       unsigned FromParam) {
    call(std::move(Callee), Line);
    F.Calls.back().FnArgs.push_back({Arg, FuncRef(), int(FromParam)});
    return *this;
  }
  /// A call through the function-pointer slot \p Slot.
  Fn &callSlot(std::string Slot, unsigned Line, std::vector<Operand> Args = {}) {
    CallSite C;
    C.Kind = CallSite::Slot;
    C.Callee = std::move(Slot);
    C.Args = std::move(Args);
    C.Loc = loc(Line);
    F.Calls.push_back(std::move(C));
    return *this;
  }
  /// A call through this function's own parameter \p Index (a callback).
  Fn &callParam(unsigned Index, unsigned Line) {
    CallSite C;
    C.Kind = CallSite::Param;
    C.ParamIndex = Index;
    C.Loc = loc(Line);
    F.Calls.push_back(std::move(C));
    return *this;
  }
  /// A call of \p Work's work_struct::func.
  Fn &callWorkFunc(Operand Work, unsigned Line) {
    CallSite C;
    C.Kind = CallSite::WorkFunc;
    C.WorkItem = std::move(Work);
    C.Loc = loc(Line);
    F.Calls.push_back(std::move(C));
    return *this;
  }

  Fn &queue(Operand Work, Operand Wq, unsigned Line,
            std::string Api = "queue_work_on") {
    return effect(EffectKind::Queue, std::move(Api), std::move(Work),
                  std::move(Wq), Line);
  }
  Fn &flushWork(Operand Work, unsigned Line, std::string Api = "flush_work") {
    return effect(EffectKind::Flush, std::move(Api), std::move(Work),
                  Operand::unknown(), Line);
  }
  Fn &flushWq(Operand Wq, unsigned Line,
              std::string Api = "__flush_workqueue") {
    return effect(EffectKind::Flush, std::move(Api), Operand::unknown(),
                  std::move(Wq), Line);
  }
  Fn &cancelSync(Operand Work, unsigned Line,
                 std::string Api = "cancel_work_sync") {
    return effect(EffectKind::Exempt, std::move(Api), std::move(Work),
                  Operand::unknown(), Line);
  }
  /// INIT_WORK(Work, Fn): a store into work_struct::func.
  Fn &bind(Operand Work, FuncRef Ref, unsigned Line) {
    effect(EffectKind::Bind, "INIT_WORK", std::move(Work), Operand::unknown(),
           Line);
    F.Effects.back().Fn = std::move(Ref);
    return *this;
  }

  /// The last call or effect added, to set what the helpers above do not.
  CallSite &lastCall() { return F.Calls.back(); }
  Effect &lastEffect() { return F.Effects.back(); }

  const FunctionFacts &facts() const { return F; }
  operator FunctionFacts() const { return F; }

private:
  Fn &effect(EffectKind K, std::string Api, Operand Work, Operand Wq,
             unsigned Line) {
    Effect E;
    E.Kind = K;
    E.Api = std::move(Api);
    E.WorkItem = std::move(Work);
    E.Workqueue = std::move(Wq);
    E.Loc = loc(Line);
    F.Effects.push_back(std::move(E));
    return *this;
  }

  FunctionFacts F;
};

/// An allocation stored into \p Storage with the flags \p FlagNames (names
/// of defaultFlagBits()), decoded as the extractor decodes them. The
/// workqueue's name is the storage key unless given.
inline WorkqueueAlloc wq(std::string Storage, std::vector<std::string> FlagNames,
                         unsigned Line = 100, std::string Name = "") {
  WorkqueueAlloc A;
  A.Name = Name.empty() ? Storage : std::move(Name);
  A.Storage = std::move(Storage);
  uint64_t V = 0;
  for (const std::string &N : FlagNames)
    for (const FlagBit &B : defaultFlagBits())
      if (B.Name == N)
        V |= B.Value;
  A.Flags = V;
  A.FlagNames = std::move(FlagNames);
  for (const std::string &N : A.FlagNames) {
    A.MemReclaim |= N == "WQ_MEM_RECLAIM";
    A.Legacy |= N == "__WQ_LEGACY";
    A.BH |= N == "WQ_BH";
  }
  A.Function = "init";
  A.Loc = loc(Line);
  return A;
}

/// An allocation whose flags are not a constant (the extractor leaves Flags
/// empty and sets no bit).
inline WorkqueueAlloc wqUnknownFlags(std::string Storage, unsigned Line = 100) {
  WorkqueueAlloc A = wq(std::move(Storage), {}, Line);
  A.Flags.reset();
  return A;
}

/// One translation unit of facts, linked into a finalized Program.
class ProgramBuilder {
public:
  /// Adds \p F, replacing a function of the same key added before (so a
  /// test can redefine one that a shared setup added).
  ProgramBuilder &fn(FunctionFacts F) {
    for (FunctionFacts &Old : TU.Functions)
      if (Old.Key == F.Key) {
        Old = std::move(F);
        return *this;
      }
    TU.Functions.push_back(std::move(F));
    return *this;
  }
  ProgramBuilder &alloc(WorkqueueAlloc A) {
    TU.Allocs.push_back(std::move(A));
    return *this;
  }
  /// A static binding (DECLARE_WORK) of work item \p Work to \p Function.
  ProgramBuilder &bind(std::string Work, std::string Function,
                       unsigned Line = 200) {
    TU.Bindings.push_back({std::move(Work), std::move(Function), loc(Line)});
    return *this;
  }
  /// A store of \p Function into the function-pointer slot \p Slot.
  ProgramBuilder &store(std::string Slot, std::string Function,
                        unsigned Line = 300) {
    TU.Stores.push_back({std::move(Slot), std::move(Function), loc(Line)});
    return *this;
  }

  /// A work item \p Work running \p Function, queued on \p Wq at \p Line
  /// by a function of its own, "queue_at_<Line>": the usual shape of a
  /// reclaim context.
  ProgramBuilder &queuedWork(std::string Work, std::string Function,
                             std::string Wq, unsigned Line) {
    bind(Work, Function, Line);
    return fn(Fn("queue_at_" + std::to_string(Line))
                  .queue(obj(Work), obj(Wq), Line));
  }

  TUFacts &tu() { return TU; }

  Program build() const {
    Program P;
    P.add(TU, 0);
    P.finalize();
    return P;
  }

private:
  TUFacts TU;
};

inline std::string str(const Location &L) {
  return L.File + ":" + std::to_string(L.Line) + ":" + std::to_string(L.Column);
}

inline std::string str(const WorkqueueRef &W) {
  std::string S = "'" + W.Name + "' (" + W.Key + ") flags";
  if (!W.FlagsKnown)
    S += " unknown";
  for (const std::string &F : W.Flags)
    S += " " + F;
  return S + " at " + str(W.Loc) + (W.Builtin ? " builtin" : "");
}

inline std::string str(const std::vector<PathStep> &Path) {
  std::string S;
  for (const PathStep &P : Path) {
    S += "    " + P.Function + " @ " + str(P.Loc);
    if (!P.Via.empty())
      S += " via '" + P.Via + "'";
    S += "\n";
  }
  return S;
}

/// Every field of a result, one per line: EXPECT_EQ(dump(A), dump(B)) is a
/// field-by-field comparison whose failure shows the difference.
inline std::string dump(const AnalysisResult &R) {
  std::ostringstream OS;
  for (const Finding &F : R.Findings) {
    OS << "finding " << F.Check << ": " << F.Message << "\n"
       << "  " << F.Api << " in " << F.FlushFunction << " @ " << str(F.FlushLoc)
       << "\n  target " << str(F.Target) << " item '" << F.TargetWorkItem
       << "' runs";
    for (const std::string &W : F.TargetWorkFunctions)
      OS << " " << W;
    OS << "\n  inner:\n" << str(F.Inner);
    for (const Context &C : F.Contexts)
      OS << "  context " << C.Kind << " " << str(C.Workqueue) << " item '"
         << C.WorkItem << "' fn " << C.Function << " queued @ "
         << str(C.QueueLoc) << "\n"
         << str(C.Path);
  }
  for (const auto &[Name, Value] : R.Counters)
    OS << "stat " << Name << " = " << Value << "\n";
  return OS.str();
}

/// The functions of a path, in order.
inline std::vector<std::string> functions(const std::vector<PathStep> &Path) {
  std::vector<std::string> R;
  for (const PathStep &P : Path)
    R.push_back(P.Function);
  return R;
}

/// The value of the counter \p Name, or nullopt.
inline std::optional<uint64_t> stat(const AnalysisResult &R,
                                    const std::string &Name) {
  for (const auto &[N, V] : R.Counters)
    if (N == Name)
      return V;
  return std::nullopt;
}

} // namespace unittest
} // namespace wqdep

#endif
