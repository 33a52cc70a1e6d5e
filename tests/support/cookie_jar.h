// The client's cookies: what Set-Cookie headers set, sent back as one Cookie header.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf::test {

class CookieJar {
public:
  // Applies one Set-Cookie value; Max-Age <= 0 or an Expires in the past deletes the cookie.
  void absorb(std::string_view set_cookie);
  void set(std::string name, std::string value);
  void erase(std::string_view name);
  void clear() { cookies_.clear(); }
  // "a=1; b=2" in the order the cookies were first set; "" when empty.
  std::string header() const;

private:
  std::vector<std::pair<std::string, std::string>> cookies_;
};

}  // namespace cf::test
