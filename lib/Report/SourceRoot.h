//===- SourceRoot.h - File names relative to the tree -----------*- C++ -*-===//
#ifndef WQDEP_REPORT_SOURCEROOT_H
#define WQDEP_REPORT_SOURCEROOT_H

#include <optional>
#include <string>

namespace wqdep {

/// The directory (--source-root) that SARIF URIs, GitHub annotations,
/// fingerprints, baselines and changed lines name files relative to, so that
/// two checkouts of one tree in different places give the same results.
class SourceRoot {
public:
  SourceRoot() = default;
  /// \p Dir made absolute, without '.', '..' or a trailing '/'.
  explicit SourceRoot(const std::string &Dir);

  /// The absolute root, empty when none was given.
  const std::string &path() const { return Root; }

  /// \p File relative to the root ("fs/xfs/xfs_super.c"), or nothing when
  /// it lies outside it. Relative names are taken as already relative.
  std::optional<std::string> relative(const std::string &File) const;

  /// relative(\p File) when it is inside the root, else \p File.
  std::string display(const std::string &File) const;

  /// An object key with its file part made relative: static objects are
  /// named "/abs/dir/file.c:name" (see Facts.h), which would tie a
  /// fingerprint to the checkout's place.
  std::string portableKey(const std::string &Key) const;

private:
  std::string Root;
  std::string RealRoot; ///< Root with symbolic links resolved, if different.
};

} // namespace wqdep

#endif
