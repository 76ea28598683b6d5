// SPDX-License-Identifier: GPL-3.0-or-later
#include "web_option.hpp"

#include <iostream>
#include <string>

#include "endpoint_text.hpp"
#include "microhttpd_unavailable.hpp"
#include "web_view.hpp"

namespace udpchat {
namespace {

class served_view final : public hub_web_view {
 public:
  served_view(const asio::ip::tcp::endpoint& at, const char* program) : view_{at, program} {}
  void watch(asio::io_context& io, udp_hub& hub, std::uint32_t unheard_limit, const log_sink& log) override {
    view_.watch(io, hub, unheard_limit, log);
  }

 private:
  web_view view_;
};

}  // namespace

void add_web_option(cxxopts::Options& spec) {
  spec.add_options()
    ("web", "serve a read-only page showing the members and their datagrams live on "
     "[ADDRESS:]PORT (ADDRESS 127.0.0.1 unless given; [::1]:PORT for IPv6; PORT 0 for any free "
     "one)",
     cxxopts::value<std::string>(), "[ADDRESS:]PORT");
}

std::string_view web_help_paragraph() {
  return "Web view: --web 8080 serves a page on http://127.0.0.1:8080/ that a projector can show: the\n"
         "members, a ladder of the latest datagrams, each one's fields, bytes and IP/UDP headers, and\n"
         "the datagrams a second. --web 0.0.0.0:8080 lets other machines open it too. The page is\n"
         "read-only (GET only), needs no internet, and is served to at most 16 viewers at once; a\n"
         "viewer that stops reading for 10 seconds is dropped, and one that falls behind skips ahead.\n"
         "The line after 'listening on' says 'web view on http://<ip>:<port>/'.\n"
         "\n";
}

std::unique_ptr<hub_web_view> open_web_option(const cxxopts::ParseResult& options, const char* program,
                                              int& status) {
  if (options.count("web") == 0U) return nullptr;
  const auto text = options["web"].as<std::string>();
  std::string why;
  const auto at = parse_web_address(text, why);
  if (!at) {
    std::cerr << program << ": bad --web '" << text << "': " << why << '\n';
    status = 2;
    return nullptr;
  }
  try {
    return std::make_unique<served_view>(*at, program);
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot serve the web view on " << endpoint_text(*at) << ": " << error.code().message()
              << '\n';
    status = 1;
    return nullptr;
  } catch (const web::microhttpd_unavailable& error) {
    std::cerr << program << ": " << error.what() << '\n';
    status = 1;
    return nullptr;
  }
}

}  // namespace udpchat
