//===- Finding.cpp - Names and classes of the finding data model ----------===//
#include "Analysis/Finding.h"

namespace wqdep {

const char *resolutionName(Resolution R) {
  switch (R) {
  case Resolution::Start:
    return "start";
  case Resolution::Direct:
    return "direct";
  case Resolution::OnlyStore:
    return "only-store";
  case Resolution::AllStores:
    return "all-stores";
  case Resolution::Callback:
    return "callback";
  case Resolution::WorkBinding:
    return "work-binding";
  case Resolution::Model:
    return "model";
  case Resolution::Chain:
    return "chain";
  case Resolution::Queued:
    return "queued";
  }
  return "direct";
}

const char *severityName(Severity S) {
  return S == Severity::Note ? "note" : "warning";
}

const char *confidenceName(Confidence C) {
  switch (C) {
  case Confidence::Wide:
    return "wide";
  case Confidence::Narrowed:
    return "narrowed";
  case Confidence::Direct:
    return "direct";
  }
  return "wide";
}

bool parseConfidence(const std::string &S, Confidence &Out) {
  for (Confidence C :
       {Confidence::Wide, Confidence::Narrowed, Confidence::Direct})
    if (S == confidenceName(C)) {
      Out = C;
      return true;
    }
  return false;
}

Confidence routeConfidence(const std::vector<PathStep> &Steps,
                           unsigned *WideHops) {
  unsigned Wide = 0;
  bool Indirect = false;
  for (const PathStep &S : Steps) {
    switch (S.How) {
    case Resolution::Start:
    case Resolution::Direct:
      break;
    case Resolution::AllStores:
      if (S.Candidates > 1) {
        ++Wide;
        break;
      }
      [[fallthrough]];
    case Resolution::OnlyStore:
    case Resolution::Callback:
    case Resolution::WorkBinding:
    case Resolution::Model:
    case Resolution::Chain:
    case Resolution::Queued:
      Indirect = true;
      break;
    }
  }
  if (WideHops)
    *WideHops = Wide;
  if (Wide)
    return Confidence::Wide;
  return Indirect ? Confidence::Narrowed : Confidence::Direct;
}

std::string contextName(const Context &C) {
  if (C.isTask())
    return "PF_MEMALLOC task " + C.Function;
  return "WQ_MEM_RECLAIM '" + C.Workqueue.Name + "':" + C.Function;
}

} // namespace wqdep
