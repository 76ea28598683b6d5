// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "external_program.hpp"
#include "network_namespace.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {

// One host on the LAN: a short name for the test ("teacher") and its IPv4 address with prefix
// ("169.254.10.1/16"), or "" for a host with IPv6 alone.
struct lan_host {
  std::string name;
  std::string address;
};

// A LAN made of network namespaces: one per host, each with an interface "eth0" on a bridge that
// lives in a namespace of its own, as machines plugged into one switch. Each eth0 has its IPv4
// address with the broadcast address the prefix gives (as DHCP or a link-local address daemon
// would set it) and the IPv6 link-local address the kernel makes, usable at once because
// duplicate address detection is off; each loopback is up. The namespaces' names carry the
// process id, so tests running side by side do not meet. Everything is removed with the object.
// Needs root and iproute2 (ip).
class lan_namespaces {
 public:
  explicit lan_namespaces(const std::vector<lan_host>& hosts)
      : prefix_{"udpchat-lan-" + std::to_string(::getpid()) + "-"} {
    // The switch floods multicast to every port, as a plain switch does: a snooping one with no
    // querier on the LAN would decide by reports it may not have seen yet.
    ok = ip_path_ && ip({"netns", "add", switch_netns()}) &&
         ip({"-n", switch_netns(), "link", "add", "lan0", "type", "bridge", "mcast_snooping", "0"}) &&
         ip({"-n", switch_netns(), "link", "set", "lan0", "up"});
    for (std::size_t i = 0; ok && i < hosts.size(); ++i) {
      const std::string netns = this->netns(hosts[i].name);
      const std::string port = "port" + std::to_string(i);
      ok = ip({"netns", "add", netns});
      if (ok) made_.push_back(netns);
      ok = ok && ip({"-n", netns, "link", "set", "lo", "up"}) && no_duplicate_address_detection(netns) &&
           ip({"-n", switch_netns(), "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", netns}) &&
           ip({"-n", switch_netns(), "link", "set", port, "master", "lan0", "up"}) &&
           (hosts[i].address.empty() ||
            ip({"-n", netns, "address", "add", hosts[i].address, "brd", "+", "dev", "eth0"})) &&
           ip({"-n", netns, "link", "set", "eth0", "up"});
    }
  }
  ~lan_namespaces() {
    for (const auto& netns : made_) ip({"netns", "del", netns});
    ip({"netns", "del", switch_netns()});
  }
  lan_namespaces(const lan_namespaces&) = delete;
  lan_namespaces& operator=(const lan_namespaces&) = delete;

  // The namespace of the host named `host`.
  std::string netns(const std::string& host) const { return prefix_ + host; }
  // Runs `ip` with `arguments` (as root, on the whole machine: give "-n" to stay in a namespace).
  bool ip(const std::vector<std::string>& arguments) const {
    return ip_path_ && run_program(*ip_path_, arguments).exit_status == 0;
  }
  // Runs `ip -n <host's namespace> -batch -` with `commands`, one a line: many addresses at once.
  bool ip_batch(const std::string& host, const std::string& commands) const {
    return ip_path_ && run_program(*ip_path_, {"-n", netns(host), "-batch", "-"}, commands).exit_status == 0;
  }
  // `program` of this build with `arguments`, run on `host`.
  command_line inside(const std::string& host, const std::string& program,
                      const std::vector<std::string>& arguments = {}) const {
    command_line command{ip_path_.value_or("ip"), {"netns", "exec", netns(host), bin_path(program)}};
    command.arguments.insert(command.arguments.end(), arguments.begin(), arguments.end());
    return command;
  }

  // `program` of this build serving on `host`, on a port the system picks.
  std::unique_ptr<running_server> serve(const std::string& host, const std::string& program,
                                        std::vector<std::string> arguments = {}) const {
    arguments.insert(arguments.begin(), {"--port", "0"});
    return std::make_unique<running_server>(inside(host, program, arguments));
  }

  bool ok = false;

 private:
  std::string switch_netns() const { return prefix_ + "switch"; }

  // Sets the namespace's IPv6 default so the eth0 made in it next skips duplicate address
  // detection: its link-local address is then usable the moment the link is up, not a second
  // or two later. /proc/sys/net shows the namespace of the thread that opens it.
  static bool no_duplicate_address_detection(const std::string& netns) {
    bool done = false;
    in_network_namespace(netns, [&] {
      std::ofstream setting{"/proc/sys/net/ipv6/conf/default/accept_dad"};
      setting << "0\n";
      setting.flush();
      done = static_cast<bool>(setting);
    });
    return done;
  }

  std::optional<std::string> ip_path_ = program_on_path("ip");
  std::string prefix_;
  std::vector<std::string> made_;
};

}  // namespace udpchat::testing
