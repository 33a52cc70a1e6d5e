// Several event loops: connections spread over them, room publishes reach every loop in publish
// order, commands about one socket reach the loop that owns it, and stop closes them all.
#include <gtest/gtest.h>

#include <set>

#include "tests/unit/net/cable_fixture.h"

using namespace cf::net;
using namespace cf::net::testing;

namespace {

CableOptions sharded(CableOptions o, unsigned threads) {
  o.threads = threads;
  o.close_linger = std::chrono::milliseconds(300);
  return o;
}

TEST_F(CableFixture, ShardedLoopsDeliverRoomEventsToEverySocketInOrder) {
  start(sharded(options(), 3));
  constexpr int kClients = 9;
  std::vector<std::unique_ptr<RawWsClient>> clients;
  std::vector<uint64_t> ids;
  std::set<uint64_t> loops_used;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<RawWsClient>(server_->port()));
    ids.push_back(open(*clients.back(), 100 + i));
    ASSERT_NE(ids.back(), 0u);
    loops_used.insert(ids.back() % 3);
  }
  EXPECT_EQ(loops_used.size(), 3u);  // connections were spread over all loops
  EXPECT_EQ(std::set<uint64_t>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_EQ(server_->stats().sockets, static_cast<size_t>(kClients));

  for (int i = 0; i < kClients; ++i) {
    server_->begin_subscribe(ids[i], 7);
    server_->finish_subscribe(ids[i], 7, {}, 0, encode_text("subscribed " + std::to_string(i)));
    EXPECT_EQ(clients[i]->next_text(), "subscribed " + std::to_string(i)); // routed to the right loop
  }
  for (int e = 1; e <= 20; ++e) server_->publish(7, e, encode_text("event " + std::to_string(e)));
  for (int i = 0; i < kClients; ++i)
    for (int e = 1; e <= 20; ++e) ASSERT_EQ(clients[i]->next_text(), "event " + std::to_string(e)) << "client " << i;

  server_->send(ids[4], encode_text("just you"));
  EXPECT_EQ(clients[4]->next_text(), "just you");
  server_->send_user(105, encode_text("user 105"));
  EXPECT_EQ(clients[5]->next_text(), "user 105");
  server_->close_socket(ids[2], 4000, "bye");
  EXPECT_EQ(clients[2]->wait_close(), 4000);
}

TEST_F(CableFixture, ShardedStopClosesEverySocketWith1001) {
  start(sharded(options(), 2));
  RawWsClient a(server_->port()), b(server_->port()), c(server_->port());
  open(a, 1);
  open(b, 2);
  open(c, 3);
  std::thread stopper([&] { server_->stop(); });
  EXPECT_EQ(a.wait_close(), 1001);
  EXPECT_EQ(b.wait_close(), 1001);
  EXPECT_EQ(c.wait_close(), 1001);
  stopper.join();
  RawWsClient late(server_->port());
  EXPECT_FALSE(late.connected());
}

}  // namespace
