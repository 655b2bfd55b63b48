//===- Serialize.h - A compact binary form of facts ---------------*- C++ -*-===//
//
// The program database (lib/Store) stores facts in this form: each
// function's facts as one blob (so the same static inline function, seen by a
// thousand translation units, is stored once, keyed by the blob's hash) and
// the rest of a translation unit as another. A blob is a string table
// followed by varint-encoded records. Decoding never trusts its input: a
// truncated or corrupt blob decodes to failure, and the caller re-parses.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_FACTS_SERIALIZE_H
#define WQDEP_FACTS_SERIALIZE_H

#include "Facts/Facts.h"

#include <optional>
#include <string>
#include <string_view>

namespace wqdep {

/// Bumped whenever the encoding or the meaning of facts changes; the program
/// database re-parses everything written under another version.
/// 3: ObjectRef receivers of slot calls and objects of slot stores, the
/// function making a store, noreturn callees and functions, sections.
/// 4: members named from their innermost record (struct inner::work), and
/// workqueues published by cmpxchg/xchg/WRITE_ONCE/smp_store_release/
/// rcu_assign_pointer tied to where they are published.
/// 5: a local given several allocations ties each store to the one it was
/// last given (in source order).
/// 6: task flags (PF_MEMALLOC scopes and setters, guards on calls and
/// effects), completion waits and completes.
/// 7: a call through a local given several functions or slots (and
/// nothing else) is a call of each.
/// 8: notifier chains and blocks: notifier heads named through their
/// containing object (param + ".head"), call arguments kept for notifier
/// heads and blocks, the Operand-style object key of slot stores, static
/// notifier_blocks named by their variable. (Issue 11's branch wrote these
/// as 7 before main's 7 above; neither 7 is this format.)
/// 9: a file I/O sink's file argument that is the file of a kiocb
/// parameter (`vfs_fsync_range(iocb->ki_filp, ...)`) is kept as that
/// parameter + HandedIoFile (KernelModel.h).
/// 10: object-class witnesses (FunctionFacts::Witnesses), the parameters
/// a call passes on unchanged (CallSite::ArgParams) and calls made on every
/// run (CallSite::Always).
/// 11: calls and effects after a call that never returns
/// (CallSite::AfterTerminal, Effect::AfterTerminal).
/// 12: the conditions on parameters a call is made under
/// (CallSite::Guards) and the values of its arguments (CallSite::ArgValues).
/// 13: the struct members a call's arguments are the address of
/// (CallSite::ArgOrigins).
/// 14: field values: conditions on a member of a parameter's object
/// (ValueGuard::Field, Before), members of an argument's object known at
/// a call (CallSite::ArgFields), what a function may do to its
/// parameters' objects (FunctionFacts::ParamEffects, FieldBefore,
/// CallSite::ParamBefore).
/// 15: slot origin: function-valued members known at a call
/// (FieldValue::Fn) and the parameter's member a slot call reads its
/// function from (CallSite::SlotReads); a parameter equal to one of
/// several constants (ValueGuard::EqAny).
/// 16: field values: members a function leaves set in its parameters'
/// objects (FunctionFacts::MemberSets) and locals set up by an earlier
/// call (CallSite::ArgInits).
/// 17: the members stored between a set-up call and the call
/// (ArgInit::Stored); no member sets in weak functions; bit-fields and
/// unnamed bit-fields in initializers.
/// 18: TF_MEMALLOC_ALWAYS at calls made with PF_MEMALLOC certainly set.
/// 19: atomic sections (CallSite::Atomic, Effect::Atomic); ops tables
/// (ArgValue::Table, FieldValue::Table and FromParam, SlotRead::Deref,
/// TUFacts::ConstTables).
constexpr unsigned FactsFormatVersion = 19;

std::string encodeFunction(const FunctionFacts &F);
std::optional<FunctionFacts> decodeFunction(std::string_view Blob);

/// Everything of a translation unit but its functions.
std::string encodeTUGlobals(const TUFacts &TU);
/// Fills MainFile, Allocs, Bindings and Stores of \p TU.
bool decodeTUGlobals(std::string_view Blob, TUFacts &TU);

} // namespace wqdep

#endif
