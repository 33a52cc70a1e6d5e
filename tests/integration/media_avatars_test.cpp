// The media plugin's avatars against the real binary: real PNG, JPEG and WebP uploads come back as
// 512×512 WebP; other files (whatever they claim to be) are refused; the initials SVG (escaped,
// coloured by CRC32 of the id) and the bot picture stand in without an upload; deleting, the
// size limits, permissions, validators, and switching the plugin off and on at runtime.
#include "plugins/media/drawn_svgs.hpp"
#include "tests/integration/media_uploads.hpp"
#include "tests/support/pictures.hpp"
#include "tests/support/support.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <zlib.h>

#include <string>

namespace cf::test {
namespace {

namespace pic = pictures;

std::string avatar_path(int64_t id) { return "/users/" + std::to_string(id) + "/avatar"; }

std::string_view expected_colour(int64_t id) {
  std::string s = std::to_string(id);
  uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()));
  return media::kPalette[crc % 18];
}

class Avatars : public ::testing::Test {
 protected:
  void SetUp() override {
    first_run(admin, "Admin Person");
    sign_up(admin, bea, "Bea Smith", "bea@example.com");
    admin_id = my_id(admin);
    bea_id = my_id(bea);
  }

  void expect_webp_square(const HttpResponse& r) {
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
    EXPECT_EQ(r.header("content-type"), "image/webp");
    auto facts = pic::probe(r.body);
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->loader, "webpload_buffer");
    EXPECT_EQ(facts->width, 512);
    EXPECT_EQ(facts->height, 512);
  }

  ServerProcess server;
  HttpClient admin{server.port()};
  HttpClient bea{server.port()};
  int64_t admin_id = 0, bea_id = 0;
};

TEST_F(Avatars, InitialsSvgWithoutAnUpload) {
  HttpResponse r = admin.get(avatar_path(bea_id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "image/svg+xml");
  EXPECT_EQ(r.header("cache-control"), "private, no-cache");
  EXPECT_FALSE(r.header("etag").empty());
  EXPECT_NE(r.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(r.body.find(">BS</text>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("aria-label=\"Bea Smith\""), std::string::npos);
  // The background is the palette colour of CRC32("<id>") % 18, and librsvg draws it.
  EXPECT_NE(r.body.find("fill=\"" + std::string(expected_colour(bea_id)) + "\""), std::string::npos);
  EXPECT_EQ(pic::pixel_hex(r.body, 2, 2), std::string(expected_colour(bea_id)));
  // Stable: the same picture again, and 304 for a client that has it.
  HttpResponse again = bea.get(avatar_path(bea_id));
  EXPECT_EQ(again.body, r.body);
  EXPECT_EQ(again.header("etag"), r.header("etag"));
  HttpResponse cached = bea.request("GET", avatar_path(bea_id), {}, {{"If-None-Match", r.header("etag")}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
}

TEST_F(Avatars, MeIsTheCurrentUser) {
  EXPECT_EQ(bea.get("/users/me/avatar").body, bea.get(avatar_path(bea_id)).body);
  EXPECT_NE(admin.get("/users/me/avatar").body, bea.get("/users/me/avatar").body);
}

TEST_F(Avatars, HostileNamesAreEscaped) {
  HttpClient eve(server.port());
  sign_up(admin, eve, "<img src=x onerror=alert(1)> & \"Eve\" </svg>", "eve@example.com");
  HttpResponse r = admin.get(avatar_path(my_id(eve)));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<img"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("</svg>"), r.body.size() - 6) << r.body; // only our own closing tag
  EXPECT_NE(r.body.find("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Eve&quot; &lt;/svg&gt;"), std::string::npos);
  auto facts = pic::probe(r.body); // well-formed: librsvg draws it
  ASSERT_TRUE(facts) << r.body;
  EXPECT_EQ(facts->width, 512);
}

TEST_F(Avatars, PngJpegAndWebpUploadsBecome512Webp) {
  struct Case {
    const char *suffix, *filename, *type;
    int w, h;
  };
  int version = 0;
  for (const Case& c : {Case{".png", "me.png", "image/png", 640, 480}, Case{".jpg", "me.jpg", "image/jpeg", 1200, 1600},
                        Case{".webp", "me.webp", "image/webp", 300, 300}}) {
    HttpResponse put = upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(c.suffix, c.w, c.h), c.filename, c.type);
    ASSERT_EQ(put.status, 200) << c.suffix << ": " << put.body;
    std::string url = put.json()["avatar_url"].GetString();
    EXPECT_EQ(url, avatar_path(bea_id) + "?v=" + std::to_string(++version));
    HttpResponse got = admin.get(url);
    expect_webp_square(got);
    EXPECT_EQ(got.header("cache-control"), "private, no-cache");
  }
}

// The unversioned URL everyone else uses (sidebar, messages, cards) is revalidated on each use:
// the admin's cached copy stays good (304) until Bea changes her avatar, then the new one comes.
TEST_F(Avatars, OthersSeeAChangedAvatarOnTheirNextRevalidation) {
  HttpResponse first = admin.get(avatar_path(bea_id));
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("cache-control"), "private, no-cache");
  std::string tag = first.header("etag");
  EXPECT_EQ(admin.request("GET", avatar_path(bea_id), {}, {{"If-None-Match", tag}}).status, 304);

  ASSERT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64)).status, 200);
  HttpResponse changed = admin.request("GET", avatar_path(bea_id), {}, {{"If-None-Match", tag}});
  ASSERT_EQ(changed.status, 200);
  expect_webp_square(changed);
  EXPECT_NE(changed.header("etag"), tag);

  ASSERT_EQ(bea.del("/users/me/avatar").status, 204);
  HttpResponse back = admin.request("GET", avatar_path(bea_id), {}, {{"If-None-Match", changed.header("etag")}});
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.header("content-type"), "image/svg+xml");
  EXPECT_EQ(back.header("etag"), tag) << "the initials again";
}

TEST_F(Avatars, PostWithTheShortFieldNameAndARawBody) {
  HttpResponse post = upload(bea, "POST", "/users/me/avatar", "avatar", pic::make(".png", 50, 80, true));
  ASSERT_EQ(post.status, 200) << post.body;
  expect_webp_square(bea.get("/users/me/avatar"));
  EXPECT_EQ(pic::probe(bea.get("/users/me/avatar").body)->bands, 4); // alpha kept

  HttpResponse raw = bea.request("PUT", "/users/me/avatar", pic::make(".jpg", 900, 300),
                                 {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(raw.status, 200) << raw.body;
  expect_webp_square(bea.get("/users/me/avatar"));
}

TEST_F(Avatars, DisguisedFilesAreRefusedAndChangeNothing) {
  std::string before = bea.get("/users/me/avatar").body;
  for (const std::string& bytes : {tiny_gif(), std::string(kSvgFile), std::string(kHtmlFile), pic::make(".tif", 20, 20)}) {
    HttpResponse r = upload(bea, "PUT", "/users/me/avatar", "user[avatar]", bytes, "innocent.png", "image/png");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(r.json().HasMember("error"));
  }
  HttpResponse broken = upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 300, 300).substr(0, 200));
  EXPECT_EQ(broken.status, 422) << broken.body;
  EXPECT_EQ(bea.get("/users/me/avatar").body, before);
}

TEST_F(Avatars, BadRequestsGetClearErrors) {
  // A form without the field, a broken form, a type we do not take, nothing at all.
  EXPECT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[name]", "Bea", "", "").status, 422);
  HttpResponse broken = bea.request("PUT", "/users/me/avatar", "--x\r\nnot a form", {{"Content-Type", "multipart/form-data; boundary=x"}});
  EXPECT_EQ(broken.status, 400);
  EXPECT_TRUE(broken.json().HasMember("error"));
  EXPECT_EQ(bea.request("PUT", "/users/me/avatar", "hello", {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(bea.request("PUT", "/users/me/avatar", "", {{"Content-Type", "application/octet-stream"}}).status, 422);
  // A body over the 10 MiB upload limit (and the kernel's request limit).
  EXPECT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", std::string(11 * 1024 * 1024, 'x')).status, 413);
}

TEST(AvatarsLimit, UploadsOverTheConfiguredSizeAre413) {
  ServerProcess server(std::vector<std::pair<std::string, std::string>>{{"CF_MEDIA_MAX_UPLOAD_BYTES", "40000"}});
  HttpClient admin(server.port());
  first_run(admin);
  std::string big = pic::make(".png", 600, 600);  // a gradient PNG this size is well over 40 kB
  ASSERT_GT(big.size(), 40000u);
  EXPECT_EQ(upload(admin, "PUT", "/users/me/avatar", "user[avatar]", big).status, 413);
  EXPECT_EQ(upload(admin, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".jpg", 100, 100)).status, 200);
}

TEST_F(Avatars, DeleteActsOnTheCurrentUser) {
  ASSERT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64)).status, 200);
  ASSERT_EQ(upload(admin, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64)).status, 200);
  // As Campfire: whatever id is in the path, it is your own avatar that goes.
  EXPECT_EQ(bea.del(avatar_path(admin_id)).status, 204);
  EXPECT_EQ(admin.get(avatar_path(bea_id)).header("content-type"), "image/svg+xml");
  EXPECT_EQ(admin.get(avatar_path(admin_id)).header("content-type"), "image/webp");
  EXPECT_EQ(bea.del("/users/me/avatar").status, 204); // again: nothing left, still fine
  // A new upload gets a newer version than the deleted one.
  HttpResponse put = upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64));
  EXPECT_EQ(std::string(put.json()["avatar_url"].GetString()), avatar_path(bea_id) + "?v=3");
}

TEST_F(Avatars, NeedsASignedInUserAndAKnownId) {
  HttpClient stranger(server.port());
  EXPECT_EQ(stranger.get(avatar_path(bea_id)).status, 401);
  EXPECT_EQ(upload(stranger, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 8, 8)).status, 401);
  EXPECT_EQ(stranger.del("/users/me/avatar").status, 401);
  EXPECT_EQ(bea.get("/users/999999/avatar").status, 404);
  EXPECT_EQ(bea.get("/users/abc/avatar").status, 404);
  EXPECT_EQ(bea.get("/users/-1/avatar").status, 404);
}

// A bot row as the bots feature would store it (no bot routes exist yet).
int64_t insert_bot(const ServerProcess& server, const char* name) {
  sqlite3* db = nullptr;
  if (sqlite3_open(server.db_path().c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open the database");
  sqlite3_busy_timeout(db, 5000);
  std::string sql = std::string("INSERT INTO users (name, role, bot_token, created_at, updated_at) VALUES ('") + name +
                    "', 2, 'tok" + name + "', datetime('now'), datetime('now'))";
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  int64_t id = sqlite3_last_insert_rowid(db);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot insert a bot");
  return id;
}

TEST_F(Avatars, BotsGetTheBotPictureUntilAnAdminUploadsOne) {
  int64_t bot = insert_bot(server, "Helper");
  HttpResponse r = bea.get(avatar_path(bot));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "image/svg+xml");
  EXPECT_NE(r.body.find("aria-label=\"Bot\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Helper"), std::string::npos); // not the initials picture
  EXPECT_TRUE(pic::probe(r.body));

  std::string path = "/account/bots/" + std::to_string(bot) + "/avatar";
  EXPECT_EQ(upload(bea, "PUT", path, "user[avatar]", pic::make(".png", 64, 64)).status, 403);
  EXPECT_EQ(upload(admin, "PUT", "/account/bots/" + std::to_string(bea_id) + "/avatar", "user[avatar]",
                   pic::make(".png", 64, 64)).status, 404);  // a person, not a bot
  ASSERT_EQ(upload(admin, "PUT", path, "user[avatar]", pic::make(".jpg", 200, 100)).status, 200);
  expect_webp_square(bea.get(avatar_path(bot)));
  EXPECT_EQ(bea.del(path).status, 403);
  EXPECT_EQ(admin.del(path).status, 204);
  EXPECT_EQ(bea.get(avatar_path(bot)).body, r.body);
}

TEST_F(Avatars, SwitchingThePluginOffAndOnAtRuntime) {
  ASSERT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64)).status, 200);
  ASSERT_EQ(admin.put("/api/plugins/media", R"({"enabled":false})").status, 200);
  EXPECT_EQ(bea.get("/users/me/avatar").status, 404);
  EXPECT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".png", 64, 64)).status, 404);
  ASSERT_EQ(admin.put("/api/plugins/media", R"({"enabled":true})").status, 200);
  expect_webp_square(bea.get("/users/me/avatar"));
  // libvips still works after the switch (it is never shut down).
  ASSERT_EQ(upload(bea, "PUT", "/users/me/avatar", "user[avatar]", pic::make(".webp", 100, 60)).status, 200);
  expect_webp_square(bea.get("/users/me/avatar"));
}

}  // namespace
}  // namespace cf::test
