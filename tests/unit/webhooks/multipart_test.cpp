// Writing multipart/form-data (plugins/webhooks/multipart): what the bot API and webhook replies
// send to the rooms route must read back exactly with the SDK's parser, which that route uses.
#include "multipart.hpp"

#include <campfire/multipart.hpp>

#include <gtest/gtest.h>

namespace webhooks {
namespace {

TEST(WebhookMultipart, WritesWhatTheSdkReads) {
  std::vector<FormPart> parts{{"message[attachment]", "r\"e\nport.pdf", "application/pdf", std::string("%PDF\0\r\n--", 9)},
                              {"message[client_message_id]", std::nullopt, "", "webhook-reply-1"}};
  Multipart m = build_multipart(parts);
  auto back = cf::multipart::parse_request(m.content_type, std::string_view(m.body));
  ASSERT_TRUE(back) << back.error;
  ASSERT_EQ(back.form.parts.size(), 2u);
  const auto& file = back.form.parts[0];
  EXPECT_EQ(file.name, "message[attachment]");
  EXPECT_EQ(file.filename, "r\"eport.pdf") << "no line break can reach the header";
  EXPECT_EQ(file.content_type, "application/pdf");
  EXPECT_EQ(file.body, std::string_view("%PDF\0\r\n--", 9));
  EXPECT_EQ(back.form.parts[1].body, "webhook-reply-1");
  EXPECT_FALSE(back.form.parts[1].filename);
}

TEST(WebhookMultipart, TheBoundaryNeverOccursInAPart) {
  for (int i = 0; i < 50; ++i) {
    const std::string content = "----campfire-webhooks-" + std::to_string(i);
    Multipart m = build_multipart({{"a", std::nullopt, "", content}});
    auto boundary = cf::multipart::boundary(m.content_type);
    ASSERT_TRUE(boundary);
    EXPECT_EQ(content.find(*boundary), std::string::npos);
    auto back = cf::multipart::parse(std::string_view(m.body), *boundary);
    ASSERT_TRUE(back) << back.error;
    ASSERT_EQ(back.form.parts.size(), 1u);
    EXPECT_EQ(back.form.parts[0].body, content);
  }
}

}  // namespace
}  // namespace webhooks
