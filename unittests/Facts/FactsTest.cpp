//===- FactsTest.cpp - Operand, FuncRef and Location helpers --------------===//
#include "Facts/Facts.h"
#include "ProgramBuilderHelpers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using namespace wqdep;
using namespace wqdep::unittest;

namespace {

TEST(Operand, StrNamesEachKind) {
  EXPECT_EQ(Operand::unknown().str(), "?");
  EXPECT_EQ(obj("struct xfs_mount::m_flush_inodes_work").str(),
            "struct xfs_mount::m_flush_inodes_work");
  EXPECT_EQ(param(0).str(), "param#0");
  EXPECT_EQ(param(2, ".work").str(), "param#2.work");
  // A parameter's Key is not part of its name; an object's Index is not.
  Operand P = param(1);
  P.Key = "ignored";
  EXPECT_EQ(P.str(), "param#1");
  Operand O = obj("bdi_wq");
  O.Index = 7;
  EXPECT_EQ(O.str(), "bdi_wq");
}

TEST(Operand, ParamsWithDifferentSuffixesHaveDifferentNames) {
  // The analysis keys per-function bindings by str(): a parameter and a
  // field below it must not collide.
  EXPECT_NE(param(0).str(), param(0, ".work").str());
  EXPECT_NE(param(0).str(), param(1).str());
}

TEST(Operand, WithSuffixAppendsToObjectKey) {
  Operand O = obj("struct bdi_writeback::dwork").withSuffix(".work");
  EXPECT_EQ(O.Kind, Operand::Object);
  EXPECT_EQ(O.Key, "struct bdi_writeback::dwork.work");
  EXPECT_EQ(O.Suffix, "");
}

TEST(Operand, WithSuffixAppendsToParamSuffix) {
  Operand O = param(1, ".dwork").withSuffix(".work");
  EXPECT_EQ(O.Kind, Operand::Param);
  EXPECT_EQ(O.Index, 1u);
  EXPECT_EQ(O.Suffix, ".dwork.work");
  EXPECT_EQ(O.Key, "");
  EXPECT_EQ(O.str(), "param#1.dwork.work");
}

TEST(Operand, WithSuffixKeepsUnknownUnknown) {
  Operand O = Operand::unknown().withSuffix(".work");
  EXPECT_EQ(O.Kind, Operand::Unknown);
  EXPECT_EQ(O, Operand::unknown());
}

TEST(Operand, WithEmptySuffixIsIdentity) {
  for (const Operand &O : {Operand::unknown(), obj("w"), param(3, ".x")})
    EXPECT_EQ(O.withSuffix(""), O);
}

TEST(Operand, WithSuffixDoesNotChangeTheOriginal) {
  Operand O = obj("a");
  Operand R = O.withSuffix(".b");
  EXPECT_EQ(O.Key, "a");
  EXPECT_EQ(R.Key, "a.b");
}

TEST(Operand, EqualityComparesEveryField) {
  EXPECT_EQ(obj("a"), obj("a"));
  EXPECT_FALSE(obj("a") == obj("b"));
  EXPECT_FALSE(param(0) == param(1));
  EXPECT_FALSE(param(0) == param(0, ".work"));
  EXPECT_FALSE(obj("") == Operand::unknown());
}

TEST(Operand, OrderIsKindThenKeyThenIndexThenSuffix) {
  // Unknown < Object < Param, whatever the other fields say.
  EXPECT_LT(Operand::unknown(), obj(""));
  EXPECT_LT(obj("zzz"), param(0));
  EXPECT_LT(obj("a"), obj("b"));
  EXPECT_LT(param(0, ".z"), param(1));
  EXPECT_LT(param(1), param(1, ".work"));
  EXPECT_FALSE(param(1, ".work") < param(1));
}

TEST(Operand, OrderIsStrictAndTotalOverDistinctOperands) {
  std::vector<Operand> V = {param(1, ".b"), obj("b"), param(0),
                            Operand::unknown(), obj("a"), param(1, ".a"),
                            param(1)};
  for (const Operand &A : V) {
    EXPECT_FALSE(A < A) << A.str();
    for (const Operand &B : V)
      if (!(A == B)) {
        EXPECT_NE(A < B, B < A) << A.str() << " vs " << B.str();
      }
  }
  std::sort(V.begin(), V.end());
  std::vector<std::string> Names;
  for (const Operand &O : V)
    Names.push_back(O.str());
  EXPECT_EQ(Names, (std::vector<std::string>{"?", "a", "b", "param#0",
                                             "param#1", "param#1.a",
                                             "param#1.b"}));
}

TEST(FuncRef, FunctionsOrderBeforeSlots) {
  EXPECT_LT(fnRef("zzz"), slotRef("aaa"));
  EXPECT_LT(fnRef("a"), fnRef("b"));
  EXPECT_LT(slotRef("a"), slotRef("b"));
  EXPECT_FALSE(slotRef("a") < fnRef("z"));
  EXPECT_FALSE(fnRef("a") == slotRef("a"));
}

TEST(FuncRef, KnownIffKeyIsSet) {
  EXPECT_FALSE(FuncRef().known());
  EXPECT_TRUE(fnRef("f").known());
  EXPECT_TRUE(slotRef("struct ops::f").known());
}

TEST(Location, OrderIsFileThenLineThenColumn) {
  EXPECT_LT((Location{"a.c", 9, 9}), (Location{"b.c", 1, 1}));
  EXPECT_LT((Location{"a.c", 1, 9}), (Location{"a.c", 2, 1}));
  EXPECT_LT((Location{"a.c", 1, 1}), (Location{"a.c", 1, 2}));
  EXPECT_FALSE((Location{"a.c", 1, 1}) < (Location{"a.c", 1, 1}));
  EXPECT_EQ((Location{"a.c", 1, 1}), (Location{"a.c", 1, 1}));
  EXPECT_FALSE((Location{"a.c", 1, 1}) == (Location{"a.c", 1, 2}));
}

TEST(Location, ValidIffLineIsSet) {
  EXPECT_FALSE(Location().valid());
  EXPECT_FALSE((Location{"a.c", 0, 3}).valid());
  EXPECT_TRUE((Location{"", 1, 0}).valid());
}

TEST(Effect, HasParamIffAnOperandIsAParameter) {
  Effect E;
  EXPECT_FALSE(E.hasParam());
  E.WorkItem = obj("w");
  E.Workqueue = obj("wq");
  EXPECT_FALSE(E.hasParam());
  E.Workqueue = param(1);
  EXPECT_TRUE(E.hasParam());
  E.Workqueue = obj("wq");
  E.WorkItem = param(0, ".work");
  EXPECT_TRUE(E.hasParam());
}

} // namespace
