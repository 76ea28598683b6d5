// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/trace_entry.hpp"

#include "udpchat/hex_dump.hpp"

namespace udpchat {
namespace {

// A heading without its dump: "<program>: <time> <verb> <from> -> <to> (<size> bytes), <why>".
std::string heading_alone(std::string_view program, std::string_view time, std::string_view verb,
                          std::string_view from, std::string_view to, std::size_t size, std::string_view why) {
  std::string out;
  out.append(program).append(": ").append(time).append(" ").append(verb).append(" ");
  out.append(from).append(" -> ").append(to);
  out.append(" (").append(std::to_string(size)).append(size == 1 ? " byte), " : " bytes), ");
  out.append(why).append("\n");
  return out;
}

}  // namespace

std::string trace_entry(std::string_view program, std::string_view time, traffic_direction direction,
                        std::string_view from, std::string_view to, std::string_view bytes) {
  std::string out;
  out.append(program).append(": ").append(time);
  out.append(direction == traffic_direction::received ? " recv " : " send ");
  out.append(from).append(" -> ").append(to);
  out.append(" (").append(std::to_string(bytes.size())).append(bytes.size() == 1 ? " byte)\n" : " bytes)\n");
  append_hex_dump(out, bytes);
  return out;
}

std::string trace_dropped_entry(std::string_view program, std::string_view time, std::string_view from,
                                std::string_view to, std::size_t size, std::string_view why) {
  return heading_alone(program, time, "lost", from, to, size, why);
}

std::string trace_withheld_entry(std::string_view program, std::string_view time, traffic_direction direction,
                                 std::string_view from, std::string_view to, std::size_t size, std::string_view why) {
  return heading_alone(program, time, direction == traffic_direction::received ? "recv" : "send", from, to, size,
                       "not shown: " + std::string{why});
}

}  // namespace udpchat
