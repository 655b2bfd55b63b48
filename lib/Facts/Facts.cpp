//===- Facts.cpp - Operand helpers ----------------------------------------===//
#include "Facts/Facts.h"

#include <tuple>

namespace wqdep {

Operand Operand::withSuffix(const std::string &S) const {
  if (S.empty())
    return *this;
  Operand R = *this;
  switch (Kind) {
  case Unknown:
    break;
  case Object:
    R.Key += S;
    break;
  case Param:
    R.Suffix += S;
    break;
  }
  return R;
}

std::string Operand::str() const {
  switch (Kind) {
  case Unknown:
    return "?";
  case Object:
    return Key;
  case Param:
    return "param#" + std::to_string(Index) + Suffix;
  }
  return "?";
}

bool Operand::operator<(const Operand &O) const {
  return std::tie(Kind, Key, Index, Suffix) <
         std::tie(O.Kind, O.Key, O.Index, O.Suffix);
}

std::string ObjectRef::str() const {
  switch (Kind) {
  case Unknown:
    return "?";
  case Param:
    return "param#" + std::to_string(Index) + Path;
  case Local:
    return "local:" + Var + Path;
  case Global:
    return "global:" + Var + Path;
  }
  return "?";
}

bool ObjectRef::operator<(const ObjectRef &O) const {
  return std::tie(Kind, Index, Var, Path) <
         std::tie(O.Kind, O.Index, O.Var, O.Path);
}

} // namespace wqdep
