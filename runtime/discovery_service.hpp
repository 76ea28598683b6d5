// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A server (the hub, the room, the desk) with its discovery responder, for run_server: it
// starts the responder after the server, so that 'listening on' stays the first line of the log,
// and stops it first, before the server closes whatever the responder's trace goes to.

#include <memory>
#include <utility>

#include "discovery_responder.hpp"

namespace udpchat {

template <typename Service>
class discovering_service {
 public:
  // `responder` may be null (--no-discovery).
  discovering_service(std::unique_ptr<Service> service, std::unique_ptr<discovery_responder> responder)
      : service_{std::move(service)}, responder_{std::move(responder)} {}

  Service& service() { return *service_; }

  auto local_endpoint() const { return service_->local_endpoint(); }
  void start() {
    service_->start();
    if (responder_) responder_->start();
  }
  void close() {
    if (responder_) responder_->close();
    service_->close();
  }

  // What run_server asks of a service that has it, passed on.
  template <typename Console>
  void follow_console(const Console& console)
    requires requires(Service& s) { s.follow_console(console); }
  {
    service_->follow_console(console);
  }
  void console_drained()
    requires requires(Service& s) { s.console_drained(); }
  {
    service_->console_drained();
  }
  void console_ended()
    requires requires(Service& s) { s.console_ended(); }
  {
    service_->console_ended();
  }
  bool keeps_transcript() const
    requires requires(const Service& s) { s.keeps_transcript(); }
  {
    return service_->keeps_transcript();
  }
  void reopen_transcript()
    requires requires(Service& s) { s.reopen_transcript(); }
  {
    service_->reopen_transcript();
  }

 private:
  // Declared after the service, so destroyed before it: the responder's observer may write to a
  // trace the service owns.
  std::unique_ptr<Service> service_;
  std::unique_ptr<discovery_responder> responder_;
};

}  // namespace udpchat
