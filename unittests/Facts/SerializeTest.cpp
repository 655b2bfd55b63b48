//===- SerializeTest.cpp - The binary form of facts -----------------------===//
//
// Every field survives a round trip, and decoding rejects what it did not
// write: a truncated blob, garbage, trailing bytes, another format version.
//
//===----------------------------------------------------------------------===//
#include "Facts/Serialize.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

// Field-by-field comparisons: a failure names the field.

void expectEqual(const Operand &A, const Operand &B, const char *What) {
  SCOPED_TRACE(What);
  EXPECT_EQ(A.Kind, B.Kind);
  EXPECT_EQ(A.Key, B.Key);
  EXPECT_EQ(A.Index, B.Index);
  EXPECT_EQ(A.Suffix, B.Suffix);
}

void expectEqual(const FuncRef &A, const FuncRef &B, const char *What) {
  SCOPED_TRACE(What);
  EXPECT_EQ(A.Key, B.Key);
  EXPECT_EQ(A.IsSlot, B.IsSlot);
}

void expectEqual(const CallSite &A, const CallSite &B) {
  EXPECT_EQ(A.Kind, B.Kind);
  EXPECT_EQ(A.Callee, B.Callee);
  expectEqual(A.WorkItem, B.WorkItem, "WorkItem");
  EXPECT_EQ(A.ParamIndex, B.ParamIndex);
  EXPECT_EQ(A.CalleeNoReturn, B.CalleeNoReturn);
  EXPECT_EQ(A.Always, B.Always);
  EXPECT_EQ(A.AfterTerminal, B.AfterTerminal);
  EXPECT_EQ(A.Guards, B.Guards);
  EXPECT_EQ(A.ArgValues, B.ArgValues);
  EXPECT_EQ(A.ArgOrigins, B.ArgOrigins);
  EXPECT_EQ(A.ArgFields, B.ArgFields);
  EXPECT_EQ(A.ParamBefore, B.ParamBefore);
  EXPECT_EQ(A.SlotReads, B.SlotReads);
  EXPECT_EQ(A.ArgInits, B.ArgInits);
  EXPECT_EQ(A.Loc, B.Loc);
  ASSERT_EQ(A.Args.size(), B.Args.size());
  for (size_t I = 0; I < A.Args.size(); ++I)
    expectEqual(A.Args[I], B.Args[I], "Args");
  ASSERT_EQ(A.FnArgs.size(), B.FnArgs.size());
  for (size_t I = 0; I < A.FnArgs.size(); ++I) {
    SCOPED_TRACE("FnArgs[" + std::to_string(I) + "]");
    EXPECT_EQ(A.FnArgs[I].Arg, B.FnArgs[I].Arg);
    expectEqual(A.FnArgs[I].Ref, B.FnArgs[I].Ref, "Ref");
    EXPECT_EQ(A.FnArgs[I].FromParam, B.FnArgs[I].FromParam);
  }
}

void expectEqual(const Effect &A, const Effect &B) {
  EXPECT_EQ(A.Kind, B.Kind);
  EXPECT_EQ(A.Api, B.Api);
  expectEqual(A.WorkItem, B.WorkItem, "WorkItem");
  expectEqual(A.Workqueue, B.Workqueue, "Workqueue");
  EXPECT_EQ(A.AfterTerminal, B.AfterTerminal);
  EXPECT_EQ(A.Loc, B.Loc);
  ASSERT_EQ(A.Inner.size(), B.Inner.size());
  for (size_t I = 0; I < A.Inner.size(); ++I) {
    SCOPED_TRACE("Inner[" + std::to_string(I) + "]");
    EXPECT_EQ(A.Inner[I].Function, B.Inner[I].Function);
    EXPECT_EQ(A.Inner[I].Loc, B.Inner[I].Loc);
  }
  expectEqual(A.Fn, B.Fn, "Fn");
  ASSERT_EQ(A.Runs.size(), B.Runs.size());
  for (size_t I = 0; I < A.Runs.size(); ++I)
    expectEqual(A.Runs[I], B.Runs[I], "Runs");
}

void expectEqual(const FunctionFacts &A, const FunctionFacts &B) {
  EXPECT_EQ(A.Key, B.Key);
  EXPECT_EQ(A.Name, B.Name);
  EXPECT_EQ(A.Loc, B.Loc);
  EXPECT_EQ(A.NumParams, B.NumParams);
  EXPECT_EQ(A.UnresolvedCalls, B.UnresolvedCalls);
  EXPECT_EQ(A.NoReturn, B.NoReturn);
  EXPECT_EQ(A.Section, B.Section);
  ASSERT_EQ(A.Calls.size(), B.Calls.size());
  for (size_t I = 0; I < A.Calls.size(); ++I) {
    SCOPED_TRACE("Calls[" + std::to_string(I) + "]");
    expectEqual(A.Calls[I], B.Calls[I]);
    EXPECT_EQ(A.receiver(A.Calls[I]), B.receiver(B.Calls[I]));
  }
  ASSERT_EQ(A.Effects.size(), B.Effects.size());
  for (size_t I = 0; I < A.Effects.size(); ++I) {
    SCOPED_TRACE("Effects[" + std::to_string(I) + "]");
    expectEqual(A.Effects[I], B.Effects[I]);
  }
  EXPECT_EQ(A.ParamEffects, B.ParamEffects);
  EXPECT_EQ(A.FieldBefore, B.FieldBefore);
  EXPECT_EQ(A.MemberSets, B.MemberSets);
}

void expectEqual(const WorkqueueAlloc &A, const WorkqueueAlloc &B) {
  EXPECT_EQ(A.Storage, B.Storage);
  EXPECT_EQ(A.Name, B.Name);
  EXPECT_EQ(A.Flags.has_value(), B.Flags.has_value());
  EXPECT_EQ(A.Flags.value_or(12345), B.Flags.value_or(12345));
  EXPECT_EQ(A.FlagNames, B.FlagNames);
  EXPECT_EQ(A.MemReclaim, B.MemReclaim);
  EXPECT_EQ(A.Legacy, B.Legacy);
  EXPECT_EQ(A.BH, B.BH);
  EXPECT_EQ(A.Function, B.Function);
  EXPECT_EQ(A.Loc, B.Loc);
  EXPECT_EQ(A.Builtin, B.Builtin);
}

/// Everything but Functions (what encodeTUGlobals carries).
void expectEqualGlobals(const TUFacts &A, const TUFacts &B) {
  EXPECT_EQ(A.MainFile, B.MainFile);
  ASSERT_EQ(A.Allocs.size(), B.Allocs.size());
  for (size_t I = 0; I < A.Allocs.size(); ++I) {
    SCOPED_TRACE("Allocs[" + std::to_string(I) + "]");
    expectEqual(A.Allocs[I], B.Allocs[I]);
  }
  ASSERT_EQ(A.Bindings.size(), B.Bindings.size());
  for (size_t I = 0; I < A.Bindings.size(); ++I) {
    SCOPED_TRACE("Bindings[" + std::to_string(I) + "]");
    EXPECT_EQ(A.Bindings[I].WorkItem, B.Bindings[I].WorkItem);
    EXPECT_EQ(A.Bindings[I].Function, B.Bindings[I].Function);
    EXPECT_EQ(A.Bindings[I].Loc, B.Bindings[I].Loc);
  }
  ASSERT_EQ(A.Stores.size(), B.Stores.size());
  for (size_t I = 0; I < A.Stores.size(); ++I) {
    SCOPED_TRACE("Stores[" + std::to_string(I) + "]");
    EXPECT_EQ(A.Stores[I].Slot, B.Stores[I].Slot);
    EXPECT_EQ(A.Stores[I].Function, B.Stores[I].Function);
    EXPECT_EQ(A.Stores[I].Loc, B.Stores[I].Loc);
    EXPECT_EQ(A.Stores[I].InFunction, B.Stores[I].InFunction);
    EXPECT_EQ(A.Stores[I].Object, B.Stores[I].Object);
  }
}

/// A function with every field set to something other than its default,
/// every call kind, every effect kind, and numbers that need several varint
/// bytes.
FunctionFacts everyFieldFunction() {
  Fn F("/src/fs/xfs/xfs_super.c:xfs_flush_inodes", 3);
  F.call("xfs_log_force", 300, {obj("struct xfs_mount::m_log"), param(1, ".work"),
                                Operand::unknown()})
      .callSlot("struct address_space_operations::writepages", 301,
                {param(0)})
      .callWorkFunc(obj("struct bdi_writeback::dwork.work"), 302)
      .callParam(2, 303)
      .callPassing("call_it", 304, 0, fnRef("do_flush"))
      .callPassing("call_it", 305, 1, slotRef("struct ops::flush"))
      .callPassingParam("pass_on", 306, 3, 2);
  F.lastCall().Args.push_back(param(2));
  F.queue(obj("struct xfs_mount::m_flush_inodes_work"),
          obj("struct xfs_mount::m_sync_workqueue"), 310, "queue_work")
      .flushWork(param(0, ".work"), 311, "flush_delayed_work")
      .flushWq(obj("bdi_wq"), 312, "flush_workqueue")
      .cancelSync(obj("w"), 313, "cancel_delayed_work_sync")
      .bind(obj("struct r::work"), fnRef("r_fn"), 314)
      .bind(param(1), slotRef("struct ops::work_fn"), 315);
  FunctionFacts R = F;
  // Wrapper steps on the queue and the flush, outermost first.
  R.Effects[0].Inner = {{"queue_work", Location{"include/linux/workqueue.h", 612, 9}},
                        {"queue_work_on", Location{"kernel/workqueue.c", 2400, 1}}};
  R.Effects[1].Inner = {{"/src/x.c:my_flush", Location{"/src/x.c", 7, 2}}};
  R.Effects[0].Runs = {fnRef("r_fn"), slotRef("struct ops::work_fn")};
  R.Effects[1].Workqueue = obj("also_a_wq");
  R.Loc = Location{"/src/fs/xfs/xfs_super.c", 70000, 300};
  R.UnresolvedCalls = 129;
  R.NoReturn = true;
  R.Section = ".init.text";
  R.Calls[0].CalleeNoReturn = true;
  R.Calls[0].Always = true;
  R.Calls[1].AfterTerminal = true;
  // Signed values, the extremes included (zigzag).
  R.Calls[0].Guards = {{0, ValueGuard::NonZero, 0},
                       {3, ValueGuard::Eq, -1},
                       {200, ValueGuard::Ne, INT64_MIN}};
  R.Calls[1].ArgValues = {{ArgValue::Unknown, 0},
                          {ArgValue::Const, INT64_MAX},
                          {ArgValue::NonZero, 0},
                          {ArgValue::NotParam, 2}};
  R.Calls[1].ArgOrigins = {{0, "in struct nvme_loop_iod::req"},
                           {254, "in struct inner::r"}};
  // Field values: a guard on a member, members known, what came before.
  R.Calls[0].Guards.push_back({1, ValueGuard::Ne, 2, "c.flc_type", 2});
  R.Calls[0].Guards.push_back({2, ValueGuard::EqAny, 36});
  R.Calls[1].ArgFields = {{2, "c.flc_type", 2, 1},
                          {254, "fl_end", INT64_MAX, 3}};
  R.Calls[1].ParamBefore = {{0, 1}, {200, 3}};
  // Slot origin: a function known in a member, a member read for a call.
  R.Calls[1].ArgFields.push_back({1, "ctx.actor", 0, 2, "fs/readdir.c:filldir"});
  R.Calls[0].SlotReads = {{3, "ops.cb", 4}};
  R.Calls[1].ArgInits = {{1, 0, 0, 2}, {0, 0, 1, 3, {"count", "a.b"}}};
  R.MemberSets = {{0, "data_source", MemberSet::FromParamBool, 1},
                  {0, "iter_type", MemberSet::Const, -3},
                  {2, "a.b", MemberSet::FromParam, 4}};
  FieldEffects All;
  All.Param = 3;
  All.Escapes = true;
  FieldEffects Some;
  Some.Param = 1;
  Some.WritesAll = true;
  Some.Returns = true;
  Some.Writes = {"#2.x", "fl_start"};
  Some.Passes = {{0, 1, "c", true}, {1, 254, "?", false}};
  R.ParamEffects = {All, Some};
  R.FieldBefore = {Some, FieldEffects(), All};
  R.Effects[1].AfterTerminal = true;
  ObjectRef Sb = ObjectRef::param(0);
  Sb.Path = ".s_type";
  R.setReceiver(R.Calls[1], Sb); // The slot call.
  return R;
}

TUFacts everyFieldGlobals() {
  TUFacts TU;
  TU.MainFile = "/src/mm/backing-dev.c";
  WorkqueueAlloc Reclaim =
      wq("bdi_wq", {"WQ_UNBOUND", "WQ_MEM_RECLAIM", "WQ_SYSFS"}, 9, "writeback");
  WorkqueueAlloc Legacy = wq("legacy_wq", {"WQ_MEM_RECLAIM", "__WQ_LEGACY"}, 10);
  WorkqueueAlloc BH = wq("bh_wq", {"WQ_BH"}, 11);
  BH.Builtin = true;
  WorkqueueAlloc ZeroFlags = wq("zero_wq", {}, 12); // Flags == 0: known.
  WorkqueueAlloc Unknown = wqUnknownFlags("", 13);   // No storage, no flags.
  Unknown.Name = "?";
  WorkqueueAlloc Huge = wq("huge_wq", {"0x8000000000000000"}, 14);
  Huge.Flags = uint64_t(1) << 63;
  TU.Allocs = {Reclaim, Legacy, BH, ZeroFlags, Unknown, Huge};
  TU.Bindings = {{"/src/quota.c:quota_release_work", "/src/quota.c:quota_release_workfn",
                  loc(20)},
                 {"struct r::work", "r_fn", loc(21)}};
  ObjectRef Bio = ObjectRef::var(ObjectRef::Local, "submit()::bio");
  Bio.Path = ".bi_private";
  TU.Stores = {{"struct address_space_operations::writepages", "nfs_writepages",
                loc(30), "", ObjectRef::var(ObjectRef::Global, "nfs_aops")},
               {"ops_var", "/src/a.c:static_impl", loc(31), "", ObjectRef()},
               {"struct bio::bi_end_io", "end_io", loc(32), "submit", Bio}};
  return TU;
}

TEST(Serialize, FunctionRoundTripsEveryField) {
  FunctionFacts F = everyFieldFunction();
  std::optional<FunctionFacts> D = decodeFunction(encodeFunction(F));
  ASSERT_TRUE(D.has_value());
  expectEqual(*D, F);
}

TEST(Serialize, EmptyFunctionRoundTrips) {
  FunctionFacts F;
  std::optional<FunctionFacts> D = decodeFunction(encodeFunction(F));
  ASSERT_TRUE(D.has_value());
  expectEqual(*D, F);
}

TEST(Serialize, StringsWithAnyBytesRoundTrip) {
  FunctionFacts F;
  F.Key = std::string("a\0b", 3);
  F.Name = std::string(1000, 'x'); // A length of two varint bytes.
  F.Loc.File = "\xff\x80\x01";
  std::optional<FunctionFacts> D = decodeFunction(encodeFunction(F));
  ASSERT_TRUE(D.has_value());
  expectEqual(*D, F);
}

TEST(Serialize, EncodingIsDeterministic) {
  EXPECT_EQ(encodeFunction(everyFieldFunction()),
            encodeFunction(everyFieldFunction()));
  FunctionFacts F = everyFieldFunction();
  EXPECT_EQ(encodeFunction(*decodeFunction(encodeFunction(F))),
            encodeFunction(F));
}

TEST(Serialize, GlobalsRoundTripEveryField) {
  TUFacts TU = everyFieldGlobals();
  TUFacts D;
  ASSERT_TRUE(decodeTUGlobals(encodeTUGlobals(TU), D));
  expectEqualGlobals(D, TU);
  // Known-zero flags stay distinct from unknown flags.
  ASSERT_TRUE(D.Allocs[3].Flags.has_value());
  EXPECT_EQ(*D.Allocs[3].Flags, 0u);
  EXPECT_FALSE(D.Allocs[4].Flags.has_value());
}

TEST(Serialize, GlobalsDoNotCarryFunctions) {
  TUFacts TU = everyFieldGlobals();
  TU.Functions.push_back(everyFieldFunction());
  EXPECT_EQ(encodeTUGlobals(TU), encodeTUGlobals(everyFieldGlobals()));
}

TEST(Serialize, DecodeGlobalsReplacesWhatWasThere) {
  TUFacts D = everyFieldGlobals();
  TUFacts Empty;
  ASSERT_TRUE(decodeTUGlobals(encodeTUGlobals(Empty), D));
  expectEqualGlobals(D, Empty);
}

TEST(Serialize, EmptyGlobalsRoundTrip) {
  TUFacts TU, D;
  ASSERT_TRUE(decodeTUGlobals(encodeTUGlobals(TU), D));
  expectEqualGlobals(D, TU);
}

TEST(Serialize, EveryTruncationOfAFunctionIsRejected) {
  std::string Blob = encodeFunction(everyFieldFunction());
  for (size_t N = 0; N < Blob.size(); ++N)
    EXPECT_FALSE(decodeFunction(Blob.substr(0, N)).has_value())
        << "prefix of " << N << " of " << Blob.size() << " bytes";
}

TEST(Serialize, EveryTruncationOfGlobalsIsRejected) {
  std::string Blob = encodeTUGlobals(everyFieldGlobals());
  for (size_t N = 0; N < Blob.size(); ++N) {
    TUFacts D;
    EXPECT_FALSE(decodeTUGlobals(Blob.substr(0, N), D))
        << "prefix of " << N << " of " << Blob.size() << " bytes";
  }
}

TEST(Serialize, TrailingBytesAreRejected) {
  std::string F = encodeFunction(everyFieldFunction());
  EXPECT_FALSE(decodeFunction(F + '\0').has_value());
  EXPECT_FALSE(decodeFunction(F + F).has_value());
  std::string G = encodeTUGlobals(everyFieldGlobals());
  TUFacts D;
  EXPECT_FALSE(decodeTUGlobals(G + '\0', D));
}

TEST(Serialize, GarbageIsRejected) {
  const std::string Garbage[] = {
      "",
      std::string(1, '\0'),
      // An overlong varint: ten continuation bytes.
      std::string(10, '\xff') + std::string(1, '\x01'),
      // A string table claiming more strings than there are bytes.
      "\x7f",
      // One string whose length runs past the end.
      std::string("\x01\x50") + "abc",
      // An empty table, the version, then a string index out of range.
      std::string("\x00\x02\x05", 3),
      "this is not a blob at all",
  };
  for (const std::string &G : Garbage) {
    EXPECT_FALSE(decodeFunction(G).has_value()) << "'" << G << "'";
    TUFacts D;
    EXPECT_FALSE(decodeTUGlobals(G, D)) << "'" << G << "'";
  }
}

/// Reads a varint at \p Pos as the encoder writes it (7 bits a byte, low
/// first), advancing \p Pos.
uint64_t readVarint(const std::string &S, size_t &Pos) {
  uint64_t V = 0;
  for (unsigned Shift = 0; Pos < S.size(); Shift += 7) {
    uint8_t B = uint8_t(S[Pos++]);
    V |= uint64_t(B & 0x7f) << Shift;
    if (!(B & 0x80))
      break;
  }
  return V;
}

/// Where the records start: after the string table (a count, then each
/// string's length and bytes), see Serialize.h.
size_t bodyOffset(const std::string &Blob) {
  size_t Pos = 0;
  uint64_t N = readVarint(Blob, Pos);
  for (uint64_t I = 0; I < N; ++I)
    Pos += readVarint(Blob, Pos);
  return Pos;
}

/// \p Blob as written by another format version: the first record is the
/// version (one varint byte for these).
std::string withVersion(std::string Blob, unsigned Version) {
  size_t Body = bodyOffset(Blob);
  EXPECT_LT(Body, Blob.size());
  EXPECT_EQ(uint8_t(Blob[Body]), FactsFormatVersion) << "layout changed?";
  Blob[Body] = char(Version);
  return Blob;
}

TEST(Serialize, TheVersionIsTheFirstRecord) {
  // The test of other versions below relies on the layout; check it once
  // against a blob written with this version.
  ASSERT_LT(FactsFormatVersion, 127u);
  std::string F = encodeFunction(everyFieldFunction());
  std::string Same = withVersion(F, FactsFormatVersion);
  EXPECT_EQ(Same, F);
  EXPECT_TRUE(decodeFunction(Same).has_value());
}

TEST(Serialize, AnotherFormatVersionIsRejected) {
  std::string F = encodeFunction(everyFieldFunction());
  std::string G = encodeTUGlobals(everyFieldGlobals());
  for (unsigned V : {0u, FactsFormatVersion - 1, FactsFormatVersion + 1, 127u}) {
    SCOPED_TRACE("version " + std::to_string(V));
    EXPECT_FALSE(decodeFunction(withVersion(F, V)).has_value());
    TUFacts D;
    EXPECT_FALSE(decodeTUGlobals(withVersion(G, V), D));
  }
}

TEST(Serialize, OutOfRangeKindsAreRejected) {
  // A call kind past CallSite::Param, an effect kind past Bind, an operand
  // kind past Param: decoding must not produce enum values that the
  // analysis' switches do not handle.
  for (int Which = 0; Which < 3; ++Which) {
    FunctionFacts F;
    F.Key = "f";
    if (Which == 0) {
      CallSite C;
      C.Kind = CallSite::KindTy(CallSite::Param + 1);
      F.Calls.push_back(C);
    } else if (Which == 1) {
      Effect E;
      E.Kind = EffectKind(unsigned(EffectKind::Complete) + 1);
      F.Effects.push_back(E);
    } else {
      Effect E;
      E.WorkItem.Kind = Operand::KindTy(Operand::Param + 1);
      F.Effects.push_back(E);
    }
    EXPECT_FALSE(decodeFunction(encodeFunction(F)).has_value()) << Which;
  }
}

TEST(Serialize, CorruptedBytesNeverCrashAndDecodeConsistently) {
  // Flip every byte in turn: the decoder may accept the result (a changed
  // string or number is still well formed), but what it accepts encodes
  // and decodes to itself.
  std::string Blob = encodeFunction(everyFieldFunction());
  size_t Rejected = 0;
  for (size_t I = 0; I < Blob.size(); ++I) {
    std::string B = Blob;
    B[I] = char(uint8_t(B[I]) ^ 0xa5);
    std::optional<FunctionFacts> D = decodeFunction(B);
    if (!D) {
      ++Rejected;
      continue;
    }
    std::optional<FunctionFacts> Again = decodeFunction(encodeFunction(*D));
    ASSERT_TRUE(Again.has_value()) << "byte " << I;
    expectEqual(*Again, *D);
  }
  // Most corruptions break the structure.
  EXPECT_GT(Rejected, 0u);
}

} // namespace
