//===- ObjectFacts.h - Facts carried inside object files ---------*- C++ -*-===//
//
// The wqdep clang plugin (tools/wqdep-plugin) extracts a unit's facts during
// the compile that builds it and embeds them in the object file, in the
// section ObjectFactsSection: a `.discard.*` name, which the kernel's linker
// scripts drop from vmlinux and from every module, and SHF_EXCLUDE, which
// any final link drops. Whatever moves or caches objects (ccache, distcc,
// icecream) moves and caches the facts with them; no side file.
//
// The payload carries the facts format version (FactsFormatVersion), who
// wrote it, and the unit's key: a hash of what decides how clang reads the
// source (compileKey()) and the content hash of every file the compile read.
// `wqdep -p` (lib/Driver/ProgramBuilder.cpp) uses the facts of an object
// only when that key matches the unit as it is now; freshness never depends
// on timestamps.
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_EXTRACT_OBJECTFACTS_H
#define WQDEP_EXTRACT_OBJECTFACTS_H

#include "Extract/Runner.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace clang {
class CompilerInvocation;
namespace tooling {
class CompilationDatabase;
} // namespace tooling
} // namespace clang

namespace wqdep {

/// The section of an object file that holds its facts.
inline constexpr const char *ObjectFactsSection = ".discard.wqdep.facts";

/// What the compile that embedded the facts read.
enum class ObjectInput : uint32_t {
  /// The source and its headers from files (a local compile, ccache): the
  /// key has the content hash of each file read.
  Files = 0,
  /// One buffer on standard input with the headers inlined: the source as
  /// `clang -E -frewrite-includes` gives it, which a distributed build
  /// (icecream with ICECC_REMOTE_CPP=1) sends to the remote compiler. The
  /// key has the hash of that buffer; its line markers name the files.
  Rewritten = 1,
};

/// What the plugin embeds: the facts of one compile and the key that says
/// which inputs they were extracted from.
struct ObjectFacts {
  unsigned Format = 0;  ///< FactsFormatVersion of the writer.
  std::string Producer; ///< "wqdep-plugin <version>".
  ObjectInput Input = ObjectInput::Files;
  std::string CompileKey;
  std::vector<Dependency> Deps; ///< Files: Path, Size, Hash (no MTime).
  std::string SourceHash;       ///< Rewritten: contentHash() of the buffer.
  /// Everything but the functions, and the functions too when decoded.
  TUFacts Facts;
  /// The payload the facts were decoded from, and each function's bytes
  /// in it (encodeFunction()'s), in order, whether decoded or not.
  std::shared_ptr<const void> Payload; ///< Keeps FunctionBlobs' bytes.
  std::vector<std::string_view> FunctionBlobs;
};

/// The payload bytes for \p O (its Format is ignored: this wqdep's).
std::string encodeObjectFacts(const ObjectFacts &O);

enum class PayloadStatus {
  Ok,
  OtherFormat, ///< Written for another facts format: O.Format, O.Producer set.
  Damaged,     ///< Not a payload, or truncated.
};
/// Decodes a payload; never trusts it. Without \p DecodeFunctions, the
/// functions are only delimited (O.FunctionBlobs), and decoding them is up
/// to the caller.
PayloadStatus decodeObjectFacts(std::string Bytes, ObjectFacts &O,
                                bool DecodeFunctions = true);

/// A hash of what decides how clang reads a unit: the working directory,
/// the main file, the target, the language options, the predefined and
/// command-line macros, forced includes and the header search setup. Not
/// diagnostics, code generation or output options: the same for the
/// plugin's compile (`-c`) and wqdep's parse (`-fsyntax-only`, `-w`) of one
/// command line. For ObjectInput::Rewritten, without the header search
/// setup and forced includes: the rewritten source has them inlined, and a
/// remote compiler is given none.
std::string compileKey(const clang::CompilerInvocation &CI,
                       const std::string &WorkingDir,
                       const std::string &MainFile,
                       ObjectInput Input = ObjectInput::Files);

/// The object file a compile command writes (its `-o`, absolute), or "".
std::string objectFileOf(const clang::tooling::CompilationDatabase &DB,
                         const std::string &File);

enum class ObjectStatus {
  Ok,
  NoObject,    ///< No object file (not built yet, or not named).
  NoFacts,     ///< An object built without the plugin.
  OtherFormat, ///< Facts of another FactsFormatVersion.
  Unreadable,  ///< Damaged facts, or an object LLVM cannot read.
};

/// Reads the facts embedded in the object (ELF, or LLVM bitcode from an LTO
/// build) at \p Path. \p Why is one line for Unreadable.
ObjectStatus readObjectFacts(const std::string &Path, ObjectFacts &O,
                             std::string &Why, bool DecodeFunctions = true);

/// Takes units' facts from their objects when they are current. One per
/// run: it caches the content hashes of the files it checks.
class ObjectFactsReader {
public:
  ObjectFactsReader(const clang::tooling::CompilationDatabase &DB,
                    std::string ResourceDir);
  ~ObjectFactsReader();

  /// Whether the caller already has the function whose encoding hashes to
  /// \p Hash (contentHash()): the program database stores each function
  /// once, under that hash.
  using KnownFunction = std::function<bool(const std::string &Hash)>;

  /// Fills \p R (File, Facts, Deps with their current time and size) from
  /// the object of \p File when it carries facts of this format whose key
  /// matches the unit now: the same compileKey() for the command in the
  /// database, the same contents of every file read. False otherwise.
  /// With \p Known, the functions go to R.Encoded instead of
  /// R.Facts.Functions, and only those not Known are decoded (a kernel
  /// unit carries thousands of header functions that every unit repeats):
  /// same bytes, same facts.
  bool take(const std::string &File, TUResult &R,
            const KnownFunction &Known = nullptr);

  /// Objects whose facts were of another format, by format and producer:
  /// the caller says so in one line.
  const std::map<std::pair<unsigned, std::string>, unsigned> &
  otherFormats() const {
    return Others;
  }
  /// Objects whose facts could not be read: (object, why).
  const std::vector<std::pair<std::string, std::string>> &unreadable() const {
    return Unreadable;
  }

private:
  std::string currentKey(const std::string &File, ObjectInput Input);
  bool rewrittenCurrent(const std::string &File, const std::string &Hash,
                        std::vector<Dependency> &Deps);
  bool depsCurrent(std::vector<Dependency> &Deps);

  const clang::tooling::CompilationDatabase &DB;
  std::string ResourceDir;
  /// A file as it is now, stated and hashed at most once a run.
  struct FileNow {
    bool Exists = false;
    uint64_t Size = 0;
    int64_t MTime = 0;
    bool Hashed = false;
    std::string Hash; ///< "" when it cannot be read.
  };
  std::unordered_map<std::string, FileNow> Files;
  std::map<std::pair<unsigned, std::string>, unsigned> Others;
  std::vector<std::pair<std::string, std::string>> Unreadable;
};

} // namespace wqdep

#endif
