// The kernel's one error type: an HTTP status and a message for the JSON body {"error": message}.
#pragma once

#include <string>

namespace cf {

struct ApiError {
    int status = 500;
    std::string message;
};

} // namespace cf
