#include "upload.hpp"

#include <campfire/multipart.hpp>

#include <string>

namespace media {
namespace {

Upload refuse(int status, const char* why) { return Upload{{}, status, why}; }

std::string media_type(std::string_view content_type) {
    std::string_view t = content_type.substr(0, content_type.find(';'));
    std::string out;
    for (char c : t)
        if (c != ' ' && c != '\t') out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return out;
}

} // namespace

Upload find_upload(std::string_view content_type, std::string_view body, std::initializer_list<std::string_view> fields,
                   size_t max_bytes) {
    // Room for the form's other fields and framing; the image itself is measured below.
    if (body.size() > max_bytes + 64 * 1024) return refuse(413, "the image is too large");
    std::string type = media_type(content_type);
    std::string_view bytes;
    if (type == "multipart/form-data") {
        auto form = cf::multipart::parse_request(content_type, body);
        if (!form) return refuse(400, form.error);
        const cf::multipart::Part* part = nullptr;
        for (std::string_view name : fields)
            if (!part) part = form.form.find(name);
        if (!part) return refuse(422, "the form has no image field");
        bytes = part->body;
    } else if (type == "image/png" || type == "image/jpeg" || type == "image/webp" || type == "application/octet-stream") {
        bytes = body;
    } else {
        return refuse(415, "send the image as multipart/form-data or as the body with its image type");
    }
    if (bytes.empty()) return refuse(422, "the image is empty");
    if (bytes.size() > max_bytes) return refuse(413, "the image is too large");
    return Upload{bytes, 0, nullptr};
}

} // namespace media
