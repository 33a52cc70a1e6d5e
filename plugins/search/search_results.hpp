// Running a search for one user: Campfire's
//   Current.user.reachable_messages.search(query).last(100)
// i.e. FTS5 matches in rooms the user is a member of, the newest kMaxResults, oldest first, each
// as message JSON plus "room":{"id","name","type"}.
#pragma once

#include <campfire/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace search {

inline constexpr int kMaxResults = 100; // Campfire's SearchesController: .last(100)

// The JSON array of results for `words` (a cleaned query; empty gives "[]"), read on `db`.
// nullopt when the database could not answer.
std::optional<std::string> search_messages_json(cf_ctx* ctx, cf_db* db, const cf_user& user, std::string_view words);

} // namespace search
