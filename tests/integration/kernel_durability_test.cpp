// An acknowledged write survives the process dying: kill -9 (and SIGTERM) during a burst of
// posts, then a restart in which every message that got a 2xx is present.
#include "tests/support/support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

// Posts from `posters` threads until the server stops answering; returns the acknowledged ids.
std::set<std::string> burst(ServerProcess& server, HttpClient& admin, int64_t room, int posters,
                            std::atomic<int>& acked, const std::function<void()>& at_midpoint) {
    std::mutex mu;
    std::set<std::string> ok;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    std::string path = "/rooms/" + std::to_string(room) + "/messages";
    for (int p = 0; p < posters; ++p) {
        threads.emplace_back([&] {
            HttpClient http(server.port());
            http.copy_cookies_from(admin);
            http.set_timeout(3s);
            int misses = 0;
            while (!stop.load() && misses < 3) {
                std::string id = unique_id();
                auto r = http.post(path, R"({"message":{"body":"burst","client_message_id":")" + id + "\"}}");
                if (r.status == 201) {
                    std::lock_guard lock(mu);
                    ok.insert(id);
                    acked.fetch_add(1);
                } else {
                    ++misses; // the server is gone
                }
            }
        });
    }
    while (acked.load() < 300) std::this_thread::sleep_for(1ms);
    at_midpoint();
    stop = true;
    for (auto& t : threads) t.join();
    return ok;
}

std::set<std::string> stored_client_ids(HttpClient& http, int64_t room) {
    // Newest page first, then back through `before` until nothing is older.
    std::set<std::string> ids;
    std::string path = "/rooms/" + std::to_string(room) + "/messages";
    std::string query;
    for (;;) {
        auto page = http.get(path + query).json();
        const auto& list = page["messages"];
        if (!list.IsArray() || list.Empty()) break;
        int64_t oldest = INT64_MAX;
        for (const auto& m : list.GetArray()) {
            ids.insert(m["client_message_id"].GetString());
            oldest = std::min(oldest, m["id"].GetInt64());
        }
        query = "?before=" + std::to_string(oldest);
    }
    return ids;
}

void expect_all_present(const std::set<std::string>& acked, const std::set<std::string>& stored) {
    size_t missing = 0;
    for (const auto& id : acked)
        if (!stored.count(id)) ++missing;
    EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged messages";
}

TEST(Durability, KillNineDuringABurstLosesNoAcknowledgedMessage) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    int64_t room = room_id(admin);
    std::atomic<int> acked{0};
    auto ok = burst(server, admin, room, 8, acked, [&] { server.kill9(); });
    ASSERT_GE(ok.size(), 300u);
    server.start();
    expect_all_present(ok, stored_client_ids(admin, room));
}

TEST(Durability, SigtermFinishesAcknowledgedWritesAndRestarts) {
    ServerProcess server;
    HttpClient admin(server.port());
    first_run(admin);
    int64_t room = room_id(admin);
    std::atomic<int> acked{0};
    auto ok = burst(server, admin, room, 8, acked, [&] { server.stop(); });
    ASSERT_GE(ok.size(), 300u);
    server.start();
    auto stored = stored_client_ids(admin, room);
    expect_all_present(ok, stored);
}

} // namespace
} // namespace cf::test
