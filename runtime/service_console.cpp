// SPDX-License-Identifier: GPL-3.0-or-later
#include "service_console.hpp"

#include <asio/signal_set.hpp>

#include <optional>

#include "ending_signals.hpp"
#include "reopen_signal.hpp"

namespace udpchat {

int run_service(asio::io_context& io, terminal& console, const log_sink& log,
                service_console service) {
  asio::signal_set signals{io};
  add_ending_signals(signals, !service.reopen_files);
  std::optional<reopen_signal> reopen;
  if (service.reopen_files) reopen.emplace(io, service.reopen_files);
  bool shutting_down = false;
  const std::function<void()> shut_down = [&] {
    if (shutting_down) return;
    shutting_down = true;
    service.close_service();
    signals.cancel();
    if (reopen) reopen->cancel();
    console.stop();
  };
  signals.async_wait([&](asio::error_code error, int) {
    if (!error) shut_down();
  });
  console.start(terminal::handlers{
      [&](std::string_view line) { service.handle_line(line, shut_down); },
      [&] { log("console line too long, ignored"); },
      [&] {
        if (service.on_input_end) service.on_input_end();
      },
      [] {},
      service.on_output_drained});
  io.run();
  return 0;
}

}  // namespace udpchat
