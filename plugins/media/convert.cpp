// Settings and the bounded image conversion the upload routes share.
#include "images_loader.hpp"
#include "parts.hpp"

#include <atomic>
#include <chrono>
#include <semaphore>
#include <string>

namespace media {
namespace {

constexpr size_t kDefaultMaxUpload = 10 * 1024 * 1024;
std::atomic<size_t> g_max_upload{kDefaultMaxUpload};
std::counting_semaphore<2> g_slots{2};

struct Slot {
    bool held;
    Slot() : held(g_slots.try_acquire_for(std::chrono::seconds(10))) {}
    ~Slot() { if (held) g_slots.release(); }
};

} // namespace

size_t max_upload_bytes() { return g_max_upload.load(); }

void read_settings(cf_ctx* ctx) {
    auto v = cf::to_int(cf::view(cf_config_get(ctx, "CF_MEDIA_MAX_UPLOAD_BYTES")));
    g_max_upload = v && *v > 0 ? static_cast<size_t>(*v) : kDefaultMaxUpload;
}

Squares convert_upload(cf_ctx* ctx, std::string_view bytes, const std::vector<int>& sides, Encoding encoding) {
    Slot slot;
    if (!slot.held) {
        Squares busy;
        busy.status = 503;
        busy.error = "the server is busy with other images; try again";
        return busy;
    }
    const ImagesModule& images = images_module(ctx);
    if (!images.ok) {
        Squares unavailable;
        unavailable.status = 503;
        unavailable.error = "image processing is unavailable on this server";
        return unavailable;
    }
    Squares out = images.square_images(bytes, sides, encoding);
    if (out.status != 0)
        cf::log(ctx, out.status >= 500 ? CF_LOG_ERROR : CF_LOG_INFO,
                "media: image refused (" + std::to_string(out.status) + "): " + out.error +
                    (out.detail.empty() ? "" : ": " + out.detail));
    return out;
}

} // namespace media
