// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <windows.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

namespace udpchat::windows {

// Reads from a standard handle, one read at a time, on a thread of its own, each result handed
// to the io_context's thread. Standard input on Windows is a console or a pipe or file opened
// without overlapped I/O, and neither can be waited on through asio (a console is no socket,
// and such a pipe can only be read by a blocking ReadFile): so the read blocks here, never the
// io thread. What the two threads share is `state`, under its mutex.
//
// `Result` is what one read gives. `read` runs on the reader thread; it may wait on `stop_event`
// (a manual-reset event, set by stop()) as well as its handle, to end at once.
template <typename Result>
class blocking_reads {
 public:
  using read_function = std::function<Result(HANDLE stop_event)>;

  blocking_reads(asio::io_context& io, read_function read) : state_{std::make_shared<state>(io, std::move(read))} {
    std::thread{[shared = state_] { run(shared); }}.detach();
  }
  ~blocking_reads() { stop(); }
  blocking_reads(const blocking_reads&) = delete;
  blocking_reads& operator=(const blocking_reads&) = delete;

  // Starts the next read; `done` runs on the io thread with what it gave, unless stop() comes
  // first. One read at a time: call again from `done` (or later) for the next. Until `done` has
  // run, the io_context does not run out of work.
  void request(std::function<void(Result)> done) {
    state_->done = std::move(done);
    state_->work.emplace(state_->io.get_executor());
    {
      const std::lock_guard lock{state_->mutex};
      state_->requested = true;
    }
    state_->wake.notify_one();
  }

  // No `done` runs after this. A read the thread is blocked in is given up: the stop event is
  // set, and a synchronous read is cancelled where Windows can (CancelSynchronousIo); one that
  // stays stuck (a pipe nobody writes) ends with the process, and its result is thrown away.
  void stop() {
    {
      const std::lock_guard lock{state_->mutex};
      if (state_->stopped) return;
      state_->stopped = true;
      SetEvent(state_->stop_event);
      if (state_->thread != nullptr) CancelSynchronousIo(state_->thread);
    }
    state_->wake.notify_one();
    state_->work.reset();
    state_->done = nullptr;
  }

 private:
  struct state {
    state(asio::io_context& context, read_function function)
        : io{context}, read{std::move(function)}, stop_event{CreateEventW(nullptr, TRUE, FALSE, nullptr)} {}
    ~state() {
      if (stop_event != nullptr) CloseHandle(stop_event);
    }
    asio::io_context& io;  // used by the reader thread only before stop
    read_function read;    // reader thread only
    const HANDLE stop_event;
    std::mutex mutex;
    std::condition_variable wake;
    bool requested = false;  // under mutex
    bool stopped = false;    // under mutex; written on the io thread only
    HANDLE thread = nullptr;  // the reader thread, under mutex
    std::function<void(Result)> done;  // io thread only
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;  // io thread only
  };

  static void run(const std::shared_ptr<state>& shared) {
    HANDLE self = nullptr;
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0, FALSE,
                    DUPLICATE_SAME_ACCESS);
    std::unique_lock lock{shared->mutex};
    shared->thread = self;
    for (;;) {
      shared->wake.wait(lock, [&] { return shared->requested || shared->stopped; });
      if (shared->stopped) break;
      shared->requested = false;
      lock.unlock();
      Result result = shared->read(shared->stop_event);
      lock.lock();
      if (shared->stopped) break;
      asio::post(shared->io, [shared, result = std::move(result)]() mutable {
        if (shared->stopped) return;
        shared->work.reset();
        auto done = std::move(shared->done);
        done(std::move(result));
      });
    }
    shared->thread = nullptr;
    lock.unlock();
    if (self != nullptr) CloseHandle(self);
  }

  std::shared_ptr<state> state_;
};

}  // namespace udpchat::windows
