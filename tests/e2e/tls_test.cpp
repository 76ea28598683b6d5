// SPDX-License-Identifier: GPL-3.0-or-later
// TLS on the room and the desk (--tls-cert, --tls-key, --plain-port) and in the terminal (--tls,
// --tls-ca, --tls-fingerprint), with certificates made by the openssl command for each test,
// and openssl s_client and ncat --ssl as other clients.
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <thread>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"
#include "tls_files.hpp"

namespace udpchat::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> served_with(const std::string& certificate, const std::string& key,
                                     std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--tls-cert", certificate, "--tls-key", key});
  return on_loopback(std::move(extra));
}

struct tls_room : running_server {
  explicit tls_room(const tls_files& files, std::vector<std::string> extra = {})
      : running_server{"udpchat-room", served_with(files.certificate, files.key, std::move(extra))} {}
};

// udpchat --tcp --tls, trusting the test's authority.
std::vector<std::string> verifying(const tls_files& files, std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--tcp", "--tls", "--tls-ca", files.authority});
  return extra;
}

auto starting_with(std::string start) {
  return [start = std::move(start)](const std::string& line) { return line.starts_with(start); };
}
auto ending_with(std::string end) {
  return [end = std::move(end)](const std::string& line) { return line.ends_with(end); };
}

std::string bare_lower_case(std::string fingerprint) {
  std::erase(fingerprint, ':');
  std::transform(fingerprint.begin(), fingerprint.end(), fingerprint.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return fingerprint;
}

// The udpchat terminal run to its end with nothing typed: for the ones that must not get in.
program_output terminal_run(unsigned short port, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), {"--port", std::to_string(port)});
  if (std::find(arguments.begin(), arguments.end(), "--host") == arguments.end()) {
    arguments.insert(arguments.begin(), {"--host", "127.0.0.1"});
  }
  return run_program(bin_path("udpchat"), arguments, "", 10s);
}

TEST(TlsTest, TheRoomShowsTheFingerprintOpensslComputesAndVerifiedTerminalsChat) {
  tls_files files;
  tls_room room{files};
  ASSERT_NE(room.port, 0);
  EXPECT_TRUE(room.logs("TLS on this port; the certificate's SHA-256 fingerprint is " +
                        files.fingerprint(files.certificate)));
  running_terminal by_address{room, verifying(files)};
  // By name, the certificate's DNS name is checked (and the IPv6 try is refused first).
  running_terminal by_name{room, verifying(files, {"--host", "localhost"})};
  ASSERT_FALSE(by_address.address.empty());
  ASSERT_FALSE(by_name.address.empty());
  by_address.process.write_stdin("hello over TLS\n");
  EXPECT_TRUE(by_name.shows(by_address.address + ": hello over TLS"));
  by_name.process.write_stdin("and back\n");
  EXPECT_TRUE(by_address.shows(by_name.address + ": and back"));
  // Leaving ends the session with close_notify both ways: the room sees a member leave.
  by_address.process.write_stdin("quit\n");
  EXPECT_EQ(by_address.process.wait_exit(), 0);
  EXPECT_TRUE(room.logs(by_address.address + " left, 1 member now"));
}

TEST(TlsTest, APinnedSelfSignedCertificateIsAcceptedAndAnyOtherRefusedBeforeJoining) {
  tls_files files;
  running_server room{"udpchat-room", served_with(files.self_signed, files.self_signed_key)};
  ASSERT_NE(room.port, 0);
  const std::string presented = files.fingerprint(files.self_signed);
  const std::string other = files.fingerprint(files.certificate);
  const auto refused = terminal_run(room.port, {"--tcp", "--tls", "--tls-fingerprint", other});
  EXPECT_EQ(refused.exit_status, 1);
  EXPECT_EQ(refused.stderr_text, "udpchat: the server's certificate has the fingerprint " + presented +
                                     ", not the pinned " + other + "\n");
  // The room saw a handshake fail, not a member come and go.
  EXPECT_TRUE(room.logs(": TLS handshake failed: "));
  running_terminal pinned{room, {"--tcp", "--tls", "--tls-fingerprint", bare_lower_case(presented)}};
  ASSERT_FALSE(pinned.address.empty());
  EXPECT_TRUE(pinned.shows("1 member here"));
  EXPECT_EQ(room.process.all_stdout().find(" left"), std::string::npos) << room.process.all_stdout();
}

struct refusal_case {
  std::string name;
  std::vector<std::string> terminal_options;  // besides --tcp --tls
  std::string host;                           // the room's and the terminal's --host
  std::string said;                           // the terminal's one line on stderr
};

class TlsVerificationTest : public ::testing::TestWithParam<refusal_case> {};

TEST_P(TlsVerificationTest, AServerThatDoesNotVerifyIsRefusedInOneLine) {
  tls_files files;
  const refusal_case& refusal = GetParam();
  running_server room{"udpchat-room", {"--host", refusal.host, "--port", "0", "--tls-cert", files.certificate,
                                       "--tls-key", files.key}};
  ASSERT_NE(room.port, 0);
  std::vector<std::string> options{"--host", refusal.host, "--tcp", "--tls"};
  for (const auto& each : refusal.terminal_options) options.push_back(each == "CA" ? files.authority : each);
  const auto run = terminal_run(room.port, options);
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_EQ(run.stderr_text, "udpchat: " + refusal.said + "\n");
  EXPECT_TRUE(room.logs(": TLS handshake failed: "));
}

INSTANTIATE_TEST_SUITE_P(
    Table, TlsVerificationTest,
    ::testing::Values(
        // The test's authority is not among the system's.
        refusal_case{"SystemAuthorities", {}, "127.0.0.1",
                     "cannot verify the server's certificate: unable to get local issuer certificate"},
        // Signed by the trusted authority, but for localhost and 127.0.0.1 only.
        refusal_case{"AnotherAddress", {"--tls-ca", "CA"}, "127.0.0.2",
                     "cannot verify the server's certificate: IP address mismatch"}),
    [](const ::testing::TestParamInfo<refusal_case>& instance) { return instance.param.name; });

TEST(TlsTest, ATlsTerminalAtAPlainPortSaysSoInOneLine) {
  running_server room{"udpchat-room", on_loopback()};
  ASSERT_NE(room.port, 0);
  const auto run = terminal_run(room.port, {"--tcp", "--tls"});
  EXPECT_EQ(run.exit_status, 1);
  EXPECT_EQ(run.stderr_text,
            "udpchat: the server does not speak TLS on this port (a plain TCP port? leave out --tls)\n");
}

TEST(TlsTest, APlainClientOnTheTlsPortIsClosedWithOneLogLineAndTheRoomServesOn) {
  tls_files files;
  tls_room room{files};
  ASSERT_NE(room.port, 0);
  tcp_probe plain{room.port};
  plain.send("hello, anyone?\n");
  EXPECT_EQ(plain.read_line(), "hub____error: this port speaks TLS; connect with udpchat --tcp --tls, ncat --ssl or "
                               "openssl s_client");
  EXPECT_TRUE(plain.closed_by_peer());
  EXPECT_TRUE(room.logs("refused " + plain.address() + ": not TLS (a plain TCP client?)"));
  running_terminal member{room, verifying(files)};
  ASSERT_FALSE(member.address.empty());
  // The plain client was never a member.
  EXPECT_TRUE(member.shows("1 member here"));
}

TEST(TlsTest, APlainPortBesideTheTlsOneServesTheSameRoom) {
  tls_files files;
  tls_room room{files, {"--plain-port", "0"}};
  ASSERT_NE(room.port, 0);
  const auto plain_line = room.process.wait_for_stdout(
      [](const std::string& line) { return line.find("plain TCP (no TLS) on 127.0.0.1:") != std::string::npos; });
  ASSERT_TRUE(plain_line);
  const auto plain_port = static_cast<unsigned short>(std::stoi(plain_line->substr(plain_line->rfind(':') + 1)));
  tcp_probe plain{plain_port};
  const auto welcome = plain.read_line();
  ASSERT_TRUE(welcome);
  EXPECT_TRUE(welcome->starts_with("hub____welcome, you are " + plain.address())) << *welcome;
  running_terminal secure{room, verifying(files)};
  ASSERT_FALSE(secure.address.empty());
  secure.process.write_stdin("to the plain one\n");
  EXPECT_EQ(plain.read_line_matching(starting_with(secure.address)), secure.address + "____to the plain one");
  plain.send("to the TLS one\n");
  EXPECT_TRUE(secure.shows(plain.address() + ": to the TLS one"));
}

TEST(TlsTest, OpensslSClientIsARoomMemberExchangingLines) {
  tls_files files;
  tls_room room{files};
  ASSERT_NE(room.port, 0);
  child_process client{files.openssl, {"s_client", "-connect", "127.0.0.1:" + std::to_string(room.port), "-CAfile",
                                       files.authority, "-verify_return_error", "-quiet"}};
  ASSERT_TRUE(client.wait_for_stdout(starting_with("hub____welcome, you are 127.0.0.1:")));
  running_terminal member{room, verifying(files)};
  ASSERT_FALSE(member.address.empty());
  client.write_stdin("hello from s_client\n");
  EXPECT_TRUE(member.shows(": hello from s_client"));
  member.process.write_stdin("hello back\n");
  EXPECT_TRUE(client.wait_for_stdout(ending_with("____hello back")));
}

TEST(TlsTest, NcatSslIsARoomMember) {
  tls_files files;
  tls_room room{files};
  ASSERT_NE(room.port, 0);
  const auto ncat = program_on_path("ncat");
  ASSERT_TRUE(ncat) << "no ncat on PATH (scripts/install-deps.sh installs it)";
  // By name: ncat checks a certificate's DNS names, not its IP addresses.
  child_process client{*ncat, {"-4", "--ssl", "--ssl-trustfile", files.authority, "--ssl-verify", "localhost",
                               std::to_string(room.port)}};
  ASSERT_TRUE(client.wait_for_stdout(starting_with("hub____welcome, you are 127.0.0.1:")));
  running_terminal member{room, verifying(files)};
  ASSERT_FALSE(member.address.empty());
  client.write_stdin("hello from ncat\n");
  EXPECT_TRUE(member.shows(": hello from ncat"));
}

TEST(TlsTest, OpensslSClientIsADeskCustomer) {
  tls_files files;
  running_server desk{"udpchat-desk", served_with(files.certificate, files.key)};
  ASSERT_NE(desk.port, 0);
  EXPECT_TRUE(desk.logs("TLS on this port; the certificate's SHA-256 fingerprint is " +
                        files.fingerprint(files.certificate)));
  child_process customer{files.openssl, {"s_client", "-connect", "127.0.0.1:" + std::to_string(desk.port),
                                         "-CAfile", files.authority, "-verify_return_error", "-quiet"}};
  ASSERT_TRUE(customer.wait_for_stdout(starting_with("hub____welcome to the help desk")));
  customer.write_stdin("/nick Maria\nis anyone there?\n");
  EXPECT_TRUE(desk.logs("is anyone there?"));
  desk.process.write_stdin("/next\n");
  desk.process.write_stdin("yes, I am here\n");
  EXPECT_TRUE(customer.wait_for_stdout(ending_with("yes, I am here")));
}

TEST(TlsTest, AStalledHandshakeIsClosedAfterTheLineTimeout) {
  tls_files files;
  tls_room room{files, {"--line-timeout", "1s"}};
  ASSERT_NE(room.port, 0);
  tcp_probe stalled{room.port};
  const auto began = std::chrono::steady_clock::now();
  stalled.send(std::string{"\x16\x03\x01", 3});  // the start of a TLS record, and no more
  EXPECT_TRUE(stalled.closed_by_peer(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - began, 900ms);
  EXPECT_TRUE(room.logs("refused " + stalled.address() + ": no TLS handshake within 1s"));
  running_terminal member{room, verifying(files)};
  EXPECT_TRUE(member.shows("1 member here"));
}

TEST(TlsTest, AClientThatSaysNothingIsToldThePortSpeaksTlsAfterTheLineTimeout) {
  tls_files files;
  tls_room room{files, {"--line-timeout", "1s"}};
  ASSERT_NE(room.port, 0);
  tcp_probe silent{room.port};
  const auto began = std::chrono::steady_clock::now();
  const auto told = silent.read_line(5s);
  EXPECT_GE(std::chrono::steady_clock::now() - began, 900ms);
  ASSERT_TRUE(told);
  EXPECT_TRUE(told->starts_with("hub____error: this port speaks TLS")) << *told;
  EXPECT_TRUE(silent.closed_by_peer());
  EXPECT_TRUE(room.logs("refused " + silent.address() + ": no TLS handshake within 1s"));
}

TEST(TlsTest, AHandshakeFloodLeavesTheRoomServingAndItsLogShort) {
  tls_files files;
  tls_room room{files, {"--line-timeout", "2s"}};
  ASSERT_NE(room.port, 0);
  constexpr int stalling = 200;
  constexpr int garbling = 200;
  const auto flood_deadline = std::chrono::steady_clock::now() + 10s;
  std::vector<std::unique_ptr<tcp_probe>> stalled;
  for (int i = 0; i < stalling && std::chrono::steady_clock::now() < flood_deadline; ++i) {
    stalled.push_back(std::make_unique<tcp_probe>(room.port));
    stalled.back()->send(std::string{"\x16\x03\x01", 3});
  }
  int garbled = 0;
  for (; garbled < garbling && std::chrono::steady_clock::now() < flood_deadline; ++garbled) {
    tcp_probe garbage{room.port};
    garbage.send("GET / HTTP/1.0\r\n\r\n");
  }
  EXPECT_EQ(static_cast<int>(stalled.size()), stalling);
  EXPECT_EQ(garbled, garbling);
  // Served while the stalled handshakes still wait out their timeout.
  running_terminal first{room, verifying(files)};
  running_terminal second{room, verifying(files)};
  ASSERT_FALSE(first.address.empty());
  ASSERT_FALSE(second.address.empty());
  first.process.write_stdin("still here\n");
  EXPECT_TRUE(second.shows(first.address + ": still here"));
  for (const auto& each : stalled) EXPECT_TRUE(each->closed_by_peer(5s));
  // Hundreds of failures, a few lines: the first, then a count a second.
  EXPECT_TRUE(room.logs(" more connection"));  // "refused 137 more connections: ..."
  const auto& log = room.process.stdout_lines();
  const auto refusal_lines =
      std::count_if(log.begin(), log.end(), [](const std::string& line) { return line.find("refused ") != std::string::npos; });
  EXPECT_GE(refusal_lines, 2) << room.process.all_stdout();
  EXPECT_LE(refusal_lines, 20) << room.process.all_stdout();
}

TEST(TlsTest, AMemberThatStopsReadingOverTlsIsDroppedAndTheRoomServesOn) {
  tls_files files;
  tls_room room{files, {"--quiet", "--rate-limit", "0", "--plain-port", "0"}};
  ASSERT_NE(room.port, 0);
  const auto plain_line = room.process.wait_for_stdout(
      [](const std::string& line) { return line.find("plain TCP (no TLS) on 127.0.0.1:") != std::string::npos; });
  ASSERT_TRUE(plain_line);
  const auto plain_port = static_cast<unsigned short>(std::stoi(plain_line->substr(plain_line->rfind(':') + 1)));
  child_process stalled{files.openssl, {"s_client", "-connect", "127.0.0.1:" + std::to_string(room.port), "-CAfile",
                                        files.authority, "-quiet"}};
  const auto welcome = stalled.wait_for_stdout(starting_with("hub____welcome, you are 127.0.0.1:"));
  ASSERT_TRUE(welcome);
  const std::string stalled_address = welcome->substr(24, welcome->find(';') - 24);
  stalled.send_signal(SIGSTOP);
  tcp_probe sender{plain_port};
  ASSERT_TRUE(sender.read_line());
  // 8 MB: more than the system buffers between the room and the stopped client can hold.
  std::string flood;
  const std::string line = std::string(199, 'x') + "\n";
  for (int i = 0; i < 40000; ++i) flood += line;
  std::thread sending{[&] { sender.send_unless_closed(flood); }};
  EXPECT_TRUE(room.process.wait_for_stdout(
      [&](const std::string& logged) {
        return logged.find(stalled_address + " disconnected (not reading") != std::string::npos;
      },
      20s));
  sending.join();
  stalled.send_signal(SIGCONT);
  running_terminal late{room, verifying(files)};
  EXPECT_TRUE(late.shows("2 members here"));
}

struct start_refusal {
  std::string name;
  std::vector<std::string> options;  // "CERT", "KEY", "OTHER_KEY", "NOT_PEM" stand for the test's files
  std::string said;                  // part of the one line on stderr
};

class TlsStartTest : public ::testing::TestWithParam<start_refusal> {};

TEST_P(TlsStartTest, ABadCertificateOrKeyStopsTheServerBeforeListening) {
  tls_files files;
  const std::string not_pem = temporary_path("not-pem.txt");
  std::ofstream{not_pem} << "not a certificate\n";
  std::vector<std::string> arguments{"--host", "127.0.0.1", "--port", "0"};
  for (const auto& each : GetParam().options) {
    if (each == "CERT") {
      arguments.push_back(files.certificate);
    } else if (each == "KEY") {
      arguments.push_back(files.key);
    } else if (each == "OTHER_KEY") {
      arguments.push_back(files.self_signed_key);
    } else if (each == "NOT_PEM") {
      arguments.push_back(not_pem);
    } else {
      arguments.push_back(each);
    }
  }
  for (const std::string program : {"udpchat-room", "udpchat-desk"}) {
    const auto run = run_program(bin_path(program), arguments, "", 10s);
    EXPECT_EQ(run.exit_status, 2) << program;
    EXPECT_TRUE(run.stdout_lines.empty()) << program;
    EXPECT_EQ(std::count(run.stderr_text.begin(), run.stderr_text.end(), '\n'), 1) << run.stderr_text;
    EXPECT_TRUE(run.stderr_text.starts_with(program + ": ")) << run.stderr_text;
    EXPECT_NE(run.stderr_text.find(GetParam().said), std::string::npos) << run.stderr_text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, TlsStartTest,
    ::testing::Values(
        start_refusal{"MissingCertificate", {"--tls-cert", "/nonexistent/server.pem", "--tls-key", "KEY"},
                      "cannot read --tls-cert /nonexistent/server.pem: No such file or directory"},
        start_refusal{"NotPem", {"--tls-cert", "NOT_PEM", "--tls-key", "KEY"}, "holds no PEM certificate"},
        start_refusal{"KeyOfAnotherCertificate", {"--tls-cert", "CERT", "--tls-key", "OTHER_KEY"},
                      "is not the key of the certificate in --tls-cert"},
        start_refusal{"CertificateWithoutKey", {"--tls-cert", "CERT"}, "--tls-cert and --tls-key go together"},
        start_refusal{"PlainPortWithoutTls", {"--plain-port", "0"}, "--plain-port is a plain port beside a TLS one"}),
    [](const ::testing::TestParamInfo<start_refusal>& instance) { return instance.param.name; });

TEST(TlsTest, TheTerminalRefusesTlsOptionsThatDoNotGoTogether) {
  struct refusal {
    std::vector<std::string> options;
    std::string said;
  };
  const std::vector<refusal> refusals{
      {{"--tls"}, "udpchat: --tls is for a TCP server (udpchat-room, udpchat-desk): it needs --tcp\n"},
      {{"--tcp", "--tls-ca", "ca.pem"}, "udpchat: --tls-ca says how to verify a TLS server; it needs --tls\n"},
      {{"--tcp", "--tls", "--tls-ca", "ca.pem", "--tls-fingerprint", std::string(64, 'a')},
       "udpchat: --tls-ca and --tls-fingerprint are two ways to trust a server; give one\n"},
      {{"--tcp", "--tls", "--tls-fingerprint", "AB:CD"},
       "udpchat: --tls-fingerprint 'AB:CD': a SHA-256 fingerprint has 32 bytes (64 hex digits); this has 2\n"}};
  for (const auto& each : refusals) {
    const auto run = run_program(bin_path("udpchat"), each.options, "", 10s);
    EXPECT_EQ(run.exit_status, 2) << each.said;
    EXPECT_EQ(run.stderr_text, each.said);
  }
}

}  // namespace
}  // namespace udpchat::testing
