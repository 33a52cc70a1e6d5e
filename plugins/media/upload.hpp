// Finds the uploaded image in a request: a file field of a multipart/form-data body (Campfire's
// forms send `user[avatar]` or `account[logo]`), or the whole body sent with an image type.
#pragma once

#include <initializer_list>
#include <string_view>

namespace media {

struct Upload {
    std::string_view bytes;      // a view into the request body
    int status = 0;              // 0, or the HTTP status to answer
    const char* error = nullptr; // static text
};

// `fields`: the multipart field names accepted, first match wins. A body over `max_bytes` is 413.
Upload find_upload(std::string_view content_type, std::string_view body, std::initializer_list<std::string_view> fields,
                   size_t max_bytes);

} // namespace media
