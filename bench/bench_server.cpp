#include "bench/bench_server.h"

namespace cf::bench {

BenchServer::BenchServer() : admin(server.port()) {
  test::first_run(admin);
  room = test::room_id(admin, "All Talk");
}

std::string BenchServer::message_body(std::string_view client_message_id) const {
  // Ids are [0-9a-f-], so no escaping is needed.
  return R"({"message":{"body":"Load test message from campfire-bench","client_message_id":")" +
         std::string(client_message_id) + R"("}})";
}

}  // namespace cf::bench
