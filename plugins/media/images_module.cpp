#include "images_module.hpp"

#include <mutex>

extern "C" const media::ImagesModule* campfire_media_images(const char* logo_svg, size_t logo_len, int large, int small) {
    static media::ImagesModule module;
    static std::once_flag once;
    std::call_once(once, [&] {
        if (!media::start_vips(&module.error)) return;
        // The SVG loader is still open here; block_untrusted_loaders() closes it for good.
        media::Squares drawn = media::render_own_svg(std::string_view(logo_svg, logo_len), {large, small});
        if (drawn.status == 0) module.logo = {std::move(drawn.images[0]), std::move(drawn.images[1])};
        else module.logo_detail = drawn.detail.empty() ? drawn.error : drawn.detail;
        media::block_untrusted_loaders();
        module.square_images = &media::square_images;
        module.ok = true;
    });
    return &module;
}
