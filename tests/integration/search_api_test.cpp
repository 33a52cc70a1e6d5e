// Integration tests for plugins/search: porter stemming, scoping to the rooms you are in (a closed
// room, a direct room), edits/deletions/room deletions reflected, the newest 100 of 150 matches in
// ascending order, a hostile query corpus, recent searches, and the index catching up after the
// plugin was disabled at runtime and after rows went missing while the server was down.
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sqlite3.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace cf::test {
namespace {

using namespace std::chrono_literals;

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return out.GetString();
}

std::string message_body(std::string_view body) { return R"({"message":{"body":)" + json_string(body) + "}}"; }

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::vector<int64_t> ids_of(const rapidjson::Document& doc) {
  std::vector<int64_t> ids;
  if (!doc.IsObject() || !doc.HasMember("messages") || !doc["messages"].IsArray()) return ids;
  for (const auto& m : doc["messages"].GetArray()) ids.push_back(m["id"].GetInt64());
  return ids;
}

std::vector<std::string> recent_of(const rapidjson::Document& doc) {
  std::vector<std::string> out;
  if (!doc.IsObject() || !doc.HasMember("recent") || !doc["recent"].IsArray()) return out;
  for (const auto& q : doc["recent"].GetArray()) out.emplace_back(q.GetString());
  return out;
}

// Read-only look at the server's database, for what the API cannot show (index rows).
int64_t count_rows(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

void exec_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string why = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << why;
}

class SearchApi : public ::testing::Test {
protected:
  void SetUp() override {
    first_run(http);
    all_talk = room_id(http, "All Talk");
  }

  int64_t post(int64_t room, std::string_view body, HttpClient* as = nullptr) {
    HttpResponse r = (as ? *as : http).post("/rooms/" + std::to_string(room) + "/messages", message_body(body));
    EXPECT_EQ(r.status, 201) << r.body;
    rapidjson::Document d = r.json();
    return d.IsObject() && d.HasMember("id") ? d["id"].GetInt64() : 0;
  }
  rapidjson::Document search(std::string_view q, HttpClient* as = nullptr) {
    HttpResponse r = (as ? *as : http).get("/searches?q=" + url_encode(q));
    EXPECT_EQ(r.status, 200) << q << " -> " << r.body;
    return r.json();
  }
  std::vector<int64_t> found(std::string_view q, HttpClient* as = nullptr) { return ids_of(search(q, as)); }
  // Polls until `q` finds exactly `want` (the catch-up runs in the background after an enable).
  bool eventually_finds(std::string_view q, const std::vector<int64_t>& want) {
    for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;) {
      if (found(q) == want) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  void sign_up_bob() { sign_up(http, bob, "Bob", "bob@example.com"); }
  int64_t user_id(HttpClient& as) {
    rapidjson::Document d = as.get("/users/me/profile").json();
    return d["user"]["id"].GetInt64();
  }
  void set_search_enabled(bool on) {
    HttpResponse r = http.put("/api/plugins/search", on ? R"({"enabled":true})" : R"({"enabled":false})");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  ServerProcess server;
  HttpClient http{server.port()};
  HttpClient bob{server.port()};
  int64_t all_talk = 0;
};

TEST_F(SearchApi, StemmingFindsRunningWhenSearchingRun) {
  int64_t id = post(all_talk, "I was running late this morning");
  post(all_talk, "nothing to see here");

  rapidjson::Document d = search("run");
  EXPECT_EQ(std::string(d["query"].GetString()), "run");
  ASSERT_EQ(ids_of(d), std::vector<int64_t>{id});
  const auto& m = d["messages"][0];
  EXPECT_EQ(std::string(m["body"].GetString()), "I was running late this morning");
  EXPECT_EQ(std::string(m["plain_body"].GetString()), "I was running late this morning");
  EXPECT_EQ(m["room_id"].GetInt64(), all_talk);
  EXPECT_EQ(std::string(m["creator"]["name"].GetString()), "Admin");
  EXPECT_EQ(m["room"]["id"].GetInt64(), all_talk);
  EXPECT_EQ(std::string(m["room"]["name"].GetString()), "All Talk");
  EXPECT_TRUE(d["recent"].IsArray());
  EXPECT_EQ(found("runs"), std::vector<int64_t>{id});
  EXPECT_EQ(found("RUNNER late"), std::vector<int64_t>{}); // porter keeps "runner" apart from "run"
  EXPECT_EQ(found("running MORNING"), std::vector<int64_t>{id});
  EXPECT_EQ(found("running evening"), std::vector<int64_t>{}); // every word must match

  // Letters of other scripts are words too.
  int64_t intl = post(all_talk, "Привет из Москвы, naïve café, 東京");
  EXPECT_EQ(found("привет"), std::vector<int64_t>{intl});
  EXPECT_EQ(found("東京"), std::vector<int64_t>{intl});
  EXPECT_EQ(found("cafe"), std::vector<int64_t>{intl}); // unicode61 folds diacritics

  // No query, or nothing left after cleaning: no results, no error.
  EXPECT_EQ(ids_of(http.get("/searches").json()), std::vector<int64_t>{});
  EXPECT_EQ(found("   "), std::vector<int64_t>{});
  EXPECT_EQ(http.get("/searches").status, 200);
}

TEST_F(SearchApi, OnlyRoomsYouAreInAreSearched) {
  sign_up_bob();
  int64_t bob_id = user_id(bob);
  HttpResponse closed = http.post("/rooms/closeds", R"({"room":{"name":"Secret"}})");
  ASSERT_EQ(closed.status, 201) << closed.body;
  int64_t secret = closed.json()["id"].GetInt64();
  int64_t hidden = post(secret, "the pineapple plan");
  int64_t open = post(all_talk, "pineapple pizza is fine");

  EXPECT_EQ(found("pineapple"), (std::vector<int64_t>{hidden, open}));
  EXPECT_EQ(found("pineapple", &bob), std::vector<int64_t>{open});
  EXPECT_EQ(found("plan", &bob), std::vector<int64_t>{});

  HttpResponse added = http.put("/rooms/closeds/" + std::to_string(secret), R"({"user_ids":[)" + std::to_string(bob_id) + "]}");
  ASSERT_EQ(added.status, 200) << added.body;
  rapidjson::Document d = search("plan", &bob);
  ASSERT_EQ(ids_of(d), std::vector<int64_t>{hidden});
  EXPECT_EQ(std::string(d["messages"][0]["room"]["name"].GetString()), "Secret");

  HttpResponse removed = http.put("/rooms/closeds/" + std::to_string(secret), R"({"user_ids":[]})");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(found("plan", &bob), std::vector<int64_t>{});

  // A direct room is named after the other members, as each viewer sees it.
  HttpResponse dm = bob.post("/rooms/directs", R"({"user_ids":[)" + std::to_string(user_id(http)) + "]}");
  ASSERT_EQ(dm.status, 201) << dm.body;
  int64_t direct = dm.json()["id"].GetInt64();
  int64_t whisper = post(direct, "mango season", &bob);
  rapidjson::Document mine = search("mango");
  ASSERT_EQ(ids_of(mine), std::vector<int64_t>{whisper});
  EXPECT_EQ(std::string(mine["messages"][0]["room"]["name"].GetString()), "Bob");
  EXPECT_EQ(std::string(mine["messages"][0]["room"]["type"].GetString()), "direct");
  rapidjson::Document theirs = search("mango", &bob);
  EXPECT_EQ(std::string(theirs["messages"][0]["room"]["name"].GetString()), "Admin");
}

TEST_F(SearchApi, EditsDeletionsAndDeletedRoomsAreReflected) {
  int64_t id = post(all_talk, "an apple a day");
  ASSERT_EQ(found("apple"), std::vector<int64_t>{id});

  std::string path = "/rooms/" + std::to_string(all_talk) + "/messages/" + std::to_string(id);
  ASSERT_EQ(http.patch(path, message_body("a banana a day")).status, 200);
  EXPECT_EQ(found("apple"), std::vector<int64_t>{});
  EXPECT_EQ(found("banana"), std::vector<int64_t>{id});
  ASSERT_EQ(http.del(path).status, 204);
  EXPECT_EQ(found("banana"), std::vector<int64_t>{});

  HttpResponse room = http.post("/rooms/opens", R"({"room":{"name":"Fruit"}})");
  ASSERT_EQ(room.status, 201) << room.body;
  int64_t fruit = room.json()["id"].GetInt64();
  int64_t kiwi = post(fruit, "kiwi smoothie");
  ASSERT_EQ(found("kiwi"), std::vector<int64_t>{kiwi});
  ASSERT_EQ(http.del("/rooms/" + std::to_string(fruit)).status, 204);
  EXPECT_EQ(found("kiwi"), std::vector<int64_t>{});
  EXPECT_EQ(count_rows(server.db_path(), "SELECT count(*) FROM message_search_index"), 0);

  // HTML bodies are indexed without their tags (plain_body when the rooms plugin provides it).
  int64_t rich = post(all_talk, "<p>bold <strong>claims</strong> &amp; more</p>");
  EXPECT_EQ(found("claims"), std::vector<int64_t>{rich});
  EXPECT_EQ(found("strong"), std::vector<int64_t>{});
}

TEST_F(SearchApi, NewestHundredOfOneHundredFiftyMatchesInAscendingOrder) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 150; ++i) ids.push_back(post(all_talk, "match number " + std::to_string(i)));
  post(all_talk, "something else");
  std::vector<int64_t> got = found("match");
  EXPECT_EQ(got, std::vector<int64_t>(ids.end() - 100, ids.end()));
}

TEST_F(SearchApi, HostileQueriesNeverBreakTheSearch) {
  int64_t id = post(all_talk, "the quick brown fox runs");
  const std::vector<int64_t> just{id};
  const std::vector<int64_t> none;

  struct Case {
    std::string q;
    std::vector<int64_t> want;
  };
  const std::vector<Case> cases = {
      {R"("quick")", just},       {R"(")", none},          {R"("")", none},
      {R"(""quick)", just},       {")(", none},            {"(quick", just},
      {"quick)", just},           {"NEAR(quick fox)", none}, {"NEAR(quick", none},
      {"quick*", just},           {"*", none},             {"^quick", just},
      {"body:quick", none},       {"{body}: quick", none}, {"col:quick", none},
      {"quick AND fox", none},    {"quick OR zebra", none}, {"NOT zebra", none},
      {"quick NOT", none},        {"- quick", just},       {"+quick", just},
      {"quick' OR '1'='1", none}, {"quick; DROP TABLE messages; --", none},
      {"\\quick\\", just},        {"quick\tfox\nruns", just}, {std::string("quick\0fox", 9), just},
      {"🦊 quick", just},         {"quick_", just},        {"a\"b\"c", none},
      {"running foxes", just},
  };
  for (const auto& c : cases) {
    HttpResponse get = http.get("/searches?q=" + url_encode(c.q));
    ASSERT_EQ(get.status, 200) << "GET " << c.q << " -> " << get.body;
    EXPECT_EQ(ids_of(get.json()), c.want) << "GET " << c.q;
    HttpResponse posted = http.post("/searches", R"({"q":)" + json_string(c.q) + "}");
    ASSERT_EQ(posted.status, 200) << "POST " << c.q << " -> " << posted.body;
    EXPECT_EQ(ids_of(posted.json()), c.want) << "POST " << c.q;
  }

  // NUL through a percent escape, operators spelled out.
  EXPECT_EQ(ids_of(http.get("/searches?q=quick%00fox").json()), just);
  EXPECT_EQ(ids_of(http.get("/searches?q=%22quick%22%20OR%20%22zebra%22").json()), none);

  // Too long: refused with 422 (POST), or by the HTTP layer before us (a 10 KB request line).
  std::string big(10 * 1024, 'a');
  EXPECT_EQ(http.post("/searches", R"({"q":")" + big + "\"}").status, 422);
  int long_get = http.get("/searches?q=" + big).status;
  EXPECT_TRUE(long_get == 414 || long_get == 422) << long_get;
  EXPECT_EQ(http.get("/searches?q=" + std::string(257, 'a')).status, 422);
  EXPECT_EQ(http.get("/searches?q=" + std::string(256, 'a')).status, 200);

  // Invalid UTF-8 and wrong types.
  EXPECT_EQ(http.get("/searches?q=%FF%FEquick").status, 400);
  EXPECT_EQ(http.get("/searches?q=%C0%80").status, 400);
  EXPECT_EQ(http.post("/searches", R"({"q":7})").status, 400);
  EXPECT_EQ(http.post("/searches", R"({})").status, 400);
  HttpResponse form = http.request("POST", "/searches", "q=quick%20fox",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(ids_of(form.json()), just);

  // The server is still fine.
  EXPECT_EQ(found("quick"), just);
}

TEST_F(SearchApi, RecentSearchesKeepTenDistinctMostRecentFirst) {
  for (int i = 1; i <= 12; ++i) ASSERT_EQ(http.post("/searches", R"({"q":"query )" + std::to_string(i) + "\"}").status, 200);
  std::vector<std::string> want;
  for (int i = 12; i >= 3; --i) want.push_back("query " + std::to_string(i));
  EXPECT_EQ(recent_of(http.get("/searches/recent").json()), want);

  // Searching again moves a query to the top; the cleaned form is what counts ("query, 5!").
  HttpResponse again = http.post("/searches", R"({"q":"query, 5!"})");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(std::string(again.json()["query"].GetString()), "query 5");
  want.erase(std::find(want.begin(), want.end(), "query 5"));
  want.insert(want.begin(), "query 5");
  EXPECT_EQ(recent_of(again.json()), want);

  // GET searches record nothing; blank POSTs neither.
  EXPECT_EQ(recent_of(search("something new")), want);
  ASSERT_EQ(http.post("/searches", R"({"q":"?!"})").status, 200);
  EXPECT_EQ(recent_of(http.get("/searches/recent").json()), want);

  // Per user.
  sign_up_bob();
  EXPECT_EQ(recent_of(bob.get("/searches/recent").json()), std::vector<std::string>{});
  ASSERT_EQ(bob.post("/searches", R"({"q":"bobs query"})").status, 200);

  EXPECT_EQ(http.del("/searches/clear").status, 204);
  EXPECT_EQ(recent_of(http.get("/searches/recent").json()), std::vector<std::string>{});
  EXPECT_EQ(recent_of(bob.get("/searches/recent").json()), std::vector<std::string>{"bobs query"});

  // A user without a session gets nothing.
  HttpClient stranger(server.port());
  EXPECT_EQ(stranger.get("/searches?q=query").status, 401);
  EXPECT_EQ(stranger.get("/searches/recent").status, 401);
}

TEST_F(SearchApi, DisabledWhileMessagesFlowThenCaughtUpOnEnable) {
  int64_t kept = post(all_talk, "apple crumble");
  int64_t edited = post(all_talk, "apple pie");
  int64_t removed = post(all_talk, "apple tart");
  HttpResponse room = http.post("/rooms/opens", R"({"room":{"name":"Doomed"}})");
  ASSERT_EQ(room.status, 201);
  int64_t doomed = room.json()["id"].GetInt64();
  int64_t doomed_message = post(doomed, "apple strudel");
  ASSERT_EQ(found("apple"), (std::vector<int64_t>{kept, edited, removed, doomed_message}));

  set_search_enabled(false);
  EXPECT_EQ(http.get("/searches?q=apple").status, 404);
  int64_t fresh = post(all_talk, "zucchini bread");
  std::string base = "/rooms/" + std::to_string(all_talk) + "/messages/";
  ASSERT_EQ(http.patch(base + std::to_string(edited), message_body("pear pie")).status, 200);
  ASSERT_EQ(http.del(base + std::to_string(removed)).status, 204);
  ASSERT_EQ(http.del("/rooms/" + std::to_string(doomed)).status, 204);

  set_search_enabled(true);
  EXPECT_TRUE(eventually_finds("zucchini", {fresh}));
  EXPECT_TRUE(eventually_finds("pear", {edited}));
  EXPECT_EQ(found("apple"), std::vector<int64_t>{kept});
  // The rows of the deleted message and room are gone from the index itself.
  for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline;) {
    if (count_rows(server.db_path(), "SELECT count(*) FROM message_search_index") == 3) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(count_rows(server.db_path(), "SELECT count(*) FROM message_search_index"), 3);
  EXPECT_EQ(count_rows(server.db_path(), "SELECT count(*) FROM message_search_index WHERE rowid IN (" +
                                             std::to_string(removed) + "," + std::to_string(doomed_message) + ")"),
            0);

  // Live again: new messages are indexed by the hooks.
  int64_t later = post(all_talk, "zucchini soup");
  EXPECT_EQ(found("zucchini"), (std::vector<int64_t>{fresh, later}));
}

TEST_F(SearchApi, BootCatchUpRebuildsMissingRows) {
  int64_t a = post(all_talk, "lost and found");
  int64_t b = post(all_talk, "found again");
  server.stop();
  exec_sql(server.db_path(), "DELETE FROM message_search_index; DELETE FROM search_index_state;");
  server.start(); // same ports and data: `http` reconnects with its session
  EXPECT_TRUE(eventually_finds("found", {a, b}));
}

TEST_F(SearchApi, DeactivationClearsRecentSearches) {
  sign_up_bob();
  int64_t bob_id = user_id(bob);
  ASSERT_EQ(bob.post("/searches", R"({"q":"before leaving"})").status, 200);
  HttpResponse r = http.del("/account/users/" + std::to_string(bob_id));
  ASSERT_TRUE(r.status == 200 || r.status == 204) << r.status << " " << r.body;
  EXPECT_EQ(count_rows(server.db_path(), "SELECT count(*) FROM search_recent_queries WHERE user_id = " +
                                             std::to_string(bob_id)),
            0);
}

}  // namespace
}  // namespace cf::test
