//===- OutputFile.h - Write a file whole or not at all ------------*- C++ -*-===//
//
// The report (-o) and the baseline (--write-baseline) are written the same
// way: a regular file is replaced atomically (a temporary file next to it,
// renamed over it once complete), so a failed write (a full disk) never
// leaves a truncated file in place of an earlier good one; a symbolic link
// is written through, to its target, and stays a link; a file under /dev or
// /proc, a device or a FIFO (/dev/full, /dev/stdout, a pipe) is written
// directly, or refused where only a regular file makes sense.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_REPORT_OUTPUTFILE_H
#define WQDEP_REPORT_OUTPUTFILE_H

#include <string>
#include <string_view>

namespace wqdep {

enum class SpecialFiles {
  Write,  ///< Write devices and FIFOs directly (a report).
  Refuse, ///< Only regular files (a baseline, which is read back).
};

/// Whether \p Path can be written as writeOutputFile() would, without
/// touching it: for failing before a long run rather than after. \p Err is
/// the reason, to follow "cannot write 'PATH': ".
bool checkOutputFile(const std::string &Path, SpecialFiles Special,
                     std::string &Err);

/// Writes \p Text to \p Path whole, or leaves it as it was and says why in
/// \p Err (as for checkOutputFile()).
bool writeOutputFile(const std::string &Path, std::string_view Text,
                     SpecialFiles Special, std::string &Err);

/// Writes \p Text to file descriptor \p Fd; false with \p Err set on error.
bool writeAllToFd(int Fd, std::string_view Text, std::string &Err);

} // namespace wqdep

#endif
