// One HTTP response as a test sees it.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cf::test {

struct HttpResponse {
  int status = 0;  // 0: no response (timeout, refused, connection lost)
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased, in arrival order
  std::string body;

  // The parsed body; an empty object when it is not valid JSON.
  rapidjson::Document json() const;
  // The first header of that name (case-insensitive); "" if absent.
  std::string header(std::string_view name) const;
};

// ASCII case-insensitive equality, for header names and tokens.
bool iequals(std::string_view a, std::string_view b);
// Without the optional white space (spaces, tabs, a stray CR) around a header field or attribute.
std::string_view trim_ows(std::string_view s);

}  // namespace cf::test
