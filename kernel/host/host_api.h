// The function table every plugin receives.
#pragma once

#include <campfire/plugin.h>

namespace cf {

const cf_host_api* host_api();

} // namespace cf
