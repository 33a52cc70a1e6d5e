// One keep-alive HTTP/1.1 connection to the server under test, with a cookie jar.
#pragma once

#include "tests/support/cookie_jar.h"
#include "tests/support/http_response.h"
#include "tests/support/socket.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Not thread-safe: one client per thread. A timeout or lost connection yields status 0.
class HttpClient {
public:
  explicit HttpClient(uint16_t port);

  HttpResponse get(std::string_view path) { return request("GET", path, {}); }
  HttpResponse post(std::string_view path, std::string_view body = {}) { return request("POST", path, body); }
  HttpResponse put(std::string_view path, std::string_view body = {}) { return request("PUT", path, body); }
  HttpResponse patch(std::string_view path, std::string_view body = {}) { return request("PATCH", path, body); }
  HttpResponse del(std::string_view path) { return request("DELETE", path, {}); }
  // Explicit headers win over the defaults (Host, Connection, Origin, Cookie, Accept, Content-Type).
  HttpResponse request(std::string_view method, std::string_view path, std::string_view body, Headers headers = {});
  // Sends exactly these bytes on a fresh connection and reads one response.
  HttpResponse raw(std::string_view bytes);

  std::string cookie_header() const { return jar_.header(); }
  void set_cookie(std::string name, std::string value) { jar_.set(std::move(name), std::move(value)); }
  void clear_cookies() { jar_.clear(); }
  // Shares another client's session (e.g. many bench connections as one user).
  void copy_cookies_from(const HttpClient& other) { jar_ = other.jar_; }
  void set_origin(std::string origin) { origin_ = std::move(origin); }  // "" omits the header
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  uint16_t port() const { return port_; }

private:
  std::string build(std::string_view method, std::string_view path, std::string_view body, const Headers& headers) const;
  HttpResponse exchange(const std::string& bytes, bool head_only);
  void remember_cookies(const HttpResponse& response);

  uint16_t port_;
  std::string origin_;
  std::chrono::milliseconds timeout_{10000};
  CookieJar jar_;
  UniqueFd fd_;
  std::string buffer_;  // bytes received but not yet consumed
};

}  // namespace cf::test
