// SPDX-License-Identifier: GPL-3.0-or-later
#include <asio/ip/udp.hpp>

#include <iostream>
#include <random>

#include "command_line.hpp"
#include "discovery_option.hpp"
#include "discovery_service.hpp"
#include "hub_console.hpp"
#include "pcap_file.hpp"
#include "server_main.hpp"
#include "traffic_trace.hpp"
#include "transcript_file.hpp"
#include "transcript_option.hpp"
#include "udp_hub.hpp"
#include "udpchat/duration_text.hpp"
#include "udpchat/network_conditions.hpp"
#include "web_option.hpp"

namespace {

using namespace udpchat;
using asio::ip::udp;

constexpr const char* program = "udpchat-server";
constexpr std::size_t max_console_line = 1024;

cxxopts::Options describe_options() {
  cxxopts::Options spec{program, "UDP chat hub: relays every member's message to every other member."};
  spec.custom_help(std::string{"[--host ADDRESS] [--port PORT] [--name NAME] [--no-discovery] [--quiet] [--trace] "
                               "[--pcap FILE] [--history N] [--transcript FILE] "} +
                   (web_help_paragraph().empty() ? "" : "[--web [ADDRESS:]PORT] ") + "[limits] [network conditions]");
  add_common_options(spec, {"address to listen on", "::", "UDP port to listen on, 0 for any free one", 8000});
  add_discovery_options(spec);
  const udp_hub::options defaults;
  spec.add_options()
    ("q,quiet", "log joins and departures only, not every message")
    ("idle-timeout", "remove a member silent this long (500ms, 30s, 10m, 2h; 0 for never)",
     cxxopts::value<std::string>()->default_value(format_duration(defaults.idle_timeout)), "DURATION")
    ("max-members", "members at most; newcomers past it are told the hub is full",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.max_members)), "N")
    ("max-per-ip", "members at most from one IPv4 address or IPv6 /64",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.max_per_source)), "N")
    ("join-rate", "new members a second from one address, after a first 50 at once; 0 for no limit",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.joins_per_second)), "N")
    ("rate-limit", "messages a second one member may send on average; 0 for no limit. Messages "
     "beyond it are dropped",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.messages_per_second)), "N")
    ("burst", "messages one member may send at once, within the rate limit",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.burst)), "N")
    ("unheard-limit", "messages sent to a member that sends nothing back, after which it gets "
     "nothing more until it does; 0 for no limit",
     cxxopts::value<std::string>()->default_value(std::to_string(defaults.unheard_limit)), "N")
    ("pcap", "write every datagram received and sent to FILE, a pcap capture for Wireshark",
     cxxopts::value<std::string>(), "FILE")
    ("history", "replay the last N messages to each newcomer after its welcome, marked as history "
     "with their time (at most 1000; 0 for none)",
     cxxopts::value<std::string>()->default_value(std::to_string(udp_hub::default_history)), "N")
    ("transcript", "append every message relayed to FILE with its time, one line each (made mode "
     "0600); SIGHUP reopens it",
     cxxopts::value<std::string>(), "FILE")
    ("loss", "drop this share of the datagrams the hub sends (0 to 100, decimals allowed)",
     cxxopts::value<std::string>()->default_value("0"), "PERCENT")
    ("delay", "hold each datagram the hub sends this many milliseconds, give or take up to "
     "JITTER_MS (uniformly)",
     cxxopts::value<std::string>()->default_value("0"), "MS[:JITTER_MS]")
    ("duplicate", "send this share of the datagrams twice",
     cxxopts::value<std::string>()->default_value("0"), "PERCENT")
    ("reorder", "hold this share of the datagrams back 100 ms more, so that later ones overtake them",
     cxxopts::value<std::string>()->default_value("0"), "PERCENT")
    ("seed", "seed of the network simulator's choices: the same seed and the same traffic make the "
     "same choices (without it, a random seed, which the log shows)",
     cxxopts::value<std::string>(), "N");
  add_web_option(spec);
  add_trace_option(spec);
  return spec;
}

constexpr std::string_view help_before_web =
      "\n"
      "  --host :: (the default) serves IPv4 and IPv6 together, showing IPv4 members with their\n"
      "  IPv4 addresses; 0.0.0.0 every IPv4 interface only; 127.0.0.1 this machine only. Without\n"
      "  IPv6 on the system, the default falls back to 0.0.0.0 and the log says so. Each member is\n"
      "  answered from the address it sent to where the system says which (Linux does; Windows\n"
      "  does not, so there a hub on a machine with several addresses is best given one with\n"
      "  --host, which --trace and --pcap then show as the hub's end). --port 0 picks a free port.\n"
      "  The first line printed says 'listening on <ip>:<port>'.\n"
      "\n"
      "Console commands (type on standard input):\n"
      "  who                    list the members, oldest first\n"
      "  quit                   tell every member the hub is closing and exit\n"
      "  loss PERCENT           set --loss, at once\n"
      "  delay MS[:JITTER_MS]   set --delay, at once\n"
      "  duplicate PERCENT      set --duplicate, at once\n"
      "  reorder PERCENT        set --reorder, at once\n"
      "  normal                 turn every network condition off\n"
      "  conditions             log the network conditions and the seed\n"
      "\n"
      "Members send datagrams of text; the hub relays '<ip:port>____<text>' to the others.\n"
      "A member that sends 'quit' leaves and the others get '<ip:port>____left____qq'.\n"
      "An empty datagram makes the sender a member, or keeps it one, and is not relayed.\n"
      "Ctrl-C (SIGINT) or SIGTERM closes the hub like 'quit'; so does closing the console\n"
      "window on Windows.\n"
      "\n"
      "Limits: whoever meets one is told in a 'hub____error: ...' datagram (the replies show the\n"
      "defaults). A newcomer past --max-members, --max-per-ip or --join-rate is told why and not\n"
      "let in. A member over --rate-limit (20 messages a second, bursts of 60) has the messages\n"
      "beyond it dropped and is told 'hub____error: slow down: ...' at most once a second. A\n"
      "member silent for --idle-timeout is removed, and announced as\n"
      "'<ip:port>____timed out (silent for 10m)____qq' if it ever spoke. One datagram from an\n"
      "address that never sends again brings it at most --unheard-limit datagrams and a last\n"
      "'hub____paused: ...' notice.\n"
      "\n"
      "History: a newcomer gets the last --history messages (10 unless given) after its welcome,\n"
      "each as '[history 2026-11-30T10:15:12Z] <ip:port>____<text>', with the time the hub relayed\n"
      "it, in UTC. They count against the newcomer's --unheard-limit, so a forged join is sent no\n"
      "more than without them: at most 11 datagrams at once with the defaults. --transcript FILE\n"
      "appends every message relayed to FILE as '2026-11-30T10:15:12Z <ip:port>____<text>', one\n"
      "line each. With --transcript, SIGHUP reopens FILE (after it was moved away, as logrotate\n"
      "does) instead of closing the hub. Windows has no SIGHUP: there FILE stays open until the\n"
      "hub ends. A write that fails is logged once, and the hub goes on serving.\n"
      "\n";

constexpr std::string_view help_after_web =
      "Network conditions: a simulator between the hub and the network, for showing what UDP\n"
      "lets happen. It acts on every datagram the hub sends (relays, welcomes, notices), never on\n"
      "what it receives. For each, in this order: --loss drops it (and nothing else happens to\n"
      "it); --delay holds it MS milliseconds, give or take a uniform JITTER_MS; --reorder holds it\n"
      "100 ms more, so datagrams sent after it overtake it even without --delay; --duplicate sends\n"
      "a second copy, after its own delay. Held datagrams wait on a timer, not the hub: at most\n"
      "4096 of them and 8 MiB; past that they are dropped and counted as overflowed. When the\n"
      "hub closes, those held leave at once. The log counts what the simulator did once a second,\n"
      "--trace marks a dropped datagram 'dropped by --loss', and --pcap holds what really left,\n"
      "when it left. The choices come from --seed: the same seed and the same traffic make the\n"
      "same choices. Percentages take up to four decimals; MS and JITTER_MS are at most 10000,\n"
      "JITTER_MS at most MS.\n"
      "\n";

struct network_settings {
  network_conditions conditions;
  std::uint64_t seed;
};

// --loss, --delay, --duplicate, --reorder and --seed; nullopt after saying on stderr what is wrong.
std::optional<network_settings> network_options(const cxxopts::ParseResult& options) {
  network_settings settings{};
  const auto bad = [](const std::string& option, const std::string& why) {
    std::cerr << program << ": --" << option << ": " << why << '\n';
    return std::nullopt;
  };
  for (const auto& [name, field] : {std::pair{"loss", &network_conditions::loss},
                                    std::pair{"duplicate", &network_conditions::duplicate},
                                    std::pair{"reorder", &network_conditions::reorder}}) {
    const auto share = parse_percent(options[name].as<std::string>());
    if (!share.value) return bad(name, share.error);
    settings.conditions.*field = *share.value;
  }
  const auto delay = parse_delay(options["delay"].as<std::string>());
  if (!delay.value) return bad("delay", delay.error);
  settings.conditions.delay = delay.value->delay;
  settings.conditions.jitter = delay.value->jitter;
  if (options.count("seed") != 0U) {
    const auto seed = number_option<std::uint64_t>(program, options, "seed");
    if (!seed) return std::nullopt;
    settings.seed = *seed;
  } else {
    std::random_device entropy;
    settings.seed = (static_cast<std::uint64_t>(entropy()) << 32U) | entropy();
  }
  return settings;
}

}  // namespace

int main(int argc, char** argv) {
  auto spec = describe_options();
  const std::string help = std::string{help_before_web} + std::string{web_help_paragraph()} +
                           std::string{help_after_web} + discovery_help("hub", "member") + "\n" +
                           trace_help("datagram",
                                      "--pcap FILE writes the same datagrams, with IP and UDP headers, as a capture "
                                      "file (pcap, raw IP) that Wireshark and tshark open; it is written out at least "
                                      "once a second. Both hold the discovery probes received and answers sent (UDP "
                                      "port 8099) too.",
                                      "log");
  const auto command_line = parse_command_line(spec, argc, argv, help);
  if (command_line.exit_code) return *command_line.exit_code;
  const auto& options = command_line.options;
  const auto idle_timeout = duration_option(program, options, "idle-timeout");
  const auto max_members = number_option<std::uint32_t>(program, options, "max-members");
  const auto max_per_ip = number_option<std::uint32_t>(program, options, "max-per-ip");
  const auto join_rate = number_option<std::uint32_t>(program, options, "join-rate");
  const auto rate_limit = number_option<std::uint32_t>(program, options, "rate-limit");
  const auto burst = number_option<std::uint32_t>(program, options, "burst");
  const auto unheard_limit = number_option<std::uint32_t>(program, options, "unheard-limit");
  const auto history = number_option<std::uint32_t>(program, options, "history");
  if (!idle_timeout || !max_members || !max_per_ip || !join_rate || !rate_limit || !burst || !unheard_limit ||
      !history) {
    return 2;
  }
  if (*history > udp_hub::max_history) {
    std::cerr << program << ": --history is at most " << udp_hub::max_history << '\n';
    return 2;
  }
  const auto network = network_options(options);
  if (!network) return 2;
  const auto discovery = discovery_option(program, options);
  if (!discovery) return 2;
  udp_hub::options hub_options;
  hub_options.log_messages = options.count("quiet") == 0U;
  hub_options.idle_timeout = *idle_timeout;
  hub_options.max_members = *max_members;
  hub_options.max_per_source = *max_per_ip;
  hub_options.joins_per_second = *join_rate;
  hub_options.messages_per_second = *rate_limit;
  hub_options.burst = *burst;
  hub_options.unheard_limit = *unheard_limit;
  hub_options.network = network->conditions;
  hub_options.seed = network->seed;
  hub_options.history = *history;
  if (hub_options.max_members == 0 || hub_options.max_per_source == 0) {
    std::cerr << program << ": --max-members and --max-per-ip must be at least 1 (a hub nobody can join is a mistake)\n";
    return 2;
  }
  if (hub_options.messages_per_second > 1'000'000 || hub_options.joins_per_second > 1'000'000) {
    std::cerr << program << ": --rate-limit and --join-rate are at most 1000000 a second; 0 turns one off\n";
    return 2;
  }
  if (hub_options.messages_per_second != 0 && hub_options.burst == 0) {
    std::cerr << program << ": --burst must be at least 1 while there is a --rate-limit\n";
    return 2;
  }
  std::unique_ptr<pcap_file> capture;
  if (options.count("pcap") != 0U) {
    const auto path = options["pcap"].as<std::string>();
    try {
      capture = std::make_unique<pcap_file>(path);
    } catch (const std::system_error& error) {
      std::cerr << program << ": cannot write the capture to " << path << ": " << error.code().message() << '\n';
      return 1;
    }
  }
  auto transcript = transcript_option(program, options);
  if (transcript.exit_status != 0) return transcript.exit_status;
  int web_status = 0;
  const std::unique_ptr<hub_web_view> web = open_web_option(options, program, web_status);
  if (web_status != 0) return web_status;
  using discovering_hub = discovering_service<udp_hub>;
  return run_server<udp, discovering_hub>(
      {program, "> ", max_console_line,
       [&](asio::io_context& io, const udp::endpoint& listen_on, const log_sink& log) {
         auto trace = trace_option(io, program, options);
         std::unique_ptr<datagram_tap> tap;
         if (trace || capture) tap = std::make_unique<datagram_tap>(io, log, std::move(trace), std::move(capture));
         // The hub owns the tap and outlives the responder (discovering_service), which writes
         // its probes and answers to the same trace and capture.
         datagram_tap* const shared_tap = tap.get();
         auto hub = std::make_unique<udp_hub>(io, listen_on, log, hub_options, std::move(tap));
         if (transcript.file) {
           hub->keep_transcript(std::make_unique<transcript_file>(transcript.path, std::move(transcript.file), log));
         }
         if (web) web->watch(io, *hub, hub_options.unheard_limit, log);
         std::unique_ptr<discovery_responder> responder;
         if (discovery->answer) {
           discovery_observer observe;
           if (shared_tap != nullptr) {
             observe = [shared_tap](traffic_direction direction, const udp::endpoint& peer, const udp::endpoint& local,
                                    std::string_view datagram) {
               shared_tap->record_other(direction, peer, local, datagram);
             };
           }
           const udp_hub& counted_hub = *hub;
           responder = std::make_unique<discovery_responder>(
               io, discovery_identity{server_kind::hub, discovery->name, hub->local_endpoint().port()},
               [&counted_hub] { return static_cast<std::uint32_t>(counted_hub.members().size()); }, log,
               std::move(observe));
         }
         return std::make_unique<discovering_hub>(std::move(hub), std::move(responder));
       },
       [](discovering_hub& server, std::string_view line, const log_sink& log, const std::function<void()>& shut_down) {
         hub_console_line(server.service(), line, log, shut_down);
       }},
      command_line.options);
}
