// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_server.hpp"

#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <memory>
#include <system_error>

#include "event_stream.hpp"
#include "microhttpd_library.hpp"
#include "page_assets.hpp"
#include "view_json.hpp"

namespace udpchat::web {

namespace {

// The page loads only its own files and connects only back here; no inline script or style,
// no forms, no frames (see web/page/).
constexpr const char* content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// A stream's kernel send buffer: what a viewer that stops reading can hold up, per viewer.
constexpr int stream_send_buffer = 64 * 1024;
// Connections besides the viewers' streams: the page's files and opened datagrams.
constexpr unsigned other_connections = 16;

int queue(MHD_Connection* connection, unsigned status, MHD_Response* response, const char* content_type) {
  const microhttpd_functions& http = microhttpd();
  http.add_response_header(response, "Content-Security-Policy", content_security_policy);
  http.add_response_header(response, "X-Content-Type-Options", "nosniff");
  http.add_response_header(response, "Referrer-Policy", "no-referrer");
  http.add_response_header(response, "Cache-Control", "no-store");
  http.add_response_header(response, "Content-Type", content_type);
  const int result = http.queue_response(connection, status, response);
  http.destroy_response(response);
  return result;
}

int answer_text(MHD_Connection* connection, unsigned status, const std::string& body, const char* content_type,
                const char* allow = nullptr) {
  MHD_Response* response = microhttpd().create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                                     MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  if (allow != nullptr) microhttpd().add_response_header(response, "Allow", allow);
  return queue(connection, status, response, content_type);
}

int listening_socket(const sockaddr* address, socklen_t address_size) {
  const int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::system_error{errno, std::generic_category(), "socket"};
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (address->sa_family == AF_INET6) {
    // On "::" take IPv4 viewers too, whatever the system default.
    const int off = 0;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  if (::bind(fd, address, address_size) != 0 || ::listen(fd, 64) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::system_error{error, std::generic_category()};
  }
  return fd;
}

std::uint16_t port_of(int fd) {
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
  if (bound.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
}

// What a stream's callbacks hold: the stream, and the count it is one of.
struct viewer {
  event_stream stream;
  std::atomic<std::size_t>& viewers;
  ~viewer() { --viewers; }
};

ssize_t read_stream(void* state, std::uint64_t, char* out, std::size_t room) {
  const long count = static_cast<viewer*>(state)->stream.read(out, room);
  return count < 0 ? MHD_CONTENT_READER_END_OF_STREAM : static_cast<ssize_t>(count);
}

void free_stream(void* state) { delete static_cast<viewer*>(state); }

}  // namespace

// libmicrohttpd's access handler, called on the connection's thread for each request.
struct request_handler {
  static MHD_Result answer(void* self, MHD_Connection* connection, const char* url, const char* method, const char*,
                           const char*, std::size_t*, void**) {
    return static_cast<MHD_Result>(static_cast<view_server*>(self)->answer(connection, url, method));
  }
};

view_server::view_server(view_feed& feed, const sockaddr* address, socklen_t address_size, settings limits)
    : feed_{feed}, limits_{limits} {
  microhttpd();  // loads the library before anything listens, or throws microhttpd_unavailable
  const int fd = listening_socket(address, address_size);
  port_ = port_of(fd);
  const auto connections = static_cast<unsigned>(limits_.viewers_max) + other_connections;
  daemon_ = microhttpd().start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0, nullptr,
                                      nullptr, &request_handler::answer, this,
                                      MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT, connections,
                                      MHD_OPTION_CONNECTION_TIMEOUT,
                                      static_cast<unsigned>(limits_.idle_timeout.count()), MHD_OPTION_END);
  if (daemon_ == nullptr) {
    ::close(fd);
    throw std::system_error{std::make_error_code(std::errc::resource_unavailable_try_again), "the HTTP server did not start"};
  }
}

view_server::~view_server() {
  feed_.stop();
  microhttpd().stop_daemon(daemon_);
}

int view_server::answer(MHD_Connection* connection, const std::string& url, const std::string& method) {
  if (method != MHD_HTTP_METHOD_GET) {
    return answer_text(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET: the page is read-only\n",
                       "text/plain; charset=utf-8", "GET");
  }
  if (url == "/events") return open_stream(connection);
  if (url.starts_with("/datagram/")) return open_datagram(connection, url.substr(10));
  for (const page_asset& asset : page_assets()) {
    if (asset.path != url) continue;
    MHD_Response* response = microhttpd().create_response_from_buffer(
        asset.body.size(), const_cast<char*>(asset.body.data()), MHD_RESPMEM_PERSISTENT);
    if (response == nullptr) return MHD_NO;
    return queue(connection, MHD_HTTP_OK, response, std::string{asset.content_type}.c_str());
  }
  return answer_text(connection, MHD_HTTP_NOT_FOUND, "not found\n", "text/plain; charset=utf-8");
}

int view_server::open_stream(MHD_Connection* connection) {
  if (++viewers_ > limits_.viewers_max) {
    --viewers_;
    return answer_text(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                       "too many viewers: this hub serves at most " + std::to_string(limits_.viewers_max) +
                           " at once; close another view and reload\n",
                       "text/plain; charset=utf-8");
  }
  auto state = std::unique_ptr<viewer>{new viewer{event_stream{feed_, limits_.viewers_max}, viewers_}};
  if (const auto* info = microhttpd().get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
    ::setsockopt(info->connect_fd, SOL_SOCKET, SO_SNDBUF, &stream_send_buffer, sizeof stream_send_buffer);
  }
  MHD_Response* response = microhttpd().create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, &read_stream,
                                                                       state.get(), &free_stream);
  if (response == nullptr) return MHD_NO;
  state.release();  // the response frees it
  return queue(connection, MHD_HTTP_OK, response, "text/event-stream; charset=utf-8");
}

int view_server::open_datagram(MHD_Connection* connection, const std::string& seq_text) {
  std::uint64_t seq = 0;
  const auto [end, error] = std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), seq);
  const event_slice found = (error == std::errc{} && end == seq_text.data() + seq_text.size()) ? feed_.find(seq)
                                                                                              : event_slice{};
  if (!found.batch) {
    // The room's lines keep this path and this answer: the page asks the same way for both.
    return answer_text(connection, MHD_HTTP_NOT_FOUND, "{\"error\":\"no such datagram in the ring (it may have left it)\"}",
                       "application/json");
  }
  return answer_text(connection, MHD_HTTP_OK, datagram_detail_json(*found.batch, found.batch->events[found.begin], feed_.identity().transport),
                     "application/json");
}

}  // namespace udpchat::web
