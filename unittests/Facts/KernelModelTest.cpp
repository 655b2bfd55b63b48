//===- KernelModelTest.cpp - The table of workqueue primitives ------------===//
#include "Facts/KernelModel.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace wqdep;

namespace {

TEST(KernelModel, QueuePrimitive) {
  const Primitive *P = lookupPrimitive("queue_work_on");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Queue);
  EXPECT_EQ(P->Name, "queue_work_on");
  // queue_work_on(cpu, wq, work)
  EXPECT_EQ(P->WqArg, 1);
  EXPECT_EQ(P->WorkArg, 2);
  EXPECT_EQ(P->WorkSuffix, "");
}

TEST(KernelModel, DelayedQueueQueuesTheEmbeddedWork) {
  const Primitive *P = lookupPrimitive("queue_delayed_work_on");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Queue);
  EXPECT_EQ(P->WqArg, 1);
  EXPECT_EQ(P->WorkArg, 2);
  EXPECT_EQ(P->WorkSuffix, ".work");
}

TEST(KernelModel, FlushOfAWorkItem) {
  const Primitive *P = lookupPrimitive("flush_work");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Flush);
  EXPECT_EQ(P->WorkArg, 0);
  EXPECT_EQ(P->WqArg, -1);
  const Primitive *D = lookupPrimitive("flush_delayed_work");
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Kind, Primitive::Flush);
  EXPECT_EQ(D->WorkSuffix, ".work");
}

TEST(KernelModel, FlushOfAWorkqueue) {
  for (const char *Name :
       {"__flush_workqueue", "drain_workqueue", "destroy_workqueue"}) {
    const Primitive *P = lookupPrimitive(Name);
    ASSERT_NE(P, nullptr) << Name;
    EXPECT_EQ(P->Kind, Primitive::Flush) << Name;
    EXPECT_EQ(P->WorkArg, -1) << Name;
    EXPECT_EQ(P->WqArg, 0) << Name;
  }
}

TEST(KernelModel, FlushOfTheSystemWorkqueue) {
  const Primitive *P = lookupPrimitive("schedule_on_each_cpu");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Flush);
  EXPECT_EQ(P->WorkArg, -1);
  EXPECT_EQ(P->WqArg, -1);
  EXPECT_EQ(P->SystemWq, "system_wq");
}

TEST(KernelModel, CancelSyncIsExemptNotAFlush) {
  const Primitive *P = lookupPrimitive("cancel_work_sync");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Exempt);
  EXPECT_EQ(P->WorkArg, 0);
  const Primitive *D = lookupPrimitive("cancel_delayed_work_sync");
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Kind, Primitive::Exempt);
  EXPECT_EQ(D->WorkSuffix, ".work");
  // The non-waiting cancel is neither.
  const Primitive *C = lookupPrimitive("cancel_work");
  ASSERT_NE(C, nullptr);
  EXPECT_EQ(C->Kind, Primitive::Opaque);
}

TEST(KernelModel, Allocation) {
  const Primitive *P = lookupPrimitive("alloc_workqueue");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Alloc);
  EXPECT_EQ(P->FmtArg, 0);
  EXPECT_EQ(P->FlagsArg, 1);
}

TEST(KernelModel, SchedulerCoreIsOpaque) {
  const Primitive *P = lookupPrimitive("schedule");
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Kind, Primitive::Opaque);
}

TEST(KernelModel, NonPrimitivesAreNotInTheTable) {
  // The inline wrappers of workqueue.h are analysed, not modelled.
  EXPECT_EQ(lookupPrimitive("queue_work"), nullptr);
  EXPECT_EQ(lookupPrimitive("schedule_work"), nullptr);
  EXPECT_EQ(lookupPrimitive("xfs_flush_inodes"), nullptr);
  EXPECT_EQ(lookupPrimitive(""), nullptr);
  EXPECT_EQ(lookupPrimitive("Flush_work"), nullptr);
  EXPECT_EQ(lookupPrimitive("flush_work "), nullptr);
}

TEST(KernelModel, LookupUsesTheViewNotANulTerminator) {
  std::string S = "flush_workqueue_and_more";
  const Primitive *P = lookupPrimitive(std::string_view(S).substr(0, 10));
  ASSERT_NE(P, nullptr);
  EXPECT_EQ(P->Name, "flush_work");
}

TEST(KernelModel, ApiMacros) {
  EXPECT_TRUE(isApiMacro("flush_workqueue"));
  EXPECT_TRUE(isApiMacro("alloc_ordered_workqueue"));
  EXPECT_FALSE(isApiMacro("__flush_workqueue"));
  EXPECT_FALSE(isApiMacro("flush_work"));
}

TEST(KernelModel, WorkqueueRecords) {
  for (const char *R :
       {"work_struct", "delayed_work", "rcu_work", "workqueue_struct"})
    EXPECT_TRUE(isWorkqueueRecord(R)) << R;
  EXPECT_FALSE(isWorkqueueRecord("xfs_mount"));
  EXPECT_FALSE(isWorkqueueRecord("struct work_struct"));
}

TEST(KernelModel, SystemWorkqueuesLackMemReclaim) {
  std::vector<WorkqueueAlloc> Sys = builtinSystemWorkqueues();
  ASSERT_FALSE(Sys.empty());
  std::set<std::string> Storages;
  uint64_t Reclaim = 0;
  for (const FlagBit &B : defaultFlagBits())
    if (B.Name == "WQ_MEM_RECLAIM")
      Reclaim = B.Value;
  ASSERT_NE(Reclaim, 0u);
  for (const WorkqueueAlloc &A : Sys) {
    SCOPED_TRACE(A.Storage);
    EXPECT_TRUE(Storages.insert(A.Storage).second) << "duplicate storage";
    EXPECT_TRUE(A.Builtin);
    EXPECT_FALSE(A.MemReclaim);
    EXPECT_FALSE(A.Legacy);
    ASSERT_TRUE(A.Flags.has_value());
    EXPECT_EQ(*A.Flags & Reclaim, 0u);
    // Flags is the value of FlagNames.
    uint64_t V = 0;
    for (const std::string &N : A.FlagNames)
      for (const FlagBit &B : defaultFlagBits())
        if (B.Name == N)
          V |= B.Value;
    EXPECT_EQ(*A.Flags, V);
    bool HasBH = false;
    for (const std::string &N : A.FlagNames)
      HasBH |= N == "WQ_BH";
    EXPECT_EQ(A.BH, HasBH);
  }
  EXPECT_TRUE(Storages.count("system_wq"));
  EXPECT_TRUE(Storages.count("system_unbound_wq"));
  EXPECT_TRUE(Storages.count("system_bh_wq"));
}

} // namespace
