//===- Fingerprint.cpp - Identities that survive edits --------------------===//
#include "Report/Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <map>

namespace wqdep {

namespace {

constexpr size_t FingerprintDigits = 16;

std::string hash(const std::string &Text) {
  llvm::SHA256 H;
  H.update(Text);
  std::array<uint8_t, 32> Digest = H.final();
  return llvm::toHex(Digest, /*LowerCase=*/true).substr(0, FingerprintDigits);
}

/// Appends \p S length-prefixed, so no two field lists read the same.
void field(std::string &Out, const std::string &S) {
  Out += std::to_string(S.size());
  Out += ':';
  Out += S;
  Out += ';';
}

/// Everything that identifies the pair, in a fixed order (see the header).
std::string identity(const Finding &F, const Context &C,
                     const SourceRoot &Root) {
  std::string Id = "wqdep/v1;";
  field(Id, F.Check);
  field(Id, F.Api);
  field(Id, F.FlushFunction);
  field(Id, std::to_string(F.Inner.size()));
  for (const PathStep &S : F.Inner)
    field(Id, S.Function);
  field(Id, F.Target.Name);
  field(Id, Root.portableKey(F.Target.Key));
  field(Id, Root.portableKey(F.TargetWorkItem));
  field(Id, C.Kind);
  field(Id, C.Workqueue.Name);
  field(Id, Root.portableKey(C.Workqueue.Key));
  field(Id, Root.portableKey(C.WorkItem));
  field(Id, C.Function);
  field(Id, std::to_string(C.Path.size()));
  for (const PathStep &S : C.Path) {
    field(Id, S.Function);
    field(Id, Root.portableKey(S.Via));
  }
  // A sink's severity class: the same path with other flags is another
  // finding (before stacked-fs-io no field followed the path).
  if (F.Sink)
    field(Id, std::to_string(F.Sink->MissingFlags));
  return Id;
}

std::string oneLine(std::string S) {
  for (char &Ch : S)
    if (Ch == '\t' || Ch == '\n' || Ch == '\r')
      Ch = ' ';
  return S;
}

} // namespace

Fingerprints fingerprint(const AnalysisResult &R, const SourceRoot &Root) {
  Fingerprints Fps;
  std::map<std::string, unsigned> Seen;
  for (const Finding &F : R.Findings) {
    std::vector<std::string> &Row = Fps.Contexts.emplace_back();
    std::vector<unsigned> &Ords = Fps.Ordinals.emplace_back();
    for (const Context &C : F.Contexts) {
      std::string Id = identity(F, C, Root);
      unsigned Ordinal = Seen[Id]++;
      if (Ordinal)
        Id += "#" + std::to_string(Ordinal);
      Row.push_back(hash(Id));
      Ords.push_back(Ordinal);
    }
  }
  return Fps;
}

std::string findingFingerprint(const std::vector<std::string> &ContextFps) {
  std::vector<std::string> Sorted = ContextFps;
  std::sort(Sorted.begin(), Sorted.end());
  std::string Id = "wqdep/v1/finding;";
  for (const std::string &Fp : Sorted)
    Id += Fp + ";";
  return hash(Id);
}

std::string contextSummary(const Finding &F, const Context &C, unsigned Ordinal,
                           const SourceRoot &Root) {
  std::string S = Root.display(F.FlushLoc.File) + ": " + F.FlushFunction +
                  ": " + F.Api;
  if (F.Sink) {
    S += " " + F.Sink->Missing;
  } else {
    S += " of ";
    if (F.TargetWorkItem.empty())
      S += "workqueue";
    else
      S += "work item '" + Root.portableKey(F.TargetWorkItem) + "' on";
    S += " !WQ_MEM_RECLAIM '" + F.Target.Name + "'";
  }
  if (Ordinal)
    S += std::string(" (identical ") + (F.Sink ? "call" : "flush") + " #" +
         std::to_string(Ordinal + 1) + ")";
  S += " from " + contextName(C) + ": ";
  for (size_t I = 0; I < C.Path.size(); ++I) {
    if (I)
      S += C.Path[I].Via.empty()
               ? " -> "
               : " -[" + Root.portableKey(C.Path[I].Via) + "]-> ";
    S += C.Path[I].Function;
  }
  for (const PathStep &W : F.Inner)
    S += " -> " + W.Function;
  S += " -> " + (F.Sink && F.Sink->ThroughSlot
                     ? "[" + Root.portableKey(F.Api) + "]"
                     : F.Api);
  return oneLine(S);
}

AnalysisResult portableKeys(const AnalysisResult &R, const SourceRoot &Root) {
  AnalysisResult Out = R;
  auto Steps = [&](std::vector<PathStep> &V) {
    for (PathStep &S : V)
      S.Via = Root.portableKey(S.Via);
  };
  for (Finding &F : Out.Findings) {
    F.Target.Key = Root.portableKey(F.Target.Key);
    F.TargetWorkItem = Root.portableKey(F.TargetWorkItem);
    Steps(F.Inner);
    for (Context &C : F.Contexts) {
      C.Workqueue.Key = Root.portableKey(C.Workqueue.Key);
      C.WorkItem = Root.portableKey(C.WorkItem);
      Steps(C.Path);
      for (Route &O : C.OtherRoutes)
        Steps(O.Steps);
    }
  }
  // "name (storage)": the storage is a key.
  for (std::string &W : Out.Coverage.UnknownFlagWorkqueues) {
    size_t Open = W.rfind(" (");
    if (Open != std::string::npos && W.back() == ')')
      W = W.substr(0, Open + 2) +
          Root.portableKey(W.substr(Open + 2, W.size() - Open - 3)) + ")";
  }
  for (std::string &K : Out.Coverage.UnboundWorkItems)
    K = Root.portableKey(K);
  return Out;
}

bool isFingerprint(const std::string &S) {
  return S.size() == FingerprintDigits &&
         std::all_of(S.begin(), S.end(), [](char Ch) {
           return (Ch >= '0' && Ch <= '9') || (Ch >= 'a' && Ch <= 'f');
         });
}

} // namespace wqdep
