// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The reference hub (udpchat-bench --reference-hub): a measuring instrument, not a hub for a
// class. It has udpchat-server's wire behaviour at its core and nothing else, done as cheaply
// as Linux allows, so that udpchat-server's figures beside its own say what the hub's own work
// costs on top of what the kernel needs to move the datagrams:
//
//   member -> hub   <text>    relayed as <ip>:<port>____<text> to every other member; the
//                             first datagram from an address makes it a member
//                   (empty)   makes the sender a member, relays nothing
//                   quit      the sender leaves; the others get <ip>:<port>____left____qq
//
// A datagram is read as udpchat-server reads it (classify_inbound, datagram_codec.hpp: quit
// and a text may end in a line break). Unlike udpchat-server it has no limits, no welcome, no
// notices, no idle timeout, no log, no console, and does not escape what it relays; a text
// too long to relay with its prefix is dropped without a word.
//
// Why each choice makes it the cheapest a hub can be:
// - One blocking recvmmsg(2) with MSG_WAITFORONE takes up to 64 datagrams per system call and
//   sleeps in the kernel until the first arrives, then takes what else is waiting without
//   sleeping again: no readiness wait (epoll, poll), no peek, no system call that finds
//   nothing. A wake-up costs the one call that returns data.
// - 64 datagrams per receive, as udpchat-server takes (udp_hub.cpp, datagrams_per_call): at a
//   low rate MSG_WAITFORONE returns with the one there is; at a high rate 64 already make the
//   call's own cost small beside the 64 x (M - 1) sends that follow, and more would only hold
//   the first datagram's relays back longer. The same batch on both sides keeps a comparison
//   about the hubs' work, not their batch sizes.
// - Each relay is written once, in place: the datagram is received behind room for the
//   longest prefix, and the sender's prefix, formatted once when it joined, is copied in front
//   of it. Every destination's header points at that one buffer.
// - sendmmsg(2) sends up to 1024 datagrams per call (UIO_MAXIOV, the most one call takes), on
//   a blocking socket: a full send buffer makes the call wait in the kernel, with no readiness
//   wait and no queue of its own. Each receive batch is sent before the next receive.
// - Members sit in a contiguous array, walked in order for every relay, with an open-addressing
//   index to find a sender (reference_members.hpp).
// - 8 MiB receive and send buffers, as udpchat-server asks for (enlarge_socket_buffers,
//   udp_socket_options.hpp: past the system's cap where the process may).
// - Ending: SIGINT, SIGTERM and SIGHUP set a flag and shut the socket down (shutdown(2) is
//   async-signal-safe), which wakes a blocked receive or send even when the signal came just
//   before it; the loop then ends and everything is released. No thread, no signalfd, no
//   poll: nothing on the path of a datagram.
// Linux only, like udpchat-bench; IPv4 and IPv6 (on an IPv6 address, IPv4 members too).

#include <asio/ip/udp.hpp>
#include <string>

namespace udpchat::bench {

// Serves on `listen_on` until SIGINT, SIGTERM or SIGHUP (a signal ignored at start stays
// ignored). Prints "reference hub listening on <ip>:<port>" on stdout first, flushed; nothing
// else. Returns the exit status: 0 after a signal, 1 when it cannot listen or the socket fails
// (said on stderr after "<program>: ").
int run_reference_hub(const std::string& program, const asio::ip::udp::endpoint& listen_on);

}  // namespace udpchat::bench
