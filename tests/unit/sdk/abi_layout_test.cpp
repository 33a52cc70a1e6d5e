// The ABI contract (sdk/ABI.md) as a test: a released slot of cf_host_api, or a field of a
// released struct, never moves or changes type; constants keep their values; CF_HAS refuses a
// slot that an older (smaller) table does not have; plugin.h is valid C and C sees the same layout.
//
// The expected positions are written out here, not computed from the header: changing the header
// without changing this file (and the API level) must fail.
#include <campfire/plugin.h>

#include "abi_c_check.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace {

struct Slot {
    const char* name;
    int level;              // CF_API_LEVEL the slot arrived in
    size_t expected_offset;
    size_t actual_offset;
    bool type_ok;           // decltype of the member is exactly the released signature
};

// Slots sit after `size` and `level`, one pointer each. `size` plus `int level` padded to a
// pointer is two pointers on LP64 and ILP32 alike.
constexpr size_t kFirstSlot = 2 * sizeof(void*);
constexpr size_t at(size_t index) { return kFirstSlot + index * sizeof(void*); }

#define CF_SLOT(index, level, name, ...) \
    Slot{#name, level, at(index), offsetof(cf_host_api, name), std::is_same_v<decltype(cf_host_api::name), __VA_ARGS__>}

// Every slot ever released, in table order. Append new slots at the end, with their level.
const std::vector<Slot>& released_slots() {
    static const std::vector<Slot> slots = {
        CF_SLOT(0, 1, route_add, int (*)(cf_ctx*, const cf_route*)),
        CF_SLOT(1, 1, hook_add, int (*)(cf_ctx*, const cf_hook*)),
        CF_SLOT(2, 1, channel_add, int (*)(cf_ctx*, const cf_channel*)),
        CF_SLOT(3, 1, migration_add, int (*)(cf_ctx*, const cf_migration*)),
        CF_SLOT(4, 1, request_method, cf_str (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(5, 1, request_path, cf_str (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(6, 1, request_param, cf_str (*)(cf_ctx*, const cf_request*, const char*)),
        CF_SLOT(7, 1, request_query, cf_str (*)(cf_ctx*, const cf_request*, const char*)),
        CF_SLOT(8, 1, request_header, cf_str (*)(cf_ctx*, const cf_request*, const char*)),
        CF_SLOT(9, 1, request_body, cf_str (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(10, 1, request_json, cf_str (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(11, 1, request_user, const cf_user* (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(12, 1, request_ip, cf_str (*)(cf_ctx*, const cf_request*)),
        CF_SLOT(13, 1, response_header, int (*)(cf_ctx*, cf_response*, const char*, cf_str)),
        CF_SLOT(14, 1, response_send, int (*)(cf_ctx*, cf_response*, int, const char*, cf_str)),
        CF_SLOT(15, 1, response_error, int (*)(cf_ctx*, cf_response*, int, const char*)),
        CF_SLOT(16, 1, db_reader, cf_db* (*)(cf_ctx*)),
        CF_SLOT(17, 1, db_write,
                int (*)(cf_ctx*, int (*)(cf_ctx*, cf_db*, void*), void (*)(cf_ctx*, int, void*), void*)),
        CF_SLOT(18, 1, stmt_open, cf_stmt* (*)(cf_ctx*, cf_db*, cf_str)),
        CF_SLOT(19, 1, stmt_bind_int, int (*)(cf_ctx*, cf_stmt*, int, int64_t)),
        CF_SLOT(20, 1, stmt_bind_text, int (*)(cf_ctx*, cf_stmt*, int, cf_str)),
        CF_SLOT(21, 1, stmt_bind_null, int (*)(cf_ctx*, cf_stmt*, int)),
        CF_SLOT(22, 1, stmt_step, int (*)(cf_ctx*, cf_stmt*)),
        CF_SLOT(23, 1, stmt_column_type, int (*)(cf_ctx*, cf_stmt*, int)),
        CF_SLOT(24, 1, stmt_column_int, int64_t (*)(cf_ctx*, cf_stmt*, int)),
        CF_SLOT(25, 1, stmt_column_text, cf_str (*)(cf_ctx*, cf_stmt*, int)),
        CF_SLOT(26, 1, stmt_close, void (*)(cf_ctx*, cf_stmt*)),
        CF_SLOT(27, 1, db_last_insert_id, int64_t (*)(cf_ctx*, cf_db*)),
        CF_SLOT(28, 1, db_changes, int (*)(cf_ctx*, cf_db*)),
        CF_SLOT(29, 1, event_emit, int (*)(cf_ctx*, cf_db*, int64_t, const char*, cf_str, int64_t*)),
        CF_SLOT(30, 1, event_send_room, int (*)(cf_ctx*, int64_t, const char*, cf_str)),
        CF_SLOT(31, 1, event_send_user, int (*)(cf_ctx*, int64_t, const char*, cf_str)),
        CF_SLOT(32, 1, socket_send, int (*)(cf_ctx*, uint64_t, const char*, cf_str)),
        CF_SLOT(33, 1, room_leave, int (*)(cf_ctx*, int64_t, int64_t)),
        CF_SLOT(34, 1, hook_run, int (*)(cf_ctx*, cf_hook_args*)),
        CF_SLOT(35, 1, hook_payload, cf_str (*)(cf_ctx*, const cf_hook_call*)),
        CF_SLOT(36, 1, hook_set_payload, int (*)(cf_ctx*, cf_hook_call*, cf_str)),
        CF_SLOT(37, 1, hook_veto, int (*)(cf_ctx*, cf_hook_call*, int, const char*)),
        CF_SLOT(38, 1, hook_db, cf_db* (*)(cf_ctx*, const cf_hook_call*)),
        CF_SLOT(39, 1, hook_user, const cf_user* (*)(cf_ctx*, const cf_hook_call*)),
        CF_SLOT(40, 1, log, void (*)(cf_ctx*, int, cf_str)),
        CF_SLOT(41, 1, error, const char* (*)(cf_ctx*)),
        CF_SLOT(42, 1, free, void (*)(cf_ctx*, void*)),
        CF_SLOT(43, 1, now_ms, int64_t (*)(cf_ctx*)),
        CF_SLOT(44, 1, config_get, cf_str (*)(cf_ctx*, const char*)),
        CF_SLOT(45, 1, plugin_enabled, int (*)(cf_ctx*, const char*)),
        CF_SLOT(46, 2, dispatch, int (*)(cf_ctx*, const cf_dispatch_args*)),
        CF_SLOT(47, 2, command_add, int (*)(cf_ctx*, const cf_command*)),
        CF_SLOT(48, 2, feature_enabled, int (*)(cf_ctx*, const char*, const cf_user*, int64_t)),
    };
    return slots;
}

#undef CF_SLOT

TEST(AbiLayout, ApiLevelIsTwo) { EXPECT_EQ(CF_API_LEVEL, 2); }

TEST(AbiLayout, TableHeaderIsSizeThenLevel) {
    EXPECT_EQ(offsetof(cf_host_api, size), 0u);
    EXPECT_TRUE((std::is_same_v<decltype(cf_host_api::size), size_t>));
    EXPECT_EQ(offsetof(cf_host_api, level), sizeof(size_t));
    EXPECT_TRUE((std::is_same_v<decltype(cf_host_api::level), int>));
    EXPECT_EQ(offsetof(cf_ctx, api), 0u);
    EXPECT_TRUE((std::is_same_v<decltype(cf_ctx::api), const cf_host_api*>));
}

TEST(AbiLayout, ReleasedSlotsNeverMoveOrChangeType) {
    for (const Slot& s : released_slots()) {
        EXPECT_EQ(s.actual_offset, s.expected_offset) << "slot " << s.name << " moved";
        EXPECT_TRUE(s.type_ok) << "slot " << s.name << " changed type";
        EXPECT_GE(s.level, 1) << s.name;
        EXPECT_LE(s.level, CF_API_LEVEL) << s.name;
    }
}

TEST(AbiLayout, EverySlotIsListedAndTheTableEndsAfterTheLast) {
    // A slot added without a row above (and a level bump) fails here.
    const size_t listed = released_slots().size();
    EXPECT_EQ(sizeof(cf_host_api), at(listed)) << "cf_host_api has slots this test does not list";
    for (size_t i = 0; i < listed; ++i)
        EXPECT_EQ(released_slots()[i].expected_offset, at(i)) << "rows out of order at " << released_slots()[i].name;
}

TEST(AbiLayout, CallbackTypesAreFrozen) {
    EXPECT_TRUE((std::is_same_v<cf_route_fn, void (*)(cf_ctx*, cf_request*, cf_response*, void*)>));
    EXPECT_TRUE((std::is_same_v<cf_hook_fn, int (*)(cf_ctx*, cf_hook_call*, void*)>));
    EXPECT_TRUE((std::is_same_v<cf_channel_fn, void (*)(cf_ctx*, const cf_user*, uint64_t, cf_str, void*)>));
    EXPECT_TRUE((std::is_same_v<cf_write_fn, int (*)(cf_ctx*, cf_db*, void*)>));
    EXPECT_TRUE((std::is_same_v<cf_write_done_fn, void (*)(cf_ctx*, int, void*)>));
    EXPECT_TRUE((std::is_same_v<cf_plugin_entry_fn, const cf_plugin_def* (*)()>));
    EXPECT_TRUE((std::is_same_v<cf_command_fn, int (*)(cf_ctx*, const cf_command_call*, void*)>));
    EXPECT_STREQ(CF_PLUGIN_ENTRY, "cf_plugin");
}

// Every registration and argument struct starts with its size.
TEST(AbiLayout, SizedStructsStartWithSize) {
    EXPECT_EQ(offsetof(cf_user, size), 0u);
    EXPECT_EQ(offsetof(cf_route, size), 0u);
    EXPECT_EQ(offsetof(cf_dispatch_args, size), 0u);
    EXPECT_EQ(offsetof(cf_hook, size), 0u);
    EXPECT_EQ(offsetof(cf_channel, size), 0u);
    EXPECT_EQ(offsetof(cf_migration, size), 0u);
    EXPECT_EQ(offsetof(cf_hook_args, size), 0u);
    EXPECT_EQ(offsetof(cf_plugin_def, size), 0u);
    EXPECT_EQ(offsetof(cf_command, size), 0u);
    EXPECT_EQ(offsetof(cf_command_call, size), 0u);
    EXPECT_TRUE((std::is_same_v<decltype(cf_user::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_route::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_hook::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_channel::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_migration::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_hook_args::size), size_t>));
    EXPECT_TRUE((std::is_same_v<decltype(cf_plugin_def::size), size_t>));
}

#define CF_FIELD(type, field, offset, ...)                                                    \
    do {                                                                                     \
        EXPECT_EQ(offsetof(type, field), size_t{offset}) << #type "." #field " moved";       \
        EXPECT_TRUE((std::is_same_v<decltype(type::field), __VA_ARGS__>)) << #type "." #field \
                                                                          " changed type";   \
    } while (0)

// Field positions of the released structs on LP64 (x86-64, aarch64 Linux).
TEST(AbiLayout, ReleasedStructFieldsNeverMove) {
    if (sizeof(void*) != 8 || sizeof(size_t) != 8) GTEST_SKIP() << "positions are written for LP64";
    CF_FIELD(cf_str, ptr, 0, const char*);
    CF_FIELD(cf_str, len, 8, size_t);
    CF_FIELD(cf_user, id, 8, int64_t);
    CF_FIELD(cf_user, role, 16, int);
    CF_FIELD(cf_user, status, 20, int);
    CF_FIELD(cf_user, name, 24, cf_str);
    CF_FIELD(cf_route, method, 8, const char*);
    CF_FIELD(cf_route, path, 16, const char*);
    CF_FIELD(cf_route, auth, 24, int);
    CF_FIELD(cf_route, handler, 32, cf_route_fn);
    CF_FIELD(cf_route, user_data, 40, void*);
    CF_FIELD(cf_hook, event, 8, const char*);
    CF_FIELD(cf_hook, phase, 16, int);
    CF_FIELD(cf_hook, fn, 24, cf_hook_fn);
    CF_FIELD(cf_hook, user_data, 32, void*);
    CF_FIELD(cf_channel, type, 8, const char*);
    CF_FIELD(cf_channel, fn, 16, cf_channel_fn);
    CF_FIELD(cf_channel, user_data, 24, void*);
    CF_FIELD(cf_migration, version, 8, int);
    CF_FIELD(cf_migration, name, 16, const char*);
    CF_FIELD(cf_migration, sql, 24, const char*);
    CF_FIELD(cf_hook_args, event, 8, const char*);
    CF_FIELD(cf_hook_args, phase, 16, int);
    CF_FIELD(cf_hook_args, db, 24, cf_db*);
    CF_FIELD(cf_hook_args, user, 32, const cf_user*);
    CF_FIELD(cf_hook_args, payload, 40, cf_str);
    CF_FIELD(cf_hook_args, result, 56, char*);
    CF_FIELD(cf_hook_args, result_len, 64, size_t);
    CF_FIELD(cf_hook_args, veto_status, 72, int);
    CF_FIELD(cf_hook_args, veto_reason, 76, char[256]);
    CF_FIELD(cf_plugin_def, api_level, 8, int);
    CF_FIELD(cf_plugin_def, name, 16, const char*);
    CF_FIELD(cf_plugin_def, version, 24, const char*);
    CF_FIELD(cf_plugin_def, description, 32, const char*);
    CF_FIELD(cf_plugin_def, init, 40, int (*)(cf_ctx*));
    CF_FIELD(cf_plugin_def, unload, 48, void (*)(cf_ctx*));
    CF_FIELD(cf_plugin_def, on_enable, 56, void (*)(cf_ctx*, int));
    CF_FIELD(cf_command, name, 8, const char*);
    CF_FIELD(cf_command, description, 16, const char*);
    CF_FIELD(cf_command, args, 24, const char*);
    CF_FIELD(cf_command, fn, 32, cf_command_fn);
    CF_FIELD(cf_command, user_data, 40, void*);
    CF_FIELD(cf_command_call, name, 8, cf_str);
    CF_FIELD(cf_command_call, args, 24, cf_str);
    CF_FIELD(cf_command_call, room_id, 40, int64_t);
    CF_FIELD(cf_command_call, user, 48, const cf_user*);
    CF_FIELD(cf_command_call, message, 56, cf_str);
}

#undef CF_FIELD

TEST(AbiLayout, ConstantsKeepTheirValues) {
    EXPECT_EQ(CF_OK, 0);
    EXPECT_EQ(CF_ROW, 100);
    EXPECT_EQ(CF_DONE, 101);
    EXPECT_EQ(CF_ERR, -1);
    EXPECT_EQ(CF_ERR_ARG, -2);
    EXPECT_EQ(CF_ERR_CONSTRAINT, -3);
    EXPECT_EQ(CF_ERR_NOT_FOUND, -4);
    EXPECT_EQ(CF_ERR_STATE, -5);
    EXPECT_EQ(CF_ERR_DENIED, -6);
    EXPECT_EQ(CF_ERR_BUSY, -7);
    EXPECT_EQ(CF_ROLE_MEMBER, 0);
    EXPECT_EQ(CF_ROLE_ADMIN, 1);
    EXPECT_EQ(CF_ROLE_BOT, 2);
    EXPECT_EQ(CF_STATUS_ACTIVE, 0);
    EXPECT_EQ(CF_STATUS_DEACTIVATED, 1);
    EXPECT_EQ(CF_STATUS_BANNED, 2);
    EXPECT_EQ(CF_AUTH_NONE, 0);
    EXPECT_EQ(CF_AUTH_USER, 1);
    EXPECT_EQ(CF_AUTH_ADMIN, 2);
    EXPECT_EQ(CF_AUTH_BOT, 3);
    EXPECT_EQ(CF_AUTH_OPTIONAL, 4);
    EXPECT_EQ(CF_PHASE_CHECK, 1);
    EXPECT_EQ(CF_PHASE_TRANSFORM, 2);
    EXPECT_EQ(CF_PHASE_STORE, 3);
    EXPECT_EQ(CF_PHASE_NOTIFY, 4);
    EXPECT_EQ(CF_TYPE_INT, 1);
    EXPECT_EQ(CF_TYPE_FLOAT, 2);
    EXPECT_EQ(CF_TYPE_TEXT, 3);
    EXPECT_EQ(CF_TYPE_BLOB, 4);
    EXPECT_EQ(CF_TYPE_NULL, 5);
    EXPECT_EQ(CF_LOG_DEBUG, 1);
    EXPECT_EQ(CF_LOG_INFO, 2);
    EXPECT_EQ(CF_LOG_WARN, 3);
    EXPECT_EQ(CF_LOG_ERROR, 4);
}

// ---- CF_HAS against fake tables ----

int fake_route_add(cf_ctx*, const cf_route* r) { return r && r->size == sizeof(cf_route) ? 7 : -1; }
int fake_migration_add(cf_ctx*, const cf_migration*) { return CF_OK; }
cf_str fake_request_method(cf_ctx*, const cf_request*) { return cf_str{"GET", 3}; }
int64_t fake_now(cf_ctx*) { return 424242; }
int fake_plugin_enabled(cf_ctx*, const char*) { return 1; }

// A table from an "older kernel": every slot is filled, but `size` says only the four
// registration slots exist. CF_HAS must trust the size, not the (garbage) pointers after it.
cf_host_api registration_only_table() {
    cf_host_api api{};
    api.size = offsetof(cf_host_api, request_method);
    api.level = 1;
    api.route_add = fake_route_add;
    api.migration_add = fake_migration_add;
    api.request_method = fake_request_method;
    api.now_ms = fake_now;
    api.plugin_enabled = fake_plugin_enabled;
    return api;
}

TEST(CfHas, TrustsTheSizeOfAnOlderTable) {
    cf_host_api api = registration_only_table();
    const cf_host_api* p = &api;
    EXPECT_TRUE(CF_HAS(p, route_add));
    EXPECT_TRUE(CF_HAS(p, migration_add));
    EXPECT_FALSE(CF_HAS(p, request_method)) << "the slot lies past the table's size";
    EXPECT_FALSE(CF_HAS(p, now_ms));
    EXPECT_FALSE(CF_HAS(p, plugin_enabled));
    EXPECT_EQ(cf_c_check_has_plugin_enabled(p), 0) << "C sees it differently";
}

TEST(CfHas, ExactBoundaryIncludesTheLastSlot) {
    cf_host_api api = registration_only_table();
    api.size = offsetof(cf_host_api, plugin_enabled) + sizeof(api.plugin_enabled);
    EXPECT_TRUE(CF_HAS(&api, plugin_enabled));
    EXPECT_EQ(cf_c_check_has_plugin_enabled(&api), 1);
    api.size -= 1;
    EXPECT_FALSE(CF_HAS(&api, plugin_enabled));
}

TEST(CfHas, RefusesANullSlotInsideTheTable) {
    cf_host_api api = registration_only_table();
    api.size = sizeof(cf_host_api);
    EXPECT_TRUE(CF_HAS(&api, now_ms));
    EXPECT_FALSE(CF_HAS(&api, hook_add)) << "inside the size but NULL";
}

// ---- plugin.h as C ----

TEST(AbiC, CSeesTheSameLayout) {
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_HOST_API), sizeof(cf_host_api));
    EXPECT_EQ(cf_c_check_layout(CF_C_OFFSETOF_ROUTE_ADD), offsetof(cf_host_api, route_add));
    EXPECT_EQ(cf_c_check_layout(CF_C_OFFSETOF_EVENT_EMIT), offsetof(cf_host_api, event_emit));
    EXPECT_EQ(cf_c_check_layout(CF_C_OFFSETOF_PLUGIN_ENABLED), offsetof(cf_host_api, plugin_enabled));
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_ROUTE), sizeof(cf_route));
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_HOOK), sizeof(cf_hook));
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_HOOK_ARGS), sizeof(cf_hook_args));
    EXPECT_EQ(cf_c_check_layout(CF_C_OFFSETOF_HOOK_ARGS_VETO_REASON), offsetof(cf_hook_args, veto_reason));
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_PLUGIN_DEF), sizeof(cf_plugin_def));
    EXPECT_EQ(cf_c_check_layout(CF_C_SIZEOF_USER), sizeof(cf_user));
}

TEST(AbiC, InlineWrappersCallThroughTheTable) {
    cf_host_api api = registration_only_table();
    api.size = sizeof(cf_host_api);
    cf_ctx ctx{&api};
    EXPECT_EQ(cf_c_check_now(&ctx), 424242);
    EXPECT_EQ(cf_c_check_route_add(&ctx, "/x"), 7) << "cf_route_add did not reach route_add with a sized cf_route";
}

} // namespace
