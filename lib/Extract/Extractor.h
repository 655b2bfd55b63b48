//===- Extractor.h - Facts from one parsed translation unit -----*- C++ -*-===//
#ifndef WQDEP_EXTRACT_EXTRACTOR_H
#define WQDEP_EXTRACT_EXTRACTOR_H

#include "Facts/Facts.h"

namespace clang {
class ASTContext;
} // namespace clang

namespace wqdep {

/// Walks the whole AST of a parsed translation unit (after macro expansion,
/// so INIT_WORK and flush_workqueue are seen as the stores and calls they
/// expand to) and returns its facts. Pure: safe to call from several threads
/// on different ASTContexts.
TUFacts extractFacts(clang::ASTContext &Ctx);

} // namespace wqdep

#endif
