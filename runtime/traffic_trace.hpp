// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <cxxopts.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "output_queue.hpp"
#include "udpchat/trace_entry.hpp"

namespace udpchat {

// --trace: every datagram or line a program sends or receives, on standard error, one entry
// each (see udpchat/trace_entry.hpp). Standard output is left alone. The entries go through an
// output_queue, so a slow reader of stderr never holds up the program: it misses entries
// instead, and is told how many.
class traffic_trace {
 public:
  traffic_trace(asio::io_context& io, std::string program);

  void record(traffic_direction direction, std::string_view from, std::string_view to,
              std::string_view bytes);
  // A datagram from `from` to `to` that the program dropped on purpose instead of sending
  // (`why`: "dropped by --loss"): a heading alone, see udpchat/trace_entry.hpp.
  void record_dropped(std::string_view from, std::string_view to, std::size_t size, std::string_view why);
  // A line that went over the wire and holds a secret (`why`: "an agent's login holds its
  // key"): a heading alone, see udpchat/trace_entry.hpp.
  void record_withheld(traffic_direction direction, std::string_view from, std::string_view to, std::size_t size,
                       std::string_view why);
  // The program is closing: what is queued is written if stderr takes it soon, and nothing is
  // kept pending after that. Call it after the last send worth tracing.
  void finish();

 private:
  std::string program_;
  output_queue queue_;
};

// Adds --trace to a program's options.
void add_trace_option(cxxopts::Options& spec);
// The --help paragraph on --trace: what a program writes for each `unit` ("datagram", "line"),
// `also` (a sentence on further options, or empty), and what its stdout is ("log", "console").
std::string trace_help(std::string_view unit, std::string_view also, std::string_view stdout_holds);
// The trace --trace asks for, or nullptr without it.
std::unique_ptr<traffic_trace> trace_option(asio::io_context& io, const std::string& program,
                                            const cxxopts::ParseResult& options);

}  // namespace udpchat
