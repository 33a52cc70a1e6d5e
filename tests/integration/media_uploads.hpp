// Helpers the media plugin's integration tests share: upload a file as a browser form would, and
// the signed-in user's id.
#pragma once

#include "tests/support/support.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace cf::test {

// `method path` with a one-file multipart form: field `field`, the file's name and type as given.
inline HttpResponse upload(HttpClient& http, std::string_view method, std::string_view path, std::string_view field,
                           std::string bytes, std::string filename = "picture.png",
                           std::string type = "image/png") {
  std::string body = multipart_body({{std::string(field), std::move(bytes), std::move(filename), std::move(type)}});
  return http.request(method, path, body, {{"Content-Type", multipart_type()}});
}

inline int64_t my_id(HttpClient& http) {
  HttpResponse r = http.get("/users/me/profile");
  auto doc = r.json();
  if (r.status != 200 || !doc.HasMember("user") || !doc["user"].HasMember("id"))
    throw std::runtime_error("GET /users/me/profile answered " + std::to_string(r.status) + ": " + r.body);
  return doc["user"]["id"].GetInt64();
}

// A GIF, an SVG and an HTML page: what must never pass as an image we decode.
inline const std::string& tiny_gif() {
  static const std::string gif("GIF89a\x01\x00\x01\x00\x80\x00\x00\xFF\xFF\xFF\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01"
                               "\x00\x00\x02\x02\x44\x01\x00;", 35);
  return gif;
}
inline constexpr std::string_view kSvgFile = R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>)";
inline constexpr std::string_view kHtmlFile = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";

}  // namespace cf::test
