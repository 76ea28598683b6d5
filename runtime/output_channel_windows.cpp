// SPDX-License-Identifier: GPL-3.0-or-later
#include "output_channel.hpp"

#include <windows.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <asio/error.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include "windows/standard_handle.hpp"

namespace udpchat {
namespace {

// Windows has no readiness to wait for on a console, and a pipe that was not opened for
// overlapped I/O (standard handles never are) can only be written with a blocking WriteFile. So
// the writes happen on a thread of their own, and only their completion comes back to the
// io_context's thread: the io thread never waits for a slow or stalled reader.
//
// What the writer thread and the io thread share is `writer_state`, under its mutex: the bytes
// of the write in flight (a copy, so that the channel's owner may go while a stalled write still
// reads them) and whether the channel was closed. Once closed the thread never touches the
// io_context again, so the io_context may end while a write is stuck.
struct writer_state {
  writer_state(asio::io_context& context, HANDLE out) : io{context}, handle{out}, console{windows::is_console(out)} {}

  asio::io_context& io;
  const HANDLE handle;
  const bool console;
  std::mutex mutex;
  std::condition_variable wake;
  std::string bytes;                 // the write in flight, under mutex
  bool has_write = false;            // under mutex
  bool closed = false;               // under mutex; set on the io thread only
  HANDLE thread = nullptr;           // the writer thread, for CancelSynchronousIo; under mutex
  std::function<void(asio::error_code)> done;  // io thread only
  // Keeps io.run() going while a write is in flight, as a pending asio operation would.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;  // io thread only
  std::string carry;                 // writer thread only: a UTF-8 sequence cut between writes
};

void run_writer(const std::shared_ptr<writer_state>& state) {
  HANDLE self = nullptr;
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self, 0, FALSE,
                  DUPLICATE_SAME_ACCESS);
  std::unique_lock lock{state->mutex};
  state->thread = self;
  for (;;) {
    state->wake.wait(lock, [&] { return state->has_write || state->closed; });
    if (state->closed) break;
    const std::string bytes = std::move(state->bytes);
    lock.unlock();
    const DWORD failure = windows::write_whole(state->handle, state->console, bytes, state->carry);
    lock.lock();
    if (state->closed) break;
    state->has_write = false;
    const asio::error_code error{static_cast<int>(failure), asio::system_category()};
    asio::post(state->io, [state, error] {
      if (state->closed) return;
      state->work.reset();
      auto done = std::move(state->done);
      done(error);
    });
  }
  state->thread = nullptr;
  lock.unlock();
  if (self != nullptr) CloseHandle(self);
}

class writer_channel final : public output_channel {
 public:
  writer_channel(asio::io_context& io, HANDLE handle) : state_{std::make_shared<writer_state>(io, handle)} {
    std::thread{[state = state_] { run_writer(state); }}.detach();
  }
  ~writer_channel() override { close(); }

  void write_all(std::string_view bytes, std::function<void(asio::error_code)> done) override {
    state_->done = std::move(done);
    state_->work.emplace(state_->io.get_executor());
    {
      const std::lock_guard lock{state_->mutex};
      state_->bytes.assign(bytes);
      state_->has_write = true;
    }
    state_->wake.notify_one();
  }

  void close() override {
    {
      const std::lock_guard lock{state_->mutex};
      if (state_->closed) return;
      state_->closed = true;
      // A write stuck on a stalled reader is abandoned; where Windows can, it is cancelled too.
      // The thread is detached either way, and ends with the process if it stays stuck.
      if (state_->thread != nullptr) CancelSynchronousIo(state_->thread);
    }
    state_->wake.notify_one();
    state_->work.reset();
    state_->done = nullptr;
  }

 private:
  std::shared_ptr<writer_state> state_;
};

}  // namespace

std::unique_ptr<output_channel> open_output_channel(asio::io_context& io, standard_stream stream) {
  const HANDLE handle = GetStdHandle(stream == standard_stream::output ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE);
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return nullptr;
  return std::make_unique<writer_channel>(io, handle);
}

}  // namespace udpchat
