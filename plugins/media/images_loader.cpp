#include "images_loader.hpp"

#include "drawn_svgs.hpp"

#include <dlfcn.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>

namespace media {
namespace {

constexpr int kLogoLarge = 512, kLogoSmall = 192;

// The directory media.so was loaded from.
std::filesystem::path own_directory() {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&own_directory), &info) || !info.dli_fname) return {};
    return std::filesystem::path(info.dli_fname).parent_path();
}

const ImagesModule* load(std::string* error) {
    const std::filesystem::path file = own_directory() / kImagesModuleFile;
    // Never closed: libvips keeps threads and global state that cannot outlive its code.
    void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
        const char* why = dlerror();
        *error = "cannot load " + file.string() + ": " + (why ? why : "unknown error");
        return nullptr;
    }
    auto entry = reinterpret_cast<ImagesModuleEntry>(dlsym(handle, kImagesModuleEntry));
    if (!entry) {
        *error = file.string() + " has no " + kImagesModuleEntry;
        return nullptr;
    }
    const std::string svg = default_logo_svg();
    return entry(svg.data(), svg.size(), kLogoLarge, kLogoSmall);
}

} // namespace

const ImagesModule& images_module(cf_ctx* ctx) {
    static ImagesModule unavailable;
    static const ImagesModule* module = nullptr;
    static std::once_flag once;
    std::call_once(once, [ctx] {
        const auto started = std::chrono::steady_clock::now();
        module = load(&unavailable.error);
        if (!module) {
            module = &unavailable;
        } else if (module->ok) {
            const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
            cf::log(ctx, CF_LOG_INFO, "media: libvips started in " + std::to_string(static_cast<int>(ms)) + " ms");
            if (!module->logo_detail.empty())
                cf::log(ctx, CF_LOG_WARN, "media: could not render the default logo (" + module->logo_detail + "); serving it as SVG");
            return;
        }
        cf::log(ctx, CF_LOG_ERROR, "media: images are unavailable: " + module->error);
    });
    return *module;
}

} // namespace media
