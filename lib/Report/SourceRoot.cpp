//===- SourceRoot.cpp - File names relative to the tree -------------------===//
#include "Report/SourceRoot.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace wqdep {

namespace {

std::string normalize(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  std::string S(P);
  while (S.size() > 1 && S.back() == '/')
    S.pop_back();
  return S;
}

std::optional<std::string> under(const std::string &Root,
                                 const std::string &File) {
  if (Root.empty())
    return std::nullopt;
  if (Root == "/")
    return File.substr(1);
  if (File.size() > Root.size() && File.compare(0, Root.size(), Root) == 0 &&
      File[Root.size()] == '/')
    return File.substr(Root.size() + 1);
  return std::nullopt;
}

} // namespace

SourceRoot::SourceRoot(const std::string &Dir) {
  if (Dir.empty())
    return;
  Root = normalize(Dir);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Root, Real) && std::string(Real) != Root)
    RealRoot = std::string(Real);
}

std::optional<std::string> SourceRoot::relative(const std::string &File) const {
  if (File.empty())
    return std::nullopt;
  if (!llvm::sys::path::is_absolute(File)) {
    llvm::SmallString<256> P(File);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P);
  }
  std::string Abs = normalize(File);
  if (auto R = under(Root, Abs))
    return R;
  return under(RealRoot, Abs);
}

std::string SourceRoot::display(const std::string &File) const {
  if (!llvm::sys::path::is_absolute(File))
    return File;
  return relative(File).value_or(File);
}

std::string SourceRoot::portableKey(const std::string &Key) const {
  if (Key.empty() || Key[0] != '/')
    return Key;
  // The file part ends at the first ':' after its last '/'.
  size_t Colon = Key.find(':', Key.rfind('/'));
  if (Colon == std::string::npos)
    return display(Key);
  return display(Key.substr(0, Colon)) + Key.substr(Colon);
}

} // namespace wqdep
