// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "external_program.hpp"

namespace udpchat::testing {

// Certificates made for a test by the openssl command, in the test's temporary directory: an
// authority, a server certificate it signed for localhost and 127.0.0.1, and a self-signed one
// for the same names. EC P-256 keys, which take milliseconds to make and to use.
struct tls_files {
  tls_files() : tls_files{std::vector<std::string>{}} {}
  // The server certificates are also for `more_addresses` (IPv4 or IPv6 literals).
  explicit tls_files(const std::vector<std::string>& more_addresses) {
    openssl = program_on_path("openssl").value_or("");
    if (openssl.empty()) {
      ADD_FAILURE() << "no openssl on PATH (scripts/install-deps.sh installs it)";
      return;
    }
    std::string names = "DNS:localhost,IP:127.0.0.1";
    for (const auto& address : more_addresses) names += ",IP:" + address;
    const std::string config = temporary_path("openssl.cnf");
    std::ofstream{config} << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n"
                             "[server]\nsubjectAltName = " << names << "\n"
                             "basicConstraints = critical,CA:FALSE\n"
                             "[authority]\nbasicConstraints = critical,CA:TRUE\n"
                             "keyUsage = critical,keyCertSign,cRLSign\n";
    make({"-extensions", "authority", "-subj", "/CN=udpchat test authority"}, config, authority, authority_key);
    make({"-extensions", "server", "-subj", "/CN=localhost", "-CA", authority, "-CAkey", authority_key}, config,
         certificate, key);
    make({"-extensions", "server", "-subj", "/CN=localhost"}, config, self_signed, self_signed_key);
  }

  // What `openssl x509 -noout -fingerprint -sha256` prints after "sha256 Fingerprint=".
  std::string fingerprint(const std::string& pem) const {
    const auto run = run_program(openssl, {"x509", "-noout", "-fingerprint", "-sha256", "-in", pem});
    EXPECT_EQ(run.exit_status, 0) << run.stderr_text;
    if (run.stdout_lines.empty()) return {};
    const std::string& line = run.stdout_lines.front();
    return line.substr(line.find('=') + 1);
  }

  std::string openssl;
  std::string authority = temporary_path("authority.pem");
  std::string authority_key = temporary_path("authority.key");
  std::string certificate = temporary_path("server.pem");
  std::string key = temporary_path("server.key");
  std::string self_signed = temporary_path("self-signed.pem");
  std::string self_signed_key = temporary_path("self-signed.key");

 private:
  void make(std::vector<std::string> extra, const std::string& config, const std::string& pem,
            const std::string& key_pem) {
    std::vector<std::string> arguments{"req", "-x509", "-config", config, "-newkey", "ec",
                                       "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                       "-days", "2", "-keyout", key_pem, "-out", pem};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    const auto run = run_program(openssl, arguments);
    EXPECT_EQ(run.exit_status, 0) << run.stderr_text;
  }
};

}  // namespace udpchat::testing
