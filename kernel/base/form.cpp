#include "kernel/base/form.h"

#include "kernel/base/strings.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <vector>

namespace cf {

namespace {

constexpr size_t kMaxDepth = 8;

// "a[b][]" -> {"a","b",""}; nullopt when the brackets are malformed.
std::optional<std::vector<std::string>> key_path(const std::string& key) {
    std::vector<std::string> parts;
    size_t open = key.find('[');
    parts.push_back(key.substr(0, open));
    if (parts[0].empty()) return std::nullopt;
    while (open != std::string::npos) {
        size_t close = key.find(']', open);
        if (close == std::string::npos) return std::nullopt;
        parts.push_back(key.substr(open + 1, close - open - 1));
        open = close + 1;
        if (open == key.size()) break;
        if (key[open] != '[') return std::nullopt;
    }
    if (parts.size() > kMaxDepth) return std::nullopt;
    return parts;
}

} // namespace

std::optional<std::string> form_to_json(std::string_view body) {
    auto pairs = parse_query(body);
    if (!pairs) return std::nullopt;
    rapidjson::Document doc;
    doc.SetObject();
    auto& alloc = doc.GetAllocator();
    for (auto& [key, value] : *pairs) {
        auto path = key_path(key);
        if (!path) return std::nullopt;
        rapidjson::Value* node = &doc;
        for (size_t i = 0; i < path->size(); ++i) {
            const std::string& part = (*path)[i];
            bool last = i + 1 == path->size();
            bool next_is_array = !last && (*path)[i + 1].empty();
            if (part.empty()) { // "[]": append to an array
                if (!node->IsArray()) return std::nullopt;
                if (last) {
                    node->PushBack(rapidjson::Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc), alloc);
                } else {
                    node->PushBack(rapidjson::Value(rapidjson::kObjectType), alloc);
                    node = &(*node)[node->Size() - 1];
                }
                continue;
            }
            if (!node->IsObject()) return std::nullopt;
            // Lengths, not c_str(): a decoded key may hold "\0".
            // (A Value, because a bare StringRef converts to const char* and picks strlen.)
            rapidjson::Value name(rapidjson::StringRef(part.data(), static_cast<rapidjson::SizeType>(part.size())));
            auto it = node->FindMember(name);
            if (it == node->MemberEnd()) {
                rapidjson::Value child;
                if (last) child.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc);
                else if (next_is_array) child.SetArray();
                else child.SetObject();
                node->AddMember(rapidjson::Value(part.c_str(), static_cast<rapidjson::SizeType>(part.size()), alloc), child, alloc);
                node = &(node->MemberEnd() - 1)->value; // the member just added
            } else if (last) {
                it->value.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc); // last wins
            } else {
                node = &it->value;
            }
        }
    }
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator,
                      rapidjson::kWriteValidateEncodingFlag>
        w(buf);
    if (!doc.Accept(w)) return std::nullopt; // invalid UTF-8 in a value
    return std::string(buf.GetString(), buf.GetSize());
}

} // namespace cf
