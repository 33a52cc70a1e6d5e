// Fuzzes the request-body and query parsers the dispatcher runs on every request: form bodies
// to JSON, percent-decoding, query strings. Whatever comes out must be valid JSON / decoded text.
#include "tests/fuzz/fuzz_registry.h"

#include "kernel/base/form.h"
#include "kernel/base/strings.h"

#include <campfire/json.hpp>

#include <cstdlib>

namespace {

std::vector<std::string> seeds() {
    return {"message%5Bbody%5D=hi&message%5Bclient_message_id%5D=x",
            "user_ids%5B%5D=1&user_ids%5B%5D=2",
            "a[b][c][d][e][f][g][h][i]=deep",
            "a=1&a[b]=2&a[]=3",
            "%E2%82%AC=%F0%9F%94%A5+x",
            "=&&==&%",
            "q=%C3%28"};
}

} // namespace

CF_FUZZ_TARGET(form, seeds) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (auto json = cf::form_to_json(input)) {
        rapidjson::Document doc;
        if (!cf::parse_json(doc, *json) || !doc.IsObject()) std::abort(); // must always be a valid object
    }
    (void)cf::url_decode(input, true);
    (void)cf::parse_query(input);
    return 0;
}
