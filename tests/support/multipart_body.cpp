#include "tests/support/multipart_body.h"

namespace cf::test {

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string multipart_body(const std::vector<FormPart>& parts, std::string_view boundary) {
  std::string body;
  for (const auto& p : parts) {
    body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=").append(quoted(p.name));
    if (p.filename) body.append("; filename=").append(quoted(*p.filename));
    body.append("\r\n");
    if (!p.content_type.empty()) body.append("Content-Type: ").append(p.content_type).append("\r\n");
    body.append("\r\n").append(p.content).append("\r\n");
  }
  body.append("--").append(boundary).append("--\r\n");
  return body;
}

std::string multipart_type(std::string_view boundary) {
  return "multipart/form-data; boundary=" + std::string(boundary);
}

}  // namespace cf::test
