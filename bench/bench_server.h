// A fresh server for one scenario: started, first run done, the All Talk room found.
#pragma once

#include "tests/support/support.h"

#include <cstdint>
#include <memory>
#include <string>

namespace cf::bench {

struct BenchServer {
  BenchServer();
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  // "POST /rooms/<id>/messages" body for one message.
  std::string message_body(std::string_view client_message_id) const;
  std::string messages_path() const { return "/rooms/" + std::to_string(room) + "/messages"; }

  test::ServerProcess server;
  test::HttpClient admin;  // signed in as the first user
  int64_t room = 0;        // All Talk
};

}  // namespace cf::bench
