//===- JoiningThread.h - A thread that joins when it goes -------*- C++ -*-===//
//
// C++20's std::jthread without the stop token, for this C++17 code: a thread
// started beside work that may throw (a load beside a parse, a file read
// beside the model) is joined on every way out, never left joinable (which
// would terminate the process).
//
//===----------------------------------------------------------------------===//
#ifndef WQDEP_SUPPORT_JOININGTHREAD_H
#define WQDEP_SUPPORT_JOININGTHREAD_H

#include <thread>
#include <utility>

namespace wqdep {

class JoiningThread {
public:
  JoiningThread() = default;
  template <class Fn>
  explicit JoiningThread(Fn &&F) : T(std::forward<Fn>(F)) {}
  JoiningThread(JoiningThread &&) = default;
  JoiningThread &operator=(JoiningThread &&O) {
    join();
    T = std::move(O.T);
    return *this;
  }
  ~JoiningThread() { join(); }

  /// Waits for the thread, if there is one not waited for yet.
  void join() {
    if (T.joinable())
      T.join();
  }

private:
  std::thread T;
};

} // namespace wqdep

#endif
