// Running "message.present" over the messages a read returns (see message_present.hpp).
#include "message_present.hpp"

#include "input.hpp"

namespace rooms {

std::string present_messages(cf_ctx* ctx, const cf_user& viewer, const std::vector<Message>& messages) {
    cf::Json list;
    list.arr([&] {
        for (const auto& m : messages) write_message(list, m);
    });
    std::string array(list.text());
    std::string payload = "{\"user_id\":" + std::to_string(viewer.id) + ",\"messages\":" + array + "}";
    auto presented = cf::run_hooks(ctx, "message.present", CF_PHASE_TRANSFORM, payload, &viewer);
    if (presented.status != CF_OK || !presented.payload) return array;

    rapidjson::Document doc;
    const rapidjson::Value* out = cf::parse_json(doc, *presented.payload) ? member(doc, "messages") : nullptr;
    bool usable = out && out->IsArray() && out->Size() == messages.size();
    for (rapidjson::SizeType i = 0; usable && i < out->Size(); ++i) usable = (*out)[i].IsObject();
    if (!usable) {
        cf::log(ctx, CF_LOG_WARN, "rooms: a message.present hook returned something unusable; ignored");
        return array;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    out->Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace rooms
