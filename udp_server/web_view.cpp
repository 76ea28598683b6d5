// SPDX-License-Identifier: GPL-3.0-or-later
#include "web_view.hpp"

#include <asio/post.hpp>

#include "endpoint_text.hpp"
#include "udp_hub.hpp"
#include "web_watcher.hpp"

namespace udpchat {

web_view::web_view(const asio::ip::tcp::endpoint& at, std::string program)
    : host_{at, std::move(program), web::view_transport::udp} {}

void web_view::watch(asio::io_context& io, udp_hub& hub, std::uint32_t unheard_limit, const log_sink& log) {
  host_.feed().set_hub_address(endpoint_text(hub.local_endpoint()));
  hub.watch(std::make_unique<web_watcher>(io, hub, host_.feed(), unheard_limit));
  asio::post(io, [log, line = address_line()] { log(line); });
}

}  // namespace udpchat
