// Many threads calling into the server while clients come and go: every frame a surviving client
// receives is intact and in per-publisher order (run under ASan/TSan to catch races).
#include <atomic>
#include <map>
#include <thread>

#include "tests/unit/net/cable_fixture.h"

using namespace cf::net;
using namespace cf::net::testing;

TEST_F(CableFixture, ConcurrentPublishersAndChurn) {
  start(options());
  RawWsClient reader(server_->port());
  const uint64_t sr = open(reader, 1);
  server_->finish_subscribe(sr, 5, {}, 0, encode_text("subscribed"));
  ASSERT_EQ(reader.next_text(), "subscribed");

  constexpr int kPublishers = 4, kPerPublisher = 300;
  std::atomic<bool> churn_done{false};
  std::thread churn([&] {
    for (int i = 0; i < 60; ++i) {
      RawWsClient c(server_->port());
      if (c.upgrade(RawWsClient::request("session_token=u" + std::to_string(100 + i))) != 101) continue;
      // Subscribe by user (socket ids are learnt from the welcome only in open()).
      server_->send_user(100 + i, encode_text("hi"));
      if (i % 2) c.send_frame(WsOpcode::Close, std::string("\x03\xe8", 2));
    }
    churn_done = true;
  });
  std::vector<std::thread> publishers;
  for (int p = 0; p < kPublishers; ++p) {
    publishers.emplace_back([&, p] {
      for (int i = 0; i < kPerPublisher; ++i) {
        server_->publish(5, 0, encode_text(std::to_string(p) + ":" + std::to_string(i)));
        if (i % 50 == 0) (void)server_->stats();
      }
    });
  }
  std::map<int, int> next;
  for (int k = 0; k < kPublishers * kPerPublisher; ++k) {
    const std::string m = reader.next_text(5000);
    ASSERT_FALSE(m.empty()) << k;
    const auto colon = m.find(':');
    const int p = std::stoi(m.substr(0, colon)), i = std::stoi(m.substr(colon + 1));
    ASSERT_EQ(i, next[p]) << m;
    next[p] = i + 1;
  }
  for (auto& t : publishers) t.join();
  churn.join();
  EXPECT_TRUE(churn_done);
}
