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

const ObjectRef &FunctionFacts::receiver(const CallSite &C) const {
  static const ObjectRef None;
  if (C.Receiver == 0 || C.Receiver > Receivers.size())
    return None;
  return Receivers[C.Receiver - 1];
}

void FunctionFacts::setReceiver(CallSite &C, ObjectRef R) {
  C.Receiver = 0;
  if (!R.known())
    return;
  for (size_t I = 0; I < Receivers.size(); ++I)
    if (Receivers[I] == R) {
      C.Receiver = uint32_t(I + 1);
      return;
    }
  Receivers.push_back(std::move(R));
  C.Receiver = uint32_t(Receivers.size());
}

bool ObjectRef::operator<(const ObjectRef &O) const {
  return std::tie(Kind, Index, Var, Path) <
         std::tie(O.Kind, O.Index, O.Var, O.Path);
}

bool memberPathsOverlap(const std::string &A, const std::string &B) {
  const std::string &S = A.size() <= B.size() ? A : B;
  const std::string &L = A.size() <= B.size() ? B : A;
  return S.empty() || (L.compare(0, S.size(), S) == 0 &&
                       (L.size() == S.size() || L[S.size()] == '.'));
}

} // namespace wqdep
