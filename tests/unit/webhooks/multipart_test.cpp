// multipart/form-data reading and writing (plugins/webhooks/multipart).
#include "multipart.hpp"

#include <gtest/gtest.h>

namespace webhooks {
namespace {

TEST(WebhookMultipart, ReadsCurlsAttachmentForm) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=------------------------abc123"),
            "------------------------abc123");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"quoted b\""), "quoted b");
  EXPECT_FALSE(multipart_boundary("text/plain; boundary=x"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));

  std::string body =
      "preamble\r\n--XX\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a \\\"b\\\".txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n--XX\r\n"
      "content-disposition: form-data; name=\"note\"\r\n\r\n\r\n--XX--\r\n";
  auto parts = parse_multipart(body, "XX");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "attachment");
  EXPECT_EQ((*parts)[0].filename, "a \"b\".txt");
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[0].data, "line one\r\nline two");
  EXPECT_EQ((*parts)[1].name, "note");
  EXPECT_FALSE((*parts)[1].filename);
  EXPECT_EQ((*parts)[1].data, "");
}

TEST(WebhookMultipart, RefusesMalformedBodies) {
  EXPECT_FALSE(parse_multipart("", "XX"));
  EXPECT_FALSE(parse_multipart("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "XX"));
  EXPECT_FALSE(parse_multipart("--XX\r\nContent-Type: text/plain\r\n\r\nx\r\n--XX--", "XX"));  // no disposition
  EXPECT_FALSE(parse_multipart("--XX\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XX--", "XX"));
  EXPECT_FALSE(parse_multipart("x--XX\r\n", "XX"));
  std::string many;
  for (int i = 0; i < 65; ++i) many += "--XX\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\nv\r\n";
  EXPECT_FALSE(parse_multipart(many + "--XX--", "XX"));
}

TEST(WebhookMultipart, WritesWhatItReads) {
  std::vector<FormPart> parts{{"message[attachment]", "r\"e\nport.pdf", "application/pdf", std::string("%PDF\0\r\n--", 9)},
                              {"message[client_message_id]", std::nullopt, "", "webhook-reply-1"}};
  Multipart m = build_multipart(parts);
  auto boundary = multipart_boundary(m.content_type);
  ASSERT_TRUE(boundary);
  auto back = parse_multipart(m.body, *boundary);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "message[attachment]");
  EXPECT_EQ((*back)[0].filename, "r\"eport.pdf");  // no line break can reach the header
  EXPECT_EQ((*back)[0].content_type, "application/pdf");
  EXPECT_EQ((*back)[0].data, std::string("%PDF\0\r\n--", 9));
  EXPECT_EQ((*back)[1].data, "webhook-reply-1");
}

}  // namespace
}  // namespace webhooks
