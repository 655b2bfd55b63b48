//===- OutputFile.cpp - Write a file whole or not at all -----------------===//
#include "Report/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <climits>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wqdep {
namespace {

struct Target {
  enum Kind { Regular, Special, Directory, Error } K;
  std::string Path; ///< Regular: the file to replace (links resolved).
  std::string Err;
  mode_t Mode = 0;  ///< Of an existing regular file, kept.
  bool Exists = false;
};

std::string parentOf(const std::string &P) {
  llvm::StringRef D = llvm::sys::path::parent_path(P);
  return D.empty() ? "." : D.str();
}

/// Where writing \p Path goes.
Target resolve(const std::string &Path) {
  llvm::StringRef P(Path);
  struct stat S;
  if (stat(Path.c_str(), &S) == 0) {
    if (S_ISDIR(S.st_mode))
      return {Target::Directory, Path, "is a directory"};
    // /dev/stdout, /dev/fd/N, /proc/self/fd/N: whatever they stand for is
    // written in place, never replaced.
    if (!S_ISREG(S.st_mode) || P.starts_with("/dev/") ||
        P.starts_with("/proc/"))
      return {Target::Special, Path, {}};
    char Real[PATH_MAX];
    if (!realpath(Path.c_str(), Real))
      return {Target::Error, Path, std::strerror(errno)};
    Target T{Target::Regular, Real, {}};
    T.Mode = S.st_mode & 07777;
    T.Exists = true;
    return T;
  }
  if (errno != ENOENT)
    return {Target::Error, Path, std::strerror(errno)};
  // Not there: created, at the end of a dangling link if it is one.
  std::string Cur = Path;
  for (int Hops = 0; Hops < 40; ++Hops) {
    struct stat L;
    if (lstat(Cur.c_str(), &L) != 0 || !S_ISLNK(L.st_mode))
      return {Target::Regular, Cur, {}};
    char Buf[PATH_MAX];
    ssize_t N = readlink(Cur.c_str(), Buf, sizeof(Buf));
    if (N < 0)
      return {Target::Error, Path, std::strerror(errno)};
    std::string Next(Buf, N);
    if (Next.empty() || Next[0] != '/')
      Next = parentOf(Cur) + "/" + Next;
    Cur = Next;
  }
  return {Target::Error, Path, std::strerror(ELOOP)};
}

std::string specialRefused() {
  return "not a regular file (a device, a FIFO or a socket); name a "
         "regular file, or a symbolic link to one";
}

} // namespace

bool writeAllToFd(int Fd, std::string_view Text, std::string &Err) {
  const char *P = Text.data();
  size_t N = Text.size();
  while (N) {
    ssize_t W = ::write(Fd, P, N);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0) {
      Err = std::strerror(W < 0 ? errno : EIO);
      return false;
    }
    P += W;
    N -= W;
  }
  return true;
}

bool checkOutputFile(const std::string &Path, SpecialFiles Special,
                     std::string &Err) {
  Target T = resolve(Path);
  switch (T.K) {
  case Target::Error:
  case Target::Directory:
    Err = T.Err;
    return false;
  case Target::Special: {
    if (Special == SpecialFiles::Refuse) {
      Err = specialRefused();
      return false;
    }
    struct stat S;
    if (stat(Path.c_str(), &S) == 0 && S_ISFIFO(S.st_mode))
      return true; // Opening would wait for a reader.
    int Fd = ::open(Path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (Fd < 0) {
      Err = std::strerror(errno);
      return false;
    }
    ::close(Fd);
    return true;
  }
  case Target::Regular: {
    std::string Dir = parentOf(T.Path);
    if (access(Dir.c_str(), W_OK) != 0) {
      Err = errno == ENOENT || errno == ENOTDIR
                ? "directory '" + Dir + "' does not exist"
                : "directory '" + Dir + "' is not writable (" +
                      std::strerror(errno) + ")";
      return false;
    }
    return true;
  }
  }
  return true;
}

bool writeOutputFile(const std::string &Path, std::string_view Text,
                     SpecialFiles Special, std::string &Err) {
  Target T = resolve(Path);
  if (T.K == Target::Error || T.K == Target::Directory) {
    Err = T.Err;
    return false;
  }
  if (T.K == Target::Special) {
    if (Special == SpecialFiles::Refuse) {
      Err = specialRefused();
      return false;
    }
    int Fd = ::open(Path.c_str(), O_WRONLY | O_CLOEXEC);
    if (Fd < 0) {
      Err = std::strerror(errno);
      return false;
    }
    bool Ok = writeAllToFd(Fd, Text, Err);
    if (::close(Fd) != 0 && Ok) {
      Err = std::strerror(errno);
      Ok = false;
    }
    return Ok;
  }
  // A temporary file in the same directory, renamed over the target once
  // it is complete and on disk.
  llvm::SmallString<256> Model(parentOf(T.Path));
  llvm::sys::path::append(Model, "." + llvm::sys::path::filename(T.Path) +
                                     ".tmp-%%%%%%");
  int Fd;
  llvm::SmallString<256> Tmp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(
          Model, Fd, Tmp, llvm::sys::fs::OF_None, 0666)) {
    Err = EC.message();
    return false;
  }
  bool Ok = writeAllToFd(Fd, Text, Err);
  if (Ok && T.Exists && fchmod(Fd, T.Mode) != 0) {
    Err = std::strerror(errno);
    Ok = false;
  }
  if (Ok && fsync(Fd) != 0 && errno != EINVAL) {
    Err = std::strerror(errno);
    Ok = false;
  }
  if (::close(Fd) != 0 && Ok) {
    Err = std::strerror(errno);
    Ok = false;
  }
  if (Ok && rename(Tmp.c_str(), T.Path.c_str()) != 0) {
    Err = std::strerror(errno);
    Ok = false;
  }
  if (!Ok)
    ::unlink(Tmp.c_str());
  return Ok;
}

} // namespace wqdep
