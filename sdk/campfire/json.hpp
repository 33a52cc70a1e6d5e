// JSON helpers shared by the kernel and plugins: a writer and a safe parse. Header-only, RapidJSON.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string_view>

namespace cf {

// Parses with the flags DESIGN.md asks for: iterative (no stack overflow), UTF-8 validated.
inline bool parse_json(rapidjson::Document& doc, std::string_view text) {
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
    return !doc.HasParseError();
}

// Builds JSON text. w.obj([&]{ w.key("id").num(1); });
class Json {
public:
    Json() : w_(buf_) {}
    Json& key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); return *this; }
    Json& str(std::string_view v) { w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); return *this; }
    Json& num(int64_t v) { w_.Int64(v); return *this; }
    Json& boolean(bool v) { w_.Bool(v); return *this; }
    Json& null() { w_.Null(); return *this; }
    Json& raw(std::string_view json) { w_.RawValue(json.data(), json.size(), rapidjson::kObjectType); return *this; }
    template <class F> Json& obj(F&& f) { w_.StartObject(); f(); w_.EndObject(); return *this; }
    template <class F> Json& arr(F&& f) { w_.StartArray(); f(); w_.EndArray(); return *this; }
    std::string_view text() const { return {buf_.GetString(), buf_.GetSize()}; }

private:
    rapidjson::StringBuffer buf_;
    rapidjson::Writer<rapidjson::StringBuffer> w_;
};

} // namespace cf
