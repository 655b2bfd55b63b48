//===- Hash.h - Small stable hashes for signatures -------------*- C++ -*-===//
//
// Hashes that are the same in every process (the route cache's signatures
// are saved to disk and compared by the next run): no std::hash.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_SUPPORT_HASH_H
#define WQDEP_SUPPORT_HASH_H

#include <cstdint>
#include <string_view>

namespace wqdep {

/// Folds \p V into \p H (order matters).
inline uint64_t mix(uint64_t H, uint64_t V) {
  H ^= V + 0x9e3779b97f4a7c15ull + (H << 6) + (H >> 2);
  H *= 0xff51afd7ed558ccdull;
  return H ^ (H >> 29);
}

/// FNV-1a of a string.
inline uint64_t hashKey(std::string_view S) {
  uint64_t H = 0xcbf29ce484222325ull;
  for (unsigned char C : S)
    H = (H ^ C) * 0x100000001b3ull;
  return H;
}

} // namespace wqdep

#endif
