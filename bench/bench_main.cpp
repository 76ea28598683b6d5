// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <cstdio>
#include <iostream>

#include "bench_report.hpp"
#include "chat_members.hpp"
#include "command_line.hpp"
#include "load_trial.hpp"
#include "reference_hub.hpp"
#include "resolve_endpoint.hpp"
#include "traffic_trace.hpp"

namespace {

using namespace udpchat;
using namespace udpchat::bench;

constexpr const char* program = "udpchat-bench";

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "Load generator for a udpchat hub (or, with --tcp, a room): how much can it take?"};
  spec.custom_help("[--host HOST] [--port PORT] [--tcp] [--members M] [--senders S] [--rate R|--find-max] ...\n"
                   "  udpchat-bench --reference-hub [--host HOST] [--port PORT]");
  add_common_options(spec, {"the server's address (the only place the bench sends to); with --reference-hub, "
                            "the address to listen on",
                            "127.0.0.1", "the server's port; with --reference-hub, the port to listen on (0: any free one)",
                            8000});
  spec.add_options()
    ("tcp", "drive a TCP chat room instead of a UDP hub: udpchat-room, or another that relays lines, "
            "such as ncat --chat")
    ("m,members", "members taking part", cxxopts::value<std::size_t>()->default_value("10"), "M")
    ("s,senders", "members that send (the first S)", cxxopts::value<std::size_t>()->default_value("1"), "S")
    ("r,rate", "messages per second from all senders together; 0 = as fast as possible",
     cxxopts::value<double>()->default_value("1000"), "R")
    ("size", "bytes per message text", cxxopts::value<std::size_t>()->default_value("64"), "BYTES")
    ("seconds", "length of a run, or of each trial with --find-max", cxxopts::value<double>()->default_value("2"), "T")
    ("find-max", "search for the highest rate with under 0.1 % loss, then measure latency at half of it")
    ("precision", "with --find-max: stop once the lowest failing rate is less than this factor above the "
                  "highest sustained one (from 1.01)",
     cxxopts::value<double>()->default_value("1.07"), "F")
    ("confirm", "with --find-max: try a rate whose trial fails up to N more times before believing it",
     cxxopts::value<int>()->default_value("0"), "N")
    ("server-pid", "the server's process id, to report its CPU time", cxxopts::value<int>(), "PID")
    ("json", "print results as JSON, one object per line")
    ("reference-hub", "measure nothing: be a minimal hub on --host:--port, the kernel's ceiling to compare "
                      "a hub with (see below)");
  add_trace_option(spec);
  return spec;
}

constexpr std::chrono::milliseconds trace_flush_time{500};

constexpr std::string_view help_epilogue =
    "\n"
    "Each member is a socket of this process. Senders send 'B <member> <seq> <time> xxx...'\n"
    "messages on a fixed schedule; every member counts what it receives. A run prints\n"
    "messages offered per second, deliveries per second, loss (deliveries missing out of\n"
    "sent x (M-1)) and one-way latency p50/p99/max. With --server-pid it also prints the\n"
    "server's CPU time per delivered message (read from its CPU-time clock, to the\n"
    "nanosecond) and its peak resident size (VmHWM). --find-max ends with a summary: the\n"
    "highest rate, and the same figures at half of it. Members answer a udpchat hub every\n"
    "32 datagrams, as the terminal does, so it never pauses them; a hub's per-member rate\n"
    "limit (udpchat-server --rate-limit) caps what one sender may offer.\n"
    "Traffic goes only to --host:--port.\n"
    "--find-max doubles the rate from a start of 20000/(M-1) msgs/s (at least 100) until a\n"
    "trial is not sustained, then narrows the gap geometrically to within --precision. A\n"
    "trial is sustained with under 0.1 % loss, the last delivery at most 50 ms after the last\n"
    "send, and at least 98 % of the schedule sent. On a shared or virtual machine one pause\n"
    "can fail a trial the server would carry, and so cap the whole search: --confirm N tries\n"
    "a failing rate again, up to N times, and the rate fails only if every try does.\n"
    "Every run is bounded: a run lasts --seconds plus at most 5 s of draining, and --find-max\n"
    "tries at most 16 rates, each at most 1 + N times.\n"
    "\n"
    "--reference-hub makes the bench a hub with udpchat-server's wire behaviour and nothing\n"
    "else: no limits, no notices, no log. An address becomes a member with its first datagram,\n"
    "and is told 'hub____welcome, you are <ip>:<port>' (so the bench's members answer it as they\n"
    "answer udpchat-server); each text is relayed as '<ip>:<port>____<text>' to every other\n"
    "member; 'quit' leaves, and the others get '<ip>:<port>____left____qq'. It receives up to 64\n"
    "datagrams per blocking recvmmsg and sends up to 1024 per sendmmsg, so it costs what the\n"
    "kernel needs and no more.\n"
    "Its first line says 'reference hub listening on <ip>:<port>'; SIGINT or SIGTERM ends it.\n"
    "bench/compare_hubs.sh (installed with the documentation, in examples/) runs it and\n"
    "udpchat-server side by side and prints their figures and ratios.\n"
    "\n"
    "--trace prints every message the members send and receive: for a short, slow run (a\n"
    "load test traces thousands a second, and writing them costs the bench more than the\n"
    "server; entries stderr cannot take in time are dropped and counted).\n";

}  // namespace

int main(int argc, char** argv) {
  auto spec = describe_options();
  const auto command_line = parse_command_line(spec, argc, argv, help_epilogue);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto& options = command_line.options;

  if (options.count("reference-hub") != 0U) {
    const auto listen_on = endpoint_option<asio::ip::udp>(program, options, endpoint_use::listen);
    if (!listen_on) return 2;
    return run_reference_hub(program, *listen_on);
  }

  const auto members_count = options["members"].as<std::size_t>();
  const auto senders = options["senders"].as<std::size_t>();
  const auto seconds = options["seconds"].as<double>();
  const auto rate = options["rate"].as<double>();
  if (members_count < 2 || senders < 1 || senders > members_count || seconds <= 0 || seconds > 600 ||
      rate < 0) {
    std::cerr << program << ": need 2 <= --members, 1 <= --senders <= --members, 0 < --seconds <= 600, --rate >= 0\n";
    return 2;
  }
  rate_search_settings search;
  search.start_rate = std::max(100.0, 20000.0 / static_cast<double>(members_count - 1));
  search.precision = options["precision"].as<double>();
  search.confirm = options["confirm"].as<int>();
  // Below 1.01 a search spends its 16 rates on differences no machine measures.
  if (!(search.precision >= 1.01 && search.precision <= 2) || search.confirm < 0 || search.confirm > 9) {
    std::cerr << program << ": need 1.01 <= --precision <= 2 and 0 <= --confirm <= 9\n";
    return 2;
  }

  asio::io_context io;
  const auto trace = trace_option(io, program, options);
  std::unique_ptr<chat_members> members;
  try {
    if (options.count("tcp") != 0U) {
      const auto room = endpoint_option<asio::ip::tcp>(program, options, endpoint_use::connect);
      if (!room) return 2;
      members = tcp_members(io, *room, members_count, trace.get());
    } else {
      const auto hub = endpoint_option<asio::ip::udp>(program, options, endpoint_use::connect);
      if (!hub) return 2;
      members = udp_members(io, *hub, members_count, trace.get());
    }
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot reach the server: " << error.code().message() << '\n';
    return 1;
  }

  load_driver driver{io, *members};
  if (!driver.warm_up(std::chrono::seconds{10})) {
    if (driver.server_turned_away()) {
      std::cerr << program << ": the hub turned members away; its limits count every bench member as"
                << " one address: start it with --max-per-ip 20000 --join-rate 0 --max-members 20000\n";
    } else {
      std::cerr << program << ": not every member hears the others after 10 s; is the server running?\n";
    }
    return 1;
  }

  trial_settings settings;
  settings.rate = rate;
  settings.senders = senders;
  settings.message_bytes = options["size"].as<std::size_t>();
  settings.duration = std::chrono::milliseconds{static_cast<long>(seconds * 1000)};
  if (options.count("server-pid") != 0U) settings.server_pid = options["server-pid"].as<int>();
  const report_style style{options.count("json") != 0U, members_count, senders, settings.message_bytes,
                           options.count("tcp") != 0U};

  if (options.count("find-max") == 0U) {
    print_trial(style, "run", driver.run(settings));
  } else {
    print_summary(style, find_max_rate(driver, settings, search, style));
  }
  if (driver.server_limited_rate()) {
    std::cerr << program << ": the server told senders to slow down, so its rate limit set the pace;"
              << " to measure what it can carry, start it with --rate-limit 0\n";
  }
  if (trace) {
    // The members' sockets keep the loop busy for ever: it runs just long enough for the
    // trace's last entries to be written.
    trace->finish();
    io.run_for(trace_flush_time);
  }
  return 0;
}
