// CableServer fan-out: rooms, the replay fence, slow consumers, memory per idle socket.
#include <sys/resource.h>

#include <fstream>

#include "tests/unit/net/cable_fixture.h"

using namespace cf::net;
using namespace cf::net::testing;

TEST_F(CableFixture, PublishReachesOnlySubscribedSockets) {
  start(options());
  RawWsClient a(server_->port()), b(server_->port());
  const uint64_t sa = open(a, 1);
  open(b, 2);
  server_->finish_subscribe(sa, 7, {}, 0, encode_text("subscribed 7"));
  EXPECT_EQ(a.next_text(), "subscribed 7");
  EXPECT_EQ(server_->stats().subscriptions, 1u);
  server_->publish(7, 1, encode_text("hello 7"));
  server_->publish(8, 2, encode_text("hello 8"));
  server_->send_user(2, encode_text("marker"));
  server_->send_user(1, encode_text("marker"));
  EXPECT_EQ(a.next_text(), "hello 7");
  EXPECT_EQ(a.next_text(), "marker");
  EXPECT_EQ(b.next_text(), "marker");  // commands run in order: no room frame came before it
  server_->unsubscribe(sa, 7);
  server_->publish(7, 3, encode_text("after unsubscribe"));
  server_->send(sa, encode_text("marker 2"));
  EXPECT_EQ(a.next_text(), "marker 2");
  EXPECT_EQ(server_->stats().subscriptions, 0u);
}

TEST_F(CableFixture, ReplayFenceOrdersReplayBeforeLiveFrames) {
  start(options());
  RawWsClient a(server_->port());
  const uint64_t sa = open(a, 1);
  server_->begin_subscribe(sa, 7);
  server_->publish(7, 5, encode_text("live 5"));   // covered by the replay: dropped
  server_->publish(7, 0, encode_text("typing"));   // ephemeral: always delivered
  server_->publish(7, 6, encode_text("live 6"));   // covered
  server_->publish(7, 7, encode_text("live 7"));   // newer than the replay: delivered after it
  server_->finish_subscribe(sa, 7, {encode_text("replay 4"), encode_text("replay 5"), encode_text("replay 6")}, 6,
                            encode_text("subscribed"));
  server_->publish(7, 8, encode_text("live 8"));
  for (const char* want : {"replay 4", "replay 5", "replay 6", "subscribed", "typing", "live 7", "live 8"}) {
    EXPECT_EQ(a.next_text(), want);
  }
  EXPECT_TRUE(eventually([&] { return server_->stats().queued_bytes == 0; }));
}

TEST_F(CableFixture, RejectedSubscriptionDropsHeldFrames) {
  start(options());
  RawWsClient a(server_->port());
  const uint64_t sa = open(a, 1);
  server_->begin_subscribe(sa, 9);
  server_->publish(9, 3, encode_text("held"));
  server_->reject_subscribe(sa, 9, encode_text("not a member"));
  server_->publish(9, 4, encode_text("later"));
  server_->send(sa, encode_text("marker"));
  EXPECT_EQ(a.next_text(), "not a member");
  EXPECT_EQ(a.next_text(), "marker");
  EXPECT_EQ(server_->stats().subscriptions, 0u);
}

TEST_F(CableFixture, LeaveRoomUnsubscribesEveryTabOfTheUser) {
  start(options());
  RawWsClient a1(server_->port()), a2(server_->port()), b(server_->port());
  const uint64_t s1 = open(a1, 1), s2 = open(a2, 1), sb = open(b, 2);
  for (uint64_t s : {s1, s2, sb}) server_->finish_subscribe(s, 3, {}, 0, encode_text("subscribed"));
  for (auto* c : {&a1, &a2, &b}) EXPECT_EQ(c->next_text(), "subscribed");
  server_->leave_room(3, 1);
  server_->publish(3, 10, encode_text("secret"));
  server_->send_user(1, encode_text("marker"));
  EXPECT_EQ(a1.next_text(), "marker");
  EXPECT_EQ(a2.next_text(), "marker");
  EXPECT_EQ(b.next_text(), "secret");
}

TEST_F(CableFixture, SlowConsumerClosed1008OthersKeepReceiving) {
  auto o = options();
  o.max_queue_bytes = 256 * 1024;
  o.close_linger = std::chrono::milliseconds(5000);
  start(o);
  RawWsClient slow(server_->port(), 4096), fast(server_->port());
  const uint64_t ss = open(slow, 1), sf = open(fast, 2);
  for (uint64_t s : {ss, sf}) server_->finish_subscribe(s, 1, {}, 0, encode_text("subscribed"));
  EXPECT_EQ(slow.next_text(), "subscribed");
  EXPECT_EQ(fast.next_text(), "subscribed");
  const std::string chunk(32 * 1024, 'x');
  int i = 0;
  for (; i < 2000 && server_->stats().slow_closed == 0; ++i) {
    const std::string body = std::to_string(i) + chunk;
    server_->publish(1, i + 1, encode_text(body));
    ASSERT_EQ(fast.next_text(), body);  // the fast one keeps up, in order
  }
  ASSERT_EQ(server_->stats().slow_closed, 1u) << "after " << i << " frames";
  EXPECT_EQ(slow.wait_close(5000), 1008);
  server_->publish(1, 100000, encode_text("after"));
  EXPECT_EQ(fast.next_text(), "after");
  EXPECT_EQ(server_->stats().sockets, 1u);
}

TEST_F(CableFixture, HeldFramesCountAgainstTheQueueBound) {
  auto o = options();
  o.max_queue_bytes = 64 * 1024;
  start(o);
  RawWsClient a(server_->port());
  const uint64_t sa = open(a, 1);
  server_->begin_subscribe(sa, 2);
  for (int i = 1; i <= 10; ++i) server_->publish(2, i, encode_text(std::string(10000, 'h')));
  EXPECT_EQ(a.wait_close(), 1008);
  EXPECT_TRUE(wait_for([&] { return closed_.size() == 1; }));
  EXPECT_TRUE(eventually([&] { return server_->stats().queued_bytes == 0; }));
}

namespace {
size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}
}  // namespace

TEST_F(CableFixture, IdleSocketsStaySmall) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  const size_t n = std::min<size_t>(1000, (lim.rlim_cur - 64) / 2);
  start(options());
  // Warm up allocator arenas and the loop's buffers first.
  {
    RawWsClient warm(server_->port());
    open(warm, 1);
  }
  std::vector<std::unique_ptr<RawWsClient>> clients;
  clients.reserve(n);
  const size_t before = rss_bytes();
  for (size_t i = 0; i < n; ++i) {
    clients.push_back(std::make_unique<RawWsClient>(server_->port()));
    open(*clients.back(), static_cast<int64_t>(i + 2));
  }
  ASSERT_TRUE(wait_for([&] { return opened_.size() == n + 1; }));
  const size_t per_socket = (rss_bytes() - std::min(before, rss_bytes())) / n;
  RecordProperty("rss_bytes_per_socket", static_cast<int>(per_socket));
  // The client objects live in this process too, so this bounds server + client together.
  EXPECT_LT(per_socket, 10u * 1024) << per_socket;
  EXPECT_EQ(server_->stats().sockets, n);
}
