//===- Extractor.cpp - Facts from one parsed translation unit -------------===//
//
// One pass per function body after a first pass that follows simple local
// variables (`wq = alloc_workqueue(...); mp->m_wq = wq;`, the `_wq` of the
// flush_workqueue() macro, `_res` of alloc_hooks(), `fn = ops->write_iter`).
// Local variables are followed flow-insensitively: a local assigned two
// different values is treated as unknown.
//
//===----------------------------------------------------------------------===//
#include "Extract/Extractor.h"
#include "Extract/ExtractorImpl.h"
#include "Facts/KernelModel.h"
#include "Facts/KernelVersions.h"

#include "clang/Basic/Builtins.h"

namespace wqdep {
namespace extract {

const Expr *unexpect(const Expr *E, bool KeepExplicitCasts) {
  auto Strip = [&](const Expr *X) {
    return KeepExplicitCasts ? X->IgnoreParenImpCasts() : strip(X);
  };
  E = Strip(E);
  while (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (CE->getBuiltinCallee() != Builtin::BI__builtin_expect ||
        CE->getNumArgs() < 1)
      break;
    E = Strip(CE->getArg(0));
  }
  return E;
}

const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *SE = dyn_cast<StmtExpr>(Next)) {
      // ({ ...; value; }): the value of the last statement.
      const CompoundStmt *CS = SE->getSubStmt();
      if (CS->body_empty())
        return Next;
      const auto *Last = dyn_cast<Expr>(CS->body_back());
      if (!Last)
        return Next;
      Next = Last;
    }
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const Expr *cancelAddrDeref(const Expr *E) {
  E = strip(E);
  while (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_Deref && UO->getOpcode() != UO_AddrOf)
      break;
    const auto *Inner = dyn_cast<UnaryOperator>(strip(UO->getSubExpr()));
    if (!Inner || Inner->getOpcode() == UO->getOpcode() ||
        (Inner->getOpcode() != UO_Deref && Inner->getOpcode() != UO_AddrOf))
      break;
    E = strip(Inner->getSubExpr());
  }
  return E;
}

const RecordDecl *recordOf(QualType T) {
  T = T.getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType().getCanonicalType();
  if (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    T = AT->getElementType().getCanonicalType();
  if (const auto *RT = T->getAs<RecordType>())
    return RT->getDecl();
  return nullptr;
}

std::string memberName(const FieldDecl *F) {
  return F->getIdentifier() && !F->getName().empty()
             ? F->getName().str()
             : "#" + std::to_string(F->getFieldIndex());
}

bool isFunctionPointer(QualType T) {
  T = T.getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    return PT->getPointeeType()->isFunctionType();
  return false;
}

/// Noreturn in any declaration: attributes are inherited forward only, and
/// a call may refer to a declaration before the one that says noreturn.
bool isNoReturnFunction(const FunctionDecl *FD) {
  for (const FunctionDecl *R : FD->redecls())
    if (R->isNoReturn())
      return true;
  return false;
}

/// A callee expression of a function or function-pointer type that is
/// noreturn (`void (*die)(void) __attribute__((noreturn))`).
bool isNoReturnCalleeType(QualType T) {
  T = T.getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FT = T->getAs<FunctionType>())
    return FT->getNoReturnAttr();
  return false;
}

/// The section of the definition, else of any declaration.
std::string sectionOf(const FunctionDecl *FD) {
  if (const FunctionDecl *Def = FD->getDefinition())
    if (const auto *SA = Def->getAttr<SectionAttr>())
      return SA->getName().str();
  for (const FunctionDecl *R : FD->redecls())
    if (const auto *SA = R->getAttr<SectionAttr>())
      return SA->getName().str();
  return {};
}

std::string TUExtractor::fileName(FileID FID) {
  auto It = FileNames.find(FID);
  if (It != FileNames.end())
    return It->second;
  std::string Name;
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
    llvm::SmallString<256> P(FE->getName());
    SM.getFileManager().makeAbsolutePath(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    Name = std::string(P);
  } else {
    Name = "<built-in>";
  }
  FileNames[FID] = Name;
  return Name;
}

Location TUExtractor::loc(SourceLocation L) {
  Location R;
  if (L.isInvalid())
    return R;
  SourceLocation E = SM.getExpansionLoc(L);
  FileID FID = SM.getFileID(E);
  if (FID == SM.getMainFileID() && mainIsStdin()) {
    // Source from standard input: a distributed compile of the source with
    // its headers inlined (clang -frewrite-includes), whose line markers
    // name each file and line as the client read them.
    PresumedLoc PL = SM.getPresumedLoc(E);
    if (PL.isValid()) {
      llvm::StringRef Name = PL.getFilename();
      auto [It, New] = PresumedNames.try_emplace(Name);
      if (New) {
        llvm::SmallString<256> P(Name);
        if (!Name.starts_with("<")) {
          SM.getFileManager().makeAbsolutePath(P);
          llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
        }
        It->second = std::string(P);
      }
      R.File = It->second;
      R.Line = PL.getLine();
      R.Column = PL.getColumn();
      return R;
    }
  }
  R.File = fileName(FID);
  R.Line = SM.getExpansionLineNumber(E);
  R.Column = SM.getExpansionColumnNumber(E);
  return R;
}

std::string TUExtractor::functionKey(const FunctionDecl *FD) {
  if (const FunctionDecl *Def = FD->getDefinition())
    FD = Def;
  std::string Name = FD->getName().str();
  if (FD->isExternallyVisible())
    return Name;
  return loc(FD->getLocation()).File + ":" + Name;
}

std::string TUExtractor::varKey(const VarDecl *VD) {
  std::string Name = VD->getName().str();
  if (VD->isLocalVarDeclOrParm() || VD->isStaticLocal()) {
    const auto *FD = dyn_cast<FunctionDecl>(VD->getDeclContext());
    return (FD ? FD->getName().str() : std::string("?")) + "()::" + Name;
  }
  if (VD->isExternallyVisible())
    return Name;
  return loc(VD->getLocation()).File + ":" + Name;
}

const FunctionDecl *functionNamed(const Expr *E) {
  const Expr *V = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(V);
      UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref))
    V = strip(UO->getSubExpr());
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(V);
  return DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
}

bool TUExtractor::isConstTable(const VarDecl *VD) {
  const VarDecl *Def = VD->getDefinition();
  if (!Def)
    return false;
  auto [It, New] = ConstTables.try_emplace(Def, false);
  if (New)
    It->second = isConstTableType(Def) && tableInitRead(Def);
  return It->second;
}

bool TUExtractor::isConstTableType(const VarDecl *VD) const {
  QualType T = VD->getType();
  if (!VD->hasGlobalStorage() || !T.isConstQualified())
    return false;
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || RD->isUnion() || !RD->getDefinition())
    return false;
  for (const FieldDecl *F : RD->getDefinition()->fields())
    if (F->isAnonymousStructOrUnion() || F->getName().empty())
      return false;
  return true;
}

bool TUExtractor::tableInitRead(const VarDecl *VD) const {
  const Expr *Init = VD->getInit();
  const auto *IL =
      dyn_cast_or_null<InitListExpr>(Init ? Init->IgnoreImplicit() : nullptr);
  if (!IL)
    return false;
  if (IL->isSyntacticForm() && IL->getSemanticForm())
    IL = IL->getSemanticForm();
  const RecordDecl *RD = VD->getType()->getAsRecordDecl()->getDefinition();
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    const Expr *E = I < IL->getNumInits() ? IL->getInit(I) : nullptr;
    ++I;
    if (!isFunctionPointer(F->getType()) || !E ||
        isa<ImplicitValueInitExpr>(E->IgnoreImplicit()))
      continue;
    if (E->isValueDependent())
      return false;
    // What walkInit() records as the member's store, or null.
    if (!E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) &&
        !functionNamed(E))
      return false;
  }
  return true;
}

std::string TUExtractor::recordKey(const RecordDecl *RD) {
  if (!RD)
    return "?";
  std::string Tag = RD->isUnion() ? "union " : "struct ";
  if (!RD->getName().empty())
    return Tag + RD->getName().str();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName().str();
  // An anonymous struct or union inside another record.
  if (const auto *Parent = dyn_cast<RecordDecl>(RD->getDeclContext()))
    return recordKey(Parent) + "::(anonymous)";
  return Tag + "(anonymous)";
}

std::string TUExtractor::schedulingWorkqueue() {
  return std::string(wqdep::schedulingWorkqueue([&](std::string_view Name) {
    auto R = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name));
    return std::any_of(R.begin(), R.end(),
                       [](const NamedDecl *D) { return isa<VarDecl>(D); });
  }));
}

void TUExtractor::initFlagBits() {
  // Read the flag values from the translation unit's own enum so that a
  // tree whose bits differ (6.1 has no WQ_BH) is decoded right.
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  auto Lookup = [&](StringRef Name) -> const EnumConstantDecl * {
    for (NamedDecl *D : TU->lookup(&Ctx.Idents.get(Name)))
      if (auto *ECD = dyn_cast<EnumConstantDecl>(D))
        return ECD;
    return nullptr;
  };
  const EnumConstantDecl *MR = Lookup("WQ_MEM_RECLAIM");
  if (!MR) {
    Bits = defaultFlagBits();
    return;
  }
  MemReclaimBit = MR->getInitVal().getZExtValue();
  LegacyBit = 0;
  BHBit = 0;
  const auto *ED = cast<EnumDecl>(MR->getDeclContext());
  for (const EnumConstantDecl *C : ED->enumerators()) {
    StringRef N = C->getName();
    uint64_t V = C->getInitVal().getZExtValue();
    if (N == "__WQ_LEGACY")
      LegacyBit = V;
    if (N == "WQ_BH")
      BHBit = V;
    if (!(N.starts_with("WQ_") || N.starts_with("__WQ_")) ||
        N.contains("ACTIVE") || V == 0 || (V & (V - 1)) != 0)
      continue;
    BitNames.push_back(N.str());
  }
  size_t I = 0;
  for (const EnumConstantDecl *C : ED->enumerators()) {
    if (I < BitNames.size() && C->getName() == BitNames[I]) {
      Bits.push_back({BitNames[I], C->getInitVal().getZExtValue()});
      ++I;
    }
  }
}

void TUExtractor::decodeFlags(WorkqueueAlloc &A, uint64_t V) {
  A.Flags = V;
  A.MemReclaim = V & MemReclaimBit;
  A.Legacy = LegacyBit && (V & LegacyBit);
  A.BH = BHBit && (V & BHBit);
  uint64_t Rest = V;
  for (const FlagBit &B : Bits) {
    if ((V & B.Value) && (Rest & B.Value)) {
      A.FlagNames.push_back(std::string(B.Name));
      Rest &= ~B.Value;
    }
  }
  if (Rest) {
    char Buf[32];
    snprintf(Buf, sizeof(Buf), "0x%llx", (unsigned long long)Rest);
    A.FlagNames.push_back(Buf);
  }
}

/// Walks one initializer. \p Cur names the object being initialized (of type
/// \p T); \p TypeBased says it is named by type and field path. \p Obj names
/// the same object rooted at its variable, and \p InFunction is the function
/// whose code runs the initializer (empty for static storage): both go into
/// the slot stores found.
void TUExtractor::walkInit(const Expr *Init, QualType T, Operand Cur,
                           bool TypeBased, const ObjectRef &Obj,
                           const std::string &InFunction) {
  if (!Init)
    return;
  const Expr *E = Init->IgnoreParenImpCasts();
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    E = CL->getInitializer()->IgnoreParenImpCasts();
  const auto *ILE = dyn_cast<InitListExpr>(E);
  if (!ILE) {
    // A scalar: a function stored into a function-pointer variable.
    return;
  }
  if (!ILE->isSemanticForm())
    ILE = ILE->getSemanticForm();
  if (!ILE)
    return;
  QualType CT = T.getCanonicalType();
  if (const auto *AT = dyn_cast<ArrayType>(CT.getTypePtr())) {
    ObjectRef Elem = Obj;
    if (Elem.known())
      Elem.Path += "[]";
    for (const Expr *Sub : ILE->inits())
      walkInit(Sub, AT->getElementType(), Cur.withSuffix("[]"), TypeBased,
               Elem, InFunction);
    return;
  }
  const auto *RT = CT->getAs<RecordType>();
  if (!RT)
    return;
  const RecordDecl *RD = RT->getDecl()->getDefinition();
  if (!RD)
    return;
  bool IsWorkRecord = isWorkqueueRecord(RD->getName());
  unsigned Idx = 0;
  for (const FieldDecl *FD : RD->fields()) {
    if (RD->isUnion() && ILE->getInitializedFieldInUnion() != FD)
      continue;
    if (FD->isUnnamedBitField())
      continue;
    if (Idx >= ILE->getNumInits())
      break;
    const Expr *Sub = ILE->getInit(Idx++);
    // Name the sub-object the way operands name it (see Operand).
    Operand Next;
    bool NextTypeBased = true;
    std::string Field = FD->getName().str();
    if (IsWorkRecord) {
      Next = Field.empty() ? Cur : Cur.withSuffix("." + Field);
      NextTypeBased = TypeBased;
    } else if (TypeBased && Cur.isObject()) {
      Next = Field.empty() ? Cur : Cur.withSuffix("." + Field);
    } else {
      Next = Operand::object(recordKey(RD) + "::" + Field);
    }
    if (isFunctionPointer(FD->getType())) {
      const FunctionDecl *Fn = functionNamed(Sub);
      if (!Fn)
        continue;
      if (RD->getName() == "work_struct" && Field == "func") {
        if (Cur.isObject())
          Out.Bindings.push_back({Cur.Key, functionKey(Fn), loc(Sub->getExprLoc())});
      } else {
        Out.Stores.push_back({slotKey(FD), functionKey(Fn),
                              loc(Sub->getExprLoc()), InFunction, Obj,
                              Cur.isObject() ? Cur.Key : ""});
      }
      continue;
    }
    ObjectRef Member = Obj;
    if (Member.known() && !Field.empty())
      Member.Path += "." + Field;
    walkInit(Sub, FD->getType(), Next, NextTypeBased, Member, InFunction);
  }
}

TUFacts TUExtractor::run() {
  TranslationUnitDecl *TUD = Ctx.getTranslationUnitDecl();
  for (Decl *D : TUD->decls()) {
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (!FD->doesThisDeclarationHaveABody() || FD->isInvalidDecl())
        continue;
      if (lookupPrimitive(FD->getName()))
        continue; // Modelled, not analysed.
      // A static (inline) function nothing in this translation unit refers
      // to cannot be called from here, and every unit that does call it
      // extracts it there. A kernel unit defines thousands of header inlines
      // and uses a fraction: skipping the rest is most of the extraction.
      if (!FD->isExternallyVisible() && !FD->isReferenced())
        continue;
      FunctionFacts F;
      F.Key = functionKey(FD);
      F.Name = FD->getName().str();
      F.Loc = loc(FD->getLocation());
      F.NumParams = FD->getNumParams();
      F.NoReturn = isNoReturnFunction(FD);
      F.Section = sectionOf(FD);
      FunctionExtractor X(*this, FD, F);
      X.collectLocals(FD->getBody());
      X.extract(FD->getBody());
      X.finish();
      Out.Functions.push_back(std::move(F));
    } else if (auto *VD = dyn_cast<VarDecl>(D)) {
      if (!VD->hasInit() || VD->isInvalidDecl())
        continue;
      const Expr *Init = VD->getInit();
      if (isFunctionPointer(VD->getType())) {
        if (const FunctionDecl *Fn = functionNamed(Init))
          Out.Stores.push_back({varKey(VD), functionKey(Fn),
                                loc(VD->getLocation()), "", ObjectRef()});
        continue;
      }
      const RecordDecl *RD = recordOf(VD->getType());
      if (!RD)
        continue;
      // Ops tables: a const one whose function members are all read.
      if (isConstTable(VD))
        Out.ConstTables.push_back({varKey(VD), recordKey(RD)});
      // A notifier_block is named by its variable, as `&nb` names it.
      bool Work = isWorkqueueRecord(RD->getName()) ||
                  RD->getName() == "notifier_block";
      walkInit(Init, VD->getType(),
               Work ? Operand::object(varKey(VD)) : Operand::unknown(), false,
               ObjectRef::var(ObjectRef::Global, varKey(VD)), "");
    }
  }
  return std::move(Out);
}

} // namespace extract

TUFacts extractFacts(clang::ASTContext &Ctx) {
  return extract::TUExtractor(Ctx).run();
}

} // namespace wqdep
