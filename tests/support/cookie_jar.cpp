#include "tests/support/cookie_jar.h"

#include "tests/support/http_response.h"

#include <charconv>
#include <ctime>

namespace cf::test {

namespace {

// Expires uses the IMF-fixdate form ("Thu, 01 Jan 1970 00:00:00 GMT"); unparsable means "not expired".
bool expired(std::string_view date) {
  std::tm tm{};
  std::string text(date);
  if (!::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) return false;
  return ::timegm(&tm) <= std::time(nullptr);
}

}  // namespace

void CookieJar::absorb(std::string_view set_cookie) {
  size_t semi = set_cookie.find(';');
  std::string_view pair = trim_ows(set_cookie.substr(0, semi));
  size_t eq = pair.find('=');
  if (eq == std::string_view::npos || eq == 0) return;
  std::string name(trim_ows(pair.substr(0, eq)));
  std::string value(trim_ows(pair.substr(eq + 1)));

  // Max-Age wins over Expires (RFC 6265 §5.3).
  bool has_max_age = false, max_age_gone = false, expires_gone = false;
  std::string_view attrs = semi == std::string_view::npos ? std::string_view{} : set_cookie.substr(semi + 1);
  while (!attrs.empty()) {
    size_t next = attrs.find(';');
    std::string_view attr = trim_ows(attrs.substr(0, next));
    attrs = next == std::string_view::npos ? std::string_view{} : attrs.substr(next + 1);
    size_t attr_eq = attr.find('=');
    std::string_view key = trim_ows(attr.substr(0, attr_eq));
    std::string_view val = attr_eq == std::string_view::npos ? std::string_view{} : trim_ows(attr.substr(attr_eq + 1));
    if (iequals(key, "max-age")) {
      long seconds = 0;
      auto [p, ec] = std::from_chars(val.data(), val.data() + val.size(), seconds);
      if (ec == std::errc()) {
        has_max_age = true;
        max_age_gone = seconds <= 0;
      }
    } else if (iequals(key, "expires")) {
      expires_gone = expired(val);
    }
  }
  if (has_max_age ? max_age_gone : expires_gone)
    erase(name);
  else
    set(std::move(name), std::move(value));
}

void CookieJar::set(std::string name, std::string value) {
  for (auto& [key, existing] : cookies_)
    if (key == name) {
      existing = std::move(value);
      return;
    }
  cookies_.emplace_back(std::move(name), std::move(value));
}

void CookieJar::erase(std::string_view name) {
  std::erase_if(cookies_, [&](const auto& cookie) { return cookie.first == name; });
}

std::string CookieJar::header() const {
  std::string out;
  for (const auto& [name, value] : cookies_) {
    if (!out.empty()) out += "; ";
    out += name + "=" + value;
  }
  return out;
}

}  // namespace cf::test
