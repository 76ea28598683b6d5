// SPDX-License-Identifier: GPL-3.0-or-later
#include "traffic_trace.hpp"


#include <chrono>

#include "command_line.hpp"
#include "log_text.hpp"

namespace udpchat {
namespace {

// Room for a few whole datagrams of the largest size (a 64 KiB one takes about 300 KiB of dump).
constexpr std::size_t max_queued_trace = 8 * 1024 * 1024;
constexpr std::chrono::milliseconds finish_grace{500};

}  // namespace

traffic_trace::traffic_trace(asio::io_context& io, std::string program)
    : program_{std::move(program)}, queue_{io, standard_stream::error, max_queued_trace, "trace entries", {}} {}

void traffic_trace::record(traffic_direction direction, std::string_view from, std::string_view to,
                           std::string_view bytes) {
  std::string entry = trace_entry(program_, precise_clock_time(std::chrono::system_clock::now()),
                                  direction, from, to, bytes);
  entry.pop_back();  // the queue ends each entry with its newline
  queue_.write(entry);
}

void traffic_trace::record_dropped(std::string_view from, std::string_view to, std::size_t size,
                                   std::string_view why) {
  std::string entry =
      trace_dropped_entry(program_, precise_clock_time(std::chrono::system_clock::now()), from, to, size, why);
  entry.pop_back();  // the queue ends each entry with its newline
  queue_.write(entry);
}

void traffic_trace::record_withheld(traffic_direction direction, std::string_view from, std::string_view to,
                                    std::size_t size, std::string_view why) {
  std::string entry = trace_withheld_entry(program_, precise_clock_time(std::chrono::system_clock::now()), direction,
                                           from, to, size, why);
  entry.pop_back();  // the queue ends each entry with its newline
  queue_.write(entry);
}

void traffic_trace::finish() { queue_.finish(finish_grace); }

void add_trace_option(cxxopts::Options& spec) {
  spec.add_options()
    ("trace", "write every datagram or line sent and received to stderr, with a hex dump "
     "(text2pcap reads it)");
}

std::unique_ptr<traffic_trace> trace_option(asio::io_context& io, const std::string& program,
                                            const cxxopts::ParseResult& options) {
  if (options.count("trace") == 0U) return nullptr;
  return std::make_unique<traffic_trace>(io, program);
}

std::string trace_help(std::string_view unit, std::string_view also, std::string_view stdout_holds) {
  std::string text = "--trace writes every " + std::string{unit} +
                     " received and sent to stderr: a heading with the time, the direction, both ends and the "
                     "length, then the bytes as 'od -Ax -tx1' shows them";
  text += unit == "line" ? " (the line ending too), " : ", ";
  text += "with the text beside them. ";
  if (!also.empty()) text += std::string{also} + " ";
  text += "The " + std::string{stdout_holds} + " on stdout stays as it is.";
  return wrap_help(text);
}

}  // namespace udpchat
