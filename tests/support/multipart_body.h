// multipart/form-data request bodies as a browser sends them, for upload tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cf::test {

struct FormPart {
  std::string name;
  std::string content;
  std::optional<std::string> filename;  // set for a file field
  std::string content_type;             // "" leaves the header out
};

inline constexpr std::string_view kTestBoundary = "----cfTestBoundary5d1e3a90";

// The body, CRLF-framed; names and filenames quoted with `"` and `\` escaped.
std::string multipart_body(const std::vector<FormPart>& parts, std::string_view boundary = kTestBoundary);

// "multipart/form-data; boundary=<boundary>".
std::string multipart_type(std::string_view boundary = kTestBoundary);

}  // namespace cf::test
