//===- WqdepFactsMain.cpp - Print the facts of a translation unit ---------===//
//
// A debugging front end: parses one file of a compile database and prints
// the facts the extractor records for it (lib/Facts/Facts.h) as JSON, or,
// with --linked, links several files and prints what the program keeps of
// function-pointer slots. The output is sorted and stable: objects' keys in
// order, one record (call, effect, store, ...) per line, so lit tests can
// FileCheck it.
//
//===----------------------------------------------------------------------===//
#include "Driver/Pipeline.h"
#include "Driver/KernelTree.h"
#include "Extract/Runner.h"
#include "Facts/Facts.h"
#include "Facts/KernelModel.h"
#include "Facts/Serialize.h"
#include "Program/Program.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unistd.h>

using namespace llvm;
using namespace clang::tooling;
using namespace wqdep;

namespace {

/// Exit statuses, as wqdep's: no findings here, so no 1.
enum ExitCode { ExitOk = 0, ExitUsage = 2, ExitInternal = 3 };

cl::OptionCategory Category("wqdep-facts options");

cl::opt<std::string> BuildPath(
    "p", cl::desc("Build directory containing compile_commands.json, or the "
                  "path of the JSON file itself"),
    cl::value_desc("dir"), cl::cat(Category));

cl::opt<bool> Linked(
    "linked",
    cl::desc("Link the files (every C file of the database when none is "
             "named) and print the program's slots and slot stores"),
    cl::cat(Category));

cl::opt<bool> Roundtrip(
    "roundtrip",
    cl::desc("Encode and decode the facts in the program database's format "
             "(lib/Facts/Serialize.h) before printing: the output must not "
             "change"),
    cl::cat(Category));

cl::opt<std::string> ResourceDir(
    "resource-dir",
    cl::desc("Clang resource directory (default: the one of the clang-19 "
             "wqdep-facts was built with)"),
    cl::init(WQDEP_RESOURCE_DIR), cl::cat(Category));

cl::opt<bool> KernelTreeOpt(
    "kernel-tree",
    cl::desc("Print what wqdep reads from the kernel tree behind the "
             "database (version, model profile, system workqueues, whether "
             "cancels are exempt, the drift check) instead of facts"),
    cl::cat(Category));

cl::opt<std::string> KernelApi(
    "kernel-api",
    cl::desc("Print the include/linux/workqueue.h names the kernel model "
             "expects in a tree of this profile (6.1, 6.12), one a line"),
    cl::value_desc("profile"), cl::cat(Category));

cl::list<std::string> Sources(cl::Positional,
                              cl::desc("<source file> (several with --linked)"),
                              cl::cat(Category));

const char *Overview =
    "prints the facts wqdep extracts from a translation unit, as JSON\n\n"
    "  For debugging the extractor: what wqdep knows of each function's\n"
    "  calls, effects and stores. Exit status: 0 done, 2 usage or input\n"
    "  error, 3 internal error.\n";

int fail(int Code, const Twine &Msg) {
  errs() << "wqdep-facts: error: " << Msg << "\n";
  return Code;
}

// JSON renderings of facts.

std::string locStr(const Location &L) {
  if (!L.valid())
    return "";
  return L.File + ":" + std::to_string(L.Line) + ":" + std::to_string(L.Column);
}

json::Value refJson(const ObjectRef &R) {
  json::Object O;
  switch (R.Kind) {
  case ObjectRef::Unknown:
    O["kind"] = "unknown";
    return O;
  case ObjectRef::Param:
    O["kind"] = "param";
    O["index"] = R.Index;
    break;
  case ObjectRef::Local:
    O["kind"] = "local";
    O["var"] = R.Var;
    break;
  case ObjectRef::Global:
    O["kind"] = "global";
    O["var"] = R.Var;
    break;
  }
  O["path"] = R.Path;
  return O;
}

json::Value funcRefJson(const FuncRef &F) {
  if (!F.known())
    return nullptr;
  return json::Object{{"key", F.Key}, {"slot", F.IsSlot}};
}

const char *callKind(CallSite::KindTy K) {
  switch (K) {
  case CallSite::Direct:
    return "direct";
  case CallSite::Slot:
    return "slot";
  case CallSite::WorkFunc:
    return "work_func";
  case CallSite::Param:
    return "param";
  }
  return "?";
}

const char *effectKind(EffectKind K) {
  switch (K) {
  case EffectKind::Queue:
    return "queue";
  case EffectKind::Flush:
    return "flush";
  case EffectKind::Exempt:
    return "exempt";
  case EffectKind::Bind:
    return "bind";
  case EffectKind::Wait:
    return "wait";
  case EffectKind::Complete:
    return "complete";
  }
  return "?";
}

json::Value callJson(const FunctionFacts &F, const CallSite &C,
                     const std::vector<CallSite> &Extracted) {
  json::Object O{{"kind", callKind(C.Kind)},
                 {"loc", locStr(C.Loc)},
                 {"callee_noreturn", C.CalleeNoReturn}};
  if (C.Kind == CallSite::Direct || C.Kind == CallSite::Slot)
    O["callee"] = C.Callee;
  if (C.Kind == CallSite::Slot)
    O["receiver"] = refJson(F.receiver(C));
  if (C.Kind == CallSite::WorkFunc)
    O["work_item"] = C.WorkItem.str();
  if (C.Kind == CallSite::Param)
    O["param"] = C.ParamIndex;
  if (C.TaskFlags)
    O["task_flags"] = taskFlagNames(C.TaskFlags);
  if (C.TaskFlags & TF_MEMALLOC_ALWAYS)
    O["memalloc_always"] = true;
  if (C.GuardClear)
    O["only_if_clear"] = taskFlagNames(C.GuardClear);
  if (C.AfterTerminal)
    O["after_noreturn"] = true;
  if (C.Atomic)
    O["atomic"] = true;
  if (!C.Guards.empty()) {
    static const char *const Ops[] = {"zero", "nonzero", "==", "!=",
                                      "in"};
    json::Array A;
    for (const ValueGuard &G : C.Guards) {
      std::string S = "param " + std::to_string(G.Param) +
                      (G.Field.empty() ? "" : "->" + G.Field) + " " +
                      Ops[G.Op];
      if (G.Op == ValueGuard::Eq || G.Op == ValueGuard::Ne ||
          G.Op == ValueGuard::EqAny)
        S += " " + std::to_string(G.Value);
      if (G.Before)
        S += " (before: " + std::to_string(G.Before - 1) + ")";
      A.push_back(S);
    }
    O["only_if"] = std::move(A);
  }
  if (!C.ArgFields.empty()) {
    json::Array A;
    for (const FieldValue &V : C.ArgFields)
      A.push_back("arg " + std::to_string(V.Arg) + "->" + V.Field + " = " +
                  (!V.Table.empty()     ? "&" + V.Table
                   : V.FromParam >= 0   ? "param " + std::to_string(V.FromParam)
                   : V.Fn.empty()       ? std::to_string(V.Value)
                                        : V.Fn) +
                  " (else: " + std::to_string(V.Before - 1) + ")");
    O["arg_fields"] = std::move(A);
  }
  if (!C.ArgInits.empty()) {
    // ArgInit::Call numbers the calls as extracted.
    json::Array A;
    for (const ArgInit &I : C.ArgInits)
      A.push_back("arg " + std::to_string(I.Arg) + " set up by " +
                  (I.Call < Extracted.size() ? Extracted[I.Call].Callee
                                             : std::string("?")) +
                  " arg " + std::to_string(I.CalleeArg) + " (else: " +
                  std::to_string(I.Before - 1) + ")" +
                  (I.Stored.empty() ? std::string()
                                    : " stored: " + llvm::join(I.Stored, ", ")));
    O["arg_inits"] = std::move(A);
  }
  for (const SlotRead &R : C.SlotReads)
    O["slot_read"] = "param " + std::to_string(R.Param) + "->" + R.Field +
                     (R.Deref ? "->*" : "") + " (before: " +
                     std::to_string(R.Before - 1) + ")";
  if (!C.ParamBefore.empty()) {
    json::Array A;
    for (const auto &[P, B] : C.ParamBefore)
      A.push_back("param " + std::to_string(P) + " (before: " +
                  std::to_string(B - 1) + ")");
    O["params_passed"] = std::move(A);
  }
  if (!C.ArgValues.empty()) {
    json::Array A;
    for (const ArgValue &V : C.ArgValues)
      switch (V.Kind) {
      case ArgValue::Unknown:
        A.push_back(nullptr);
        break;
      case ArgValue::Const:
        A.push_back(V.Value);
        break;
      case ArgValue::NonZero:
        A.push_back(V.Table.empty() ? std::string("nonzero") : "&" + V.Table);
        break;
      case ArgValue::NotParam:
        A.push_back("!param " + std::to_string(V.Value));
        break;
      }
    O["arg_values"] = std::move(A);
  }
  if (!C.ArgOrigins.empty()) {
    json::Array A;
    for (const auto &[Arg, Key] : C.ArgOrigins)
      A.push_back("arg " + std::to_string(Arg) + ": " + Key);
    O["arg_origins"] = std::move(A);
  }
  // Arguments are kept only when they are workqueue objects.
  bool AnyArg = std::any_of(C.Args.begin(), C.Args.end(), [](const Operand &A) {
    return A.Kind != Operand::Unknown;
  });
  if (AnyArg) {
    json::Array A;
    for (const Operand &Op : C.Args)
      A.push_back(Op.str());
    O["args"] = std::move(A);
  }
  if (!C.FnArgs.empty()) {
    json::Array A;
    for (const FnArg &FA : C.FnArgs) {
      json::Object X{{"arg", FA.Arg}};
      if (FA.FromParam >= 0)
        X["from_param"] = FA.FromParam;
      else
        X["fn"] = funcRefJson(FA.Ref);
      A.push_back(std::move(X));
    }
    O["fn_args"] = std::move(A);
  }
  return O;
}

json::Value effectJson(const Effect &E) {
  json::Object O{{"kind", effectKind(E.Kind)},
                 {"api", E.Api},
                 {"loc", locStr(E.Loc)}};
  if (E.WorkItem.Kind != Operand::Unknown)
    O["work_item"] = E.WorkItem.str();
  if (E.Workqueue.Kind != Operand::Unknown)
    O["workqueue"] = E.Workqueue.str();
  if (E.Completion.Kind != Operand::Unknown)
    O["completion"] = E.Completion.str();
  if (E.TaskFlags)
    O["task_flags"] = taskFlagNames(E.TaskFlags);
  if (E.TaskFlags & TF_MEMALLOC_ALWAYS)
    O["memalloc_always"] = true;
  if (E.GuardClear)
    O["only_if_clear"] = taskFlagNames(E.GuardClear);
  if (E.AfterTerminal)
    O["after_noreturn"] = true;
  if (E.Atomic)
    O["atomic"] = true;
  if (E.Kind == EffectKind::Bind)
    O["fn"] = funcRefJson(E.Fn);
  if (!E.Runs.empty()) {
    json::Array A;
    for (const FuncRef &R : E.Runs)
      A.push_back(funcRefJson(R));
    O["runs"] = std::move(A);
  }
  if (!E.Inner.empty()) {
    json::Array A;
    for (const WrapperStep &W : E.Inner)
      A.push_back(json::Object{{"function", W.Function}, {"loc", locStr(W.Loc)}});
    O["inner"] = std::move(A);
  }
  return O;
}

json::Value storeJson(const SlotStore &S) {
  json::Object O{{"function", S.Function},
                 {"loc", locStr(S.Loc)},
                 {"in_function", S.InFunction},
                 {"object", refJson(S.Object)}};
  if (!S.Slot.empty())
    O["slot"] = S.Slot;
  if (!S.ObjectKey.empty())
    O["object_key"] = S.ObjectKey;
  return O;
}

template <typename T, typename Key>
void sortBy(std::vector<T> &V, Key K) {
  std::stable_sort(V.begin(), V.end(),
                   [&](const T &L, const T &R) { return K(L) < K(R); });
}

json::Value unitJson(TUFacts &TU) {
  sortBy(TU.Functions, [](const FunctionFacts &F) { return F.Key; });
  json::Array Functions;
  for (FunctionFacts &F : TU.Functions) {
    // FieldPass::Call numbers the calls as extracted: name them so.
    const std::vector<CallSite> Extracted = F.Calls;
    sortBy(F.Calls, [](const CallSite &C) {
      return std::tie(C.Loc, C.Kind, C.Callee);
    });
    sortBy(F.Effects, [](const Effect &E) {
      return std::make_tuple(E.Loc, E.Kind, E.Api);
    });
    json::Array Calls, Effects;
    for (const CallSite &C : F.Calls)
      Calls.push_back(callJson(F, C, Extracted));
    for (const Effect &E : F.Effects)
      Effects.push_back(effectJson(E));
    json::Array Setters;
    for (const TaskFlagSetter &T : F.FlagSetters)
      Setters.push_back(json::Object{{"flags", taskFlagNames(T.Flags)},
                                     {"api", T.Api},
                                     {"loc", locStr(T.Loc)}});
    json::Object Fn{{"key", F.Key},
                                     {"name", F.Name},
                                     {"loc", locStr(F.Loc)},
                                     {"params", F.NumParams},
                                     {"noreturn", F.NoReturn},
                                     {"section", F.Section},
                                     {"unresolved_calls", F.UnresolvedCalls},
                                     {"calls", std::move(Calls)},
                                     {"effects", std::move(Effects)}};
    if (!Setters.empty())
      Fn["flag_setters"] = std::move(Setters);
    // What object-class witnesses read of the calls (format 10), apart
    // from "calls": the calls made on every run, and the parameters each
    // call passes on.
    json::Array Flow;
    for (const CallSite &C : F.Calls) {
      if (!C.Always && C.ArgParams.empty())
        continue;
      json::Object X{{"loc", locStr(C.Loc)}, {"always", C.Always}};
      if (!C.Callee.empty())
        X["callee"] = C.Callee;
      if (!C.ArgParams.empty()) {
        json::Array A;
        for (size_t I = 0; I < C.ArgParams.size(); ++I)
          A.push_back(C.argParam(I));
        X["arg_params"] = std::move(A);
      }
      Flow.push_back(std::move(X));
    }
    if (!Flow.empty())
      Fn["call_flow"] = std::move(Flow);
    json::Array Witnesses;
    for (const ObjectWitness &W : F.Witnesses)
      Witnesses.push_back(json::Object{{"param", W.Param},
                                       {"path", W.Path},
                                       {"type", W.Type},
                                       {"loc", locStr(W.Loc)}});
    if (!Witnesses.empty())
      Fn["witnesses"] = std::move(Witnesses);
    // Field values: what the function may do to its parameters' objects,
    // everywhere and before given points.
    auto EffectsJson = [&](const FieldEffects &X) {
      json::Object O{{"param", X.Param}};
      if (X.Escapes)
        O["escapes"] = true;
      if (X.WritesAll)
        O["writes_all"] = true;
      if (X.Returns)
        O["returns"] = true;
      if (!X.Writes.empty()) {
        json::Array W;
        for (const std::string &S : X.Writes)
          W.push_back(S);
        O["writes"] = std::move(W);
      }
      if (!X.Passes.empty()) {
        json::Array P;
        for (const FieldPass &Pass : X.Passes) {
          const CallSite &C = Extracted[Pass.Call];
          std::string S = (C.Callee.empty() ? "?" : C.Callee) + " arg " +
                          std::to_string(Pass.Arg);
          if (!Pass.Sub.empty())
            S += " ." + Pass.Sub;
          if (Pass.ResultUsed)
            S += " (value used)";
          P.push_back(S);
        }
        O["passes"] = std::move(P);
      }
      return O;
    };
    json::Array PE, FB;
    for (const FieldEffects &X : F.ParamEffects)
      PE.push_back(EffectsJson(X));
    for (const FieldEffects &X : F.FieldBefore)
      FB.push_back(EffectsJson(X));
    if (!PE.empty())
      Fn["param_effects"] = std::move(PE);
    if (!FB.empty())
      Fn["field_before"] = std::move(FB);
    if (!F.MemberSets.empty()) {
      json::Array MS;
      for (const MemberSet &M : F.MemberSets)
        MS.push_back(
            "param " + std::to_string(M.Param) + "->" + M.Field + " = " +
            (M.Kind == MemberSet::Const
                 ? std::to_string(M.Value)
                 : std::string(M.Kind == MemberSet::FromParamBool ? "!!" : "") +
                       "param " + std::to_string(M.Value)));
      Fn["member_sets"] = std::move(MS);
    }
    Functions.push_back(std::move(Fn));
  }
  sortBy(TU.Allocs, [](const WorkqueueAlloc &A) {
    return std::tie(A.Loc, A.Storage);
  });
  json::Array Allocs;
  for (const WorkqueueAlloc &A : TU.Allocs) {
    json::Array Names;
    for (const std::string &N : A.FlagNames)
      Names.push_back(N);
    json::Object O{{"storage", A.Storage},
                   {"name", A.Name},
                   {"flag_names", std::move(Names)},
                   {"mem_reclaim", A.MemReclaim},
                   {"function", A.Function},
                   {"loc", locStr(A.Loc)}};
    if (A.Flags)
      O["flags"] = int64_t(*A.Flags);
    Allocs.push_back(std::move(O));
  }
  sortBy(TU.Bindings, [](const WorkBinding &B) {
    return std::tie(B.Loc, B.WorkItem, B.Function);
  });
  json::Array Bindings;
  for (const WorkBinding &B : TU.Bindings)
    Bindings.push_back(json::Object{{"work_item", B.WorkItem},
                                    {"function", B.Function},
                                    {"loc", locStr(B.Loc)}});
  sortBy(TU.Stores, [](const SlotStore &S) {
    return std::tie(S.Loc, S.Slot, S.Function);
  });
  json::Array Stores;
  for (const SlotStore &S : TU.Stores)
    Stores.push_back(storeJson(S));
  json::Object Out{{"file", TU.MainFile},
                   {"functions", std::move(Functions)},
                   {"allocs", std::move(Allocs)},
                   {"bindings", std::move(Bindings)},
                   {"stores", std::move(Stores)}};
  // Ops tables (facts format 19): only when there are some.
  if (!TU.ConstTables.empty()) {
    json::Array Tables;
    for (const auto &[Key, Record] : TU.ConstTables)
      Tables.push_back(json::Object{{"key", Key}, {"struct", Record}});
    Out["const_tables"] = std::move(Tables);
  }
  return Out;
}

/// What the program database would give back for \p TU; false when a blob
/// does not decode.
bool roundtrip(TUFacts &TU) {
  TUFacts Back;
  if (!decodeTUGlobals(encodeTUGlobals(TU), Back))
    return false;
  for (const FunctionFacts &F : TU.Functions) {
    std::optional<FunctionFacts> D = decodeFunction(encodeFunction(F));
    if (!D)
      return false;
    Back.Functions.push_back(std::move(*D));
  }
  TU = std::move(Back);
  return true;
}

json::Value programJson(const Program &P) {
  json::Object Slots, Sites;
  for (const auto &[Slot, Bs] : P.Slots) {
    json::Array A;
    for (const Binding &B : Bs)
      A.push_back(json::Object{{"function", B.Function}, {"loc", locStr(B.Loc)}});
    Slots[Slot] = std::move(A);
  }
  for (const auto &[Slot, Ss] : P.SlotStoreSites) {
    json::Array A;
    for (const SlotStore &S : Ss)
      A.push_back(storeJson(S));
    Sites[Slot] = std::move(A);
  }
  return json::Object{{"slots", std::move(Slots)},
                      {"slot_store_sites", std::move(Sites)}};
}

/// Prints \p V with sorted keys: the document, each function and each map
/// of arrays (slot -> stores) expanded, one key per line, scalars before
/// arrays; every other object (a record) compact on one line, keys sorted.
void print(raw_ostream &OS, const json::Value &V, unsigned Indent) {
  const json::Object *O = V.getAsObject();
  const json::Array *A = V.getAsArray();
  bool Expand = A != nullptr;
  if (O) {
    Expand = Indent == 0 || O->get("calls") ||
             std::all_of(O->begin(), O->end(), [](const auto &KV) {
               return KV.second.getAsArray() != nullptr;
             });
  }
  if (!Expand || (A && A->empty())) {
    OS << V;
    return;
  }
  std::string Pad(Indent + 2, ' ');
  if (A) {
    OS << "[\n";
    for (size_t I = 0; I < A->size(); ++I) {
      OS << Pad;
      print(OS, (*A)[I], Indent + 2);
      OS << (I + 1 < A->size() ? ",\n" : "\n");
    }
    OS << std::string(Indent, ' ') << "]";
    return;
  }
  std::vector<const json::Object::value_type *> Keys;
  for (const auto &KV : *O)
    Keys.push_back(&KV);
  // Scalars first (a function's key before its calls), each group sorted.
  std::sort(Keys.begin(), Keys.end(), [](const auto *L, const auto *R) {
    bool LA = L->second.getAsArray(), RA = R->second.getAsArray();
    if (LA != RA)
      return RA;
    return L->first < R->first;
  });
  OS << "{\n";
  for (size_t I = 0; I < Keys.size(); ++I) {
    OS << Pad << json::Value(Keys[I]->first.str()) << ": ";
    // Arrays inside an expanded object are expanded too.
    print(OS, Keys[I]->second, Indent + 2);
    OS << (I + 1 < Keys.size() ? ",\n" : "\n");
  }
  OS << std::string(Indent, ' ') << "}";
}

int run(int argc, char **argv) {
  cl::HideUnrelatedOptions(Category);
  {
    std::string Err;
    if (!wqdep::parseCommandLine(argc, argv, Overview, "wqdep-facts", Err))
      return fail(ExitUsage, Err);
  }
  if (KernelApi.getNumOccurrences()) {
    const std::vector<ModelProfile> &Profiles = modelProfiles();
    std::string Names;
    for (size_t I = 0; I < Profiles.size(); ++I) {
      Names += (I ? ", " : "") + std::string(Profiles[I].Name);
      if (Profiles[I].Name != KernelApi)
        continue;
      for (const ApiName &A : modelledApi())
        if (A.Profiles & (1u << I))
          outs() << A.Name << "\n";
      return ExitOk;
    }
    return fail(ExitUsage, "unknown kernel model profile '" + KernelApi +
                               "' (known: " + Names + ")");
  }
  if (BuildPath.empty())
    return fail(ExitUsage, "no compile database: pass -p <build dir> "
                           "(see 'wqdep-facts --help')");
  std::string Err;
  std::unique_ptr<CompilationDatabase> DB = loadCompileDatabase(BuildPath, Err);
  if (!DB)
    return fail(ExitUsage, Err);

  if (KernelTreeOpt) {
    KernelTree T = findKernelTree(*DB, linkOrder(*DB));
    json::Object O;
    O["workqueue_header"] = T.WorkqueueHeader;
    O["root"] = T.Root;
    O["version"] = T.Version ? json::Value(T.Version->str()) : nullptr;
    O["profile"] =
        T.Version ? json::Value(std::string(modelProfiles()[T.Profile].Name))
                  : nullptr;
    O["cancels_exempt"] =
        T.CancelsExempt ? json::Value(*T.CancelsExempt) : nullptr;
    json::Array Sys;
    for (const std::string &W : T.Api.SystemWorkqueues)
      Sys.push_back(W);
    O["system_workqueues"] = std::move(Sys);
    json::Array NotModelled, Missing;
    for (const std::string &N : T.Drift.NotModelled)
      NotModelled.push_back(N);
    for (const std::string &N : T.Drift.Missing)
      Missing.push_back(N);
    O["not_modelled"] = std::move(NotModelled);
    O["missing"] = std::move(Missing);
    print(outs(), json::Value(std::move(O)), 0);
    outs() << "\n";
    return ExitOk;
  }

  std::vector<std::string> Files;
  if (Sources.empty() && Linked)
    Files = linkOrder(*DB);
  if (Sources.empty() && !Linked)
    return fail(ExitUsage, "no source file: name the one to print "
                           "(see 'wqdep-facts --help')");
  if (Sources.size() > 1 && !Linked)
    return fail(ExitUsage, "one source file at a time, or --linked");
  for (const std::string &S : Sources) {
    SmallString<256> Abs(S);
    sys::fs::make_absolute(Abs);
    if (!sys::fs::exists(Abs))
      return fail(ExitUsage, "cannot read '" + S + "': no such file");
    if (!isCSource(S))
      return fail(ExitUsage, "'" + S + "' is not a C source file");
    if (DB->getCompileCommands(Abs).empty())
      return fail(ExitUsage, "'" + S + "' has no entry in the compile database");
    Files.push_back(std::string(Abs));
  }
  if (Files.empty())
    return fail(ExitUsage, "the compile database has no C source files");

  RunOptions Opts;
  Opts.Jobs = 1;
  Opts.ResourceDir = ResourceDir;
  std::vector<TUResult> Results = runExtraction(*DB, Files, Opts);
  for (TUResult &R : Results) {
    if (R.Failed)
      return fail(ExitUsage, "cannot analyse '" + R.File + "': " + R.Error);
    if (Roundtrip && !roundtrip(R.Facts))
      return fail(ExitInternal,
                  "the facts of '" + R.File + "' do not decode as encoded");
  }

  json::Value Out = nullptr;
  if (Linked) {
    Program P;
    for (size_t I = 0; I < Results.size(); ++I)
      P.add(std::move(Results[I].Facts), I);
    P.finalize();
    Out = programJson(P);
  } else {
    Out = unitJson(Results.front().Facts);
  }
  print(outs(), Out, 0);
  outs() << "\n";
  outs().flush();
  return ExitOk;
}

} // namespace

/// An exception escaping the run is an internal error: one line, status 3.
int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception &E) {
    std::string What = E.what();
    std::replace(What.begin(), What.end(), '\n', ' ');
    return fail(ExitInternal, "internal error: " + What);
  } catch (...) {
    return fail(ExitInternal, "internal error: unknown exception");
  }
}
