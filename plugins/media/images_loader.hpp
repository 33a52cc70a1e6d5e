// Loads the libvips half of the plugin (images_module.hpp) on first use, from beside media.so.
#pragma once

#include "images_module.hpp"

#include <campfire/plugin.hpp>

namespace media {

// The module, loaded and started once (thread-safe; the first call takes ~150 ms). When it cannot
// be loaded, `ok` is false and `error` says why (logged once).
const ImagesModule& images_module(cf_ctx* ctx);

} // namespace media
