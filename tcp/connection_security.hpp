// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

namespace udpchat {

struct tls_server_identity;  // tls_certificate.hpp

// How a line server's peers connect: plain TCP on its port, or TLS there, with or without a
// plain port beside it.
struct connection_security {
  std::shared_ptr<tls_server_identity> tls;  // null: plain TCP
  std::optional<std::uint16_t> plain_port;   // with tls: plain TCP on this port too (0: any free one)
};

}  // namespace udpchat
