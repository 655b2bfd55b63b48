//===- ServerAnalysis.cpp - wqdep-clangd: load, re-extract, publish -------===//
#include "Lsp/ServerImpl.h"
#include "Driver/KernelTree.h"
#include "Report/Report.h"

namespace wqdep::lsp::detail {

// --- analysis -------------------------------------------------------------

void Server::enqueue(const std::string &Path, Job J) {
  std::lock_guard<std::mutex> Lock(JobM);
  if (J.Kind != Job::Changed)
    J.Due = Clock::now();
  auto It = Pending.find(Path);
  if (It != Pending.end() && It->second.Kind == Job::Saved &&
      J.Kind != Job::Saved)
    return; // A save pending already covers it.
  Pending[Path] = std::move(J);
  JobCV.notify_all();
}

void Server::waitWorkerIdle() {
  std::unique_lock<std::mutex> Lock(JobM);
  IdleCV.wait(Lock, [&] {
    return !Busy && (!LoadRequested || LoadDone) &&
           (Pending.empty() || !LoadDone);
  });
}

std::optional<std::string> Server::readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return (*Buf)->getBuffer().str();
}

void Server::worker() {
  while (true) {
    std::map<std::string, Job> Due;
    bool DoLoad = false;
    {
      std::unique_lock<std::mutex> Lock(JobM);
      while (true) {
        if (Gate) {
          IdleCV.notify_all();
          JobCV.wait(Lock);
          continue;
        }
        if (LoadRequested && !LoadDone) {
          DoLoad = true;
          break;
        }
        if (LoadDone && !Pending.empty()) {
          auto Now = Clock::now();
          auto Next = Clock::time_point::max();
          for (auto It = Pending.begin(); It != Pending.end();) {
            if (It->second.Due <= Now || Opts.Sync) {
              Due.insert(*It);
              It = Pending.erase(It);
            } else {
              Next = std::min(Next, It->second.Due);
              ++It;
            }
          }
          if (!Due.empty())
            break;
          IdleCV.notify_all();
          JobCV.wait_until(Lock, Next);
          continue;
        }
        IdleCV.notify_all();
        JobCV.wait(Lock);
      }
      Busy = true;
    }
    if (DoLoad) {
      load();
      {
        std::lock_guard<std::mutex> Lock(JobM);
        LoadDone = true;
      }
      if (Loaded) {
        // Open files the database has stale or no facts for.
        std::lock_guard<std::mutex> Lock(StateM);
        for (const auto &[Path, D] : Docs) {
          Job J;
          J.Kind = Job::Opened;
          J.Due = Clock::now();
          std::lock_guard<std::mutex> JL(JobM);
          Pending.emplace(Path, J);
        }
      }
      if (Loaded)
        analyzeAndPublish();
    } else if (Loaded) {
      bool Changed = maybeReload(Due);
      for (const auto &[Path, J] : Due) {
        if (!Loaded)
          break; // A reload that failed (and said why).
        if (J.Kind == Job::Opened && !isStale(Path))
          continue;
        Changed |= reextract(Path, J);
      }
      if (Changed && Loaded)
        analyzeAndPublish();
    }
    std::lock_guard<std::mutex> Lock(JobM);
    Busy = false;
    IdleCV.notify_all();
  }
}

void Server::load() {
  auto Start = Clock::now();
  std::string Root;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    Root = RootPath;
  }
  // The compile database: clangd's --compile-commands-dir, else beside
  // --wqdep-db, else the workspace root or its build/ directory.
  std::vector<std::string> Candidates;
  if (!Opts.CompileCommandsDir.empty())
    Candidates.push_back(Opts.CompileCommandsDir);
  else if (!Opts.DatabasePath.empty())
    Candidates.push_back(
        std::string(llvm::sys::path::parent_path(Opts.DatabasePath)));
  else if (!Root.empty()) {
    Candidates.push_back(Root);
    Candidates.push_back(Root + "/build");
  }
  for (const std::string &Dir : Candidates) {
    llvm::SmallString<256> Json(Dir);
    llvm::sys::path::append(Json, "compile_commands.json");
    if (llvm::sys::fs::exists(Json)) {
      CompileDbDir = Dir;
      break;
    }
  }
  std::string DbPath = Opts.DatabasePath;
  if (DbPath.empty() && !CompileDbDir.empty())
    DbPath = defaultDatabasePath(CompileDbDir);
  if (DbPath.empty() || !llvm::sys::fs::exists(DbPath)) {
    std::string Where =
        DbPath.empty()
            ? (Candidates.empty()
                   ? std::string("no workspace root and no "
                                 "--compile-commands-dir")
                   : "no compile_commands.json in " + Candidates.front() +
                         (Candidates.size() > 1 ? " or its build/" : ""))
            : "no " + DbPath;
    std::string Dir = CompileDbDir.empty() ? "<build dir>" : CompileDbDir;
    std::string Msg = "wqdep: no program database (" + Where +
                      "). Run 'wqdep -p " + Dir +
                      "' once to create it; until then only clangd's "
                      "diagnostics are shown.";
    log(Msg);
    showMessage(2, Msg);
    return;
  }

  std::vector<std::string> Order;
  if (!CompileDbDir.empty()) {
    std::string Err;
    CompileDb = loadCompileDatabase(CompileDbDir, Err);
    if (!CompileDb)
      log(Err + "; files are not re-analysed on save");
  }
  std::string Err;
  Store = ProgramDatabase::open(DbPath, Err, OpenMode::ReadOnly);
  LoadedDbPath = DbPath;
  LoadedStamp = dbStamp(DbPath); // After open, which may create the log.
  if (!Store) {
    std::string Msg = "wqdep: cannot use the program database " + DbPath +
                      ": " + Err;
    log(Msg);
    showMessage(2, Msg);
    return;
  }
  // The command line's link order: the compile database's C files.
  if (CompileDb) {
    Order = linkOrder(*CompileDb);
    KernelTree Tree = findKernelTree(*CompileDb, Order);
    Live.Kernel = Tree.traits();
    std::string Drift;
    llvm::raw_string_ostream DS(Drift);
    reportKernelDrift(Tree, DS);
    if (!DS.str().empty())
      log(llvm::StringRef(Drift).rtrim("\n"));
  } else {
    Order = Store->storedFiles();
  }
  Live.setUnits(Order);
  std::vector<std::string> Missing;
  size_t N = Live.loadFrom(*Store, Missing);
  if (N == 0) {
    std::string Msg = "wqdep: the program database " + DbPath +
                      " holds no translation unit of this compile database;"
                      " run 'wqdep -p " +
                      (CompileDbDir.empty() ? "<build dir>" : CompileDbDir) +
                      "' to fill it.";
    log(Msg);
    showMessage(2, Msg);
  }
  Loaded = true;
  // The route searches of the last session (or of its first analysis):
  // replayed where nothing they rest on changed, the same findings.
  RoutesRead = loadRouteStateFrom(editorRouteStatePath(DbPath), Live.cache());
  RoutesKept = false;
  log(llvm::formatv("loaded {0} translation units ({1} not stored), {2} "
                    "functions, from {3} in {4:F2} s; route searches {5}",
                    N, Missing.size(), Live.numFunctions(), DbPath,
                    secondsSince(Start),
                    RoutesRead ? "kept from the last session" : "none kept")
          .str());
}

bool Server::maybeReload(std::map<std::string, Job> &Due) {
  llvm::sys::TimePoint<> Newest;
  std::string Now = dbStamp(LoadedDbPath, &Newest);
  if (Now == LoadedStamp || !llvm::sys::fs::exists(LoadedDbPath))
    return false; // Unchanged, or deleted: keep what we have.
  if (std::chrono::system_clock::now() - Newest < std::chrono::seconds(2))
    return false; // Still being written: at a later save.
  log("the program database changed (a wqdep -p run?): loading it again");
  Live = LiveProgram();
  Store.reset();
  CompileDb.reset();
  CompileDbDir.clear();
  ExtractedHash.clear();
  NotInCompileDb.clear();
  Loaded = false;
  load();
  if (!Loaded)
    return false;
  std::lock_guard<std::mutex> Lock(StateM);
  for (const auto &[Path, D] : Docs) {
    Job J;
    J.Kind = Job::Opened;
    Due.emplace(Path, J); // A pending save stays a save.
  }
  return true;
}

bool Server::isStale(const std::string &Path) {
  if (!CompileDb || !Live.hasUnit(Path))
    return false;
  std::optional<std::string> Text;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    auto It = Docs.find(Path);
    if (It == Docs.end())
      return false; // Closed again.
    Text = It->second.Text;
  }
  std::string Hash = contentHash(*Text);
  auto Last = ExtractedHash.find(Path);
  if (Last != ExtractedHash.end())
    return Last->second != Hash; // Re-extracted in this session.
  // The editor's text is the disk's, and the database's facts are current
  // for the disk's files.
  std::optional<std::string> OnDisk = readFile(Path);
  if (!OnDisk || contentHash(*OnDisk) != Hash)
    return true;
  Store->forgetFileStates();
  return !isUnitFresh(*Store, *CompileDb, Path, Opts.ResourceDir);
}

bool Server::reextract(const std::string &Path, const Job &J) {
  if (!CompileDb || CompileDb->getCompileCommands(Path).empty()) {
    if (NotInCompileDb.insert(Path).second)
      log(Path + " is not in the compile database; not re-analysed");
    return false;
  }
  auto Start = Clock::now();
  RunOptions RO;
  RO.Jobs = 1;
  RO.ResourceDir = Opts.ResourceDir;
  // Every open document as the editor has it: the file itself, and any
  // unsaved header it includes.
  std::optional<std::string> Main = J.Text;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (const auto &[P, D] : Docs)
      if (P != Path)
        RO.Overlay.push_back({P, D.Text});
    if (!Main)
      if (auto It = Docs.find(Path); It != Docs.end())
        Main = It->second.Text;
  }
  if (!Main)
    Main = readFile(Path); // Saved, then closed before we got to it.
  if (!Main)
    return false;
  RO.Overlay.push_back({Path, *Main});
  std::vector<TUResult> R = runExtraction(*CompileDb, {Path}, RO);
  ExtractedHash[Path] = contentHash(*Main);
  if (R.empty() || R[0].Failed) {
    // Half-typed code must not make findings elsewhere come and go.
    log(Path + ": " +
        (R.empty() ? std::string("not parsed") : R[0].Error) +
        "; keeping its previous facts");
    return false;
  }
  Live.replace(Path, std::move(R[0].Facts));
  log(llvm::formatv("{0}: re-extracted in {1:F3} s", Path,
                    secondsSince(Start))
          .str());
  return true;
}

void Server::analyzeAndPublish() {
  auto Start = Clock::now();
  AnalysisResult R = Live.analyze(Opts.Analysis);
  double AnalysisSeconds = secondsSince(Start);
  DiagnosticsByFile New = diagnosticsByFile(R, Opts.MaxContexts,
                                            Opts.Analysis.MinConfidence);

  std::set<std::string> Changed;
  for (const auto &[P, D] : New) {
    auto It = Current.find(P);
    if (It == Current.end() || !(It->second == D))
      Changed.insert(P);
  }
  for (const auto &[P, D] : Current)
    if (!New.count(P))
      Changed.insert(P);

  // Positions from the texts the editor has, else the disk's.
  std::map<std::string, std::string> Texts;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (const auto &[P, D] : Docs)
      Texts[P] = D.Text;
  }
  std::map<std::string, std::optional<std::string>> Disk;
  TextSource Text = [&](const std::string &P) -> std::optional<llvm::StringRef> {
    auto It = Texts.find(P);
    if (It != Texts.end())
      return llvm::StringRef(It->second);
    auto D = Disk.find(P);
    if (D == Disk.end())
      D = Disk.emplace(P, readFile(P)).first;
    if (!D->second)
      return std::nullopt;
    return llvm::StringRef(*D->second);
  };
  OffsetEncoding E = OffsetEncoding(Encoding.load());
  std::map<std::string, json::Array> Json;
  for (const std::string &P : Changed) {
    auto It = New.find(P);
    Json[P] = It == New.end() ? json::Array() : toLSP(It->second, Text, E);
  }
  unsigned Published = 0;
  {
    std::lock_guard<std::mutex> Lock(StateM);
    for (auto &[P, A] : Json) {
      if (A.empty())
        Ours.erase(P);
      else
        Ours[P] = std::move(A);
      if (Docs.count(P)) {
        publishMerged(P);
        ++Published;
      }
    }
  }
  Current = std::move(New);
  RouteCache::Counters Reuse = Live.reuse();
  log(llvm::formatv("analysed in {0:F3} s: {1} findings; republished {2} "
                    "open file(s) {3:F3} s after the analysis; route "
                    "searches: {4} reused, {5} run; call graph {6}",
                    AnalysisSeconds, R.Findings.size(), Published,
                    secondsSince(Start) - AnalysisSeconds, Reuse.Replayed,
                    Reuse.Searched, Live.graphPatched() ? "patched" : "built")
          .str());
  {
    // Where the analysis's time went: the model (graph, summaries), then
    // each check's route searches.
    std::string Phases;
    for (const auto &[Name, Secs] : R.Seconds)
      Phases += (Phases.empty() ? "" : ", ") + Name + " " +
                llvm::formatv("{0:F3}", Secs).str() + " s";
    log("analysis phases: " + Phases);
  }
  logScope(R.Coverage);
  // The first analysis of a database keeps its searches for the next
  // session, once (the database's directory may be read-only: then the
  // next session searches again).
  if (!RoutesKept && (!RoutesRead || Reuse.changed())) {
    auto StoreStart = Clock::now();
    std::string Err;
    if (storeRouteStateTo(editorRouteStatePath(LoadedDbPath), Live.cache(),
                          Err))
      log(llvm::formatv("route searches kept in {0} in {1:F2} s",
                        editorRouteStatePath(LoadedDbPath),
                        secondsSince(StoreStart))
              .str());
    else
      log("cannot keep the route searches: " + Err +
          "; the next session searches them again");
  }
  RoutesKept = true;
}

void Server::logScope(const Scope &S) {
  // What the analysis could not see, so an editor without wqdep warnings
  // is not read as a clean bill of health: in the client's log (the
  // "wqdep-clangd" output), whenever it changes.
  std::vector<std::string> Lines = scopeLines(S);
  std::string Text;
  if (Lines.empty()) {
    Text = "wqdep scope: everything was seen (" + std::to_string(S.Units) +
           (S.Units == 1 ? " translation unit, " : " translation units, ") +
           std::to_string(S.IndirectCalls) +
           (S.IndirectCalls == 1 ? " call through a function pointer"
                                 : " calls through function pointers") +
           ", all resolved)";
  } else {
    Text = "wqdep scope: not everything was seen";
    for (const std::string &L : Lines)
      Text += "\n- " + L;
  }
  if (Text == LastScope)
    return;
  LastScope = Text;
  log(Lines.empty() ? Text
                    : "wqdep scope: " + std::to_string(Lines.size()) +
                          " kinds of things not seen (see window/logMessage)");
  writeToClient(json::Object{
      {"jsonrpc", "2.0"},
      {"method", "window/logMessage"},
      {"params",
       json::Object{{"type", Lines.empty() ? 3 : 2}, {"message", Text}}}});
}

} // namespace wqdep::lsp::detail
