// The level-2 slots as a plugin sees them: command_add (init only, the call it receives, what its
// return value answers) and feature_enabled.
#include "kernel/host/host_api.h"
#include "kernel/host/kernel.h"

#include <gtest/gtest.h>

#include <string>

namespace cf {
namespace {

struct Seen {
    std::string name, args, message;
    int64_t room_id = 0, user_id = 0;
};

int remember(cf_ctx*, const cf_command_call* call, void* ud) {
    auto* seen = static_cast<Seen*>(ud);
    seen->name.assign(call->name.ptr, call->name.len);
    seen->args.assign(call->args.ptr, call->args.len);
    seen->message.assign(call->message.ptr, call->message.len);
    seen->room_id = call->room_id;
    seen->user_id = call->user->id;
    return seen->args == "fail" ? CF_ERR : CF_OK;
}

class CommandSlot : public ::testing::Test {
protected:
    void SetUp() override {
        plugin.name = "dice";
        plugin.ctx.api = host_api();
        plugin.ctx.plugin = &plugin;
        plugin.ctx.kernel = &kernel;
        plugin.registering = true;
    }
    Kernel kernel;
    PluginRecord plugin;
    Seen seen;
};

TEST_F(CommandSlot, APluginCommandRunsWithTheCallAndAnswers) {
    ASSERT_TRUE(CF_HAS(host_api(), command_add));
    cf_command cmd{sizeof(cf_command), "dice", "Roll", "2d6", remember, &seen};
    ASSERT_EQ(cf_command_add(&plugin.ctx, &cmd), CF_OK);
    EXPECT_EQ(cf_command_add(&plugin.ctx, &cmd), CF_ERR_ARG) << "taken";
    auto entry = kernel.commands.find("dice");
    ASSERT_TRUE(entry && entry->run);
    EXPECT_EQ(entry->owner, &plugin);
    cf_user user{sizeof(cf_user), 7, CF_ROLE_MEMBER, 0, {"Ann", 3}};
    auto ok = entry->run(CommandCall{"dice", "3d8", 5, &user, R"({"body":"/dice 3d8"})"});
    EXPECT_EQ(ok.status, 202);
    EXPECT_EQ(seen.args, "3d8");
    EXPECT_EQ(seen.room_id, 5);
    EXPECT_EQ(seen.user_id, 7);
    EXPECT_EQ(seen.message, R"({"body":"/dice 3d8"})");
    auto failed = entry->run(CommandCall{"dice", "fail", 5, &user, "{}"});
    EXPECT_EQ(failed.status, 422);
    EXPECT_EQ(failed.error, "command failed");
}

TEST_F(CommandSlot, RegistrationIsForInitAndSizedStructs) {
    cf_command listed{sizeof(cf_command), "hint", nullptr, nullptr, nullptr, nullptr};
    ASSERT_EQ(cf_command_add(&plugin.ctx, &listed), CF_OK);
    EXPECT_FALSE(kernel.commands.find("hint")->run) << "listed only";
    cf_command short_struct{offsetof(cf_command, fn), "short", nullptr, nullptr, nullptr, nullptr};
    EXPECT_EQ(cf_command_add(&plugin.ctx, &short_struct), CF_ERR_ARG);
    cf_command bad{sizeof(cf_command), "No Caps", nullptr, nullptr, nullptr, nullptr};
    EXPECT_EQ(cf_command_add(&plugin.ctx, &bad), CF_ERR_ARG);
    plugin.registering = false;
    cf_command late{sizeof(cf_command), "late", nullptr, nullptr, nullptr, nullptr};
    EXPECT_EQ(cf_command_add(&plugin.ctx, &late), CF_ERR_STATE);
    kernel.forget(&plugin);
    EXPECT_FALSE(kernel.commands.find("hint"));
}

TEST_F(CommandSlot, FeatureEnabledFollowsNamedFlagsAndAudiences) {
    cf_user member{sizeof(cf_user), 2, CF_ROLE_MEMBER, 0, {"Bo", 2}};
    cf_user admin{sizeof(cf_user), 1, CF_ROLE_ADMIN, 0, {"Al", 2}};
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, "beta", &member, 0), 0) << "unknown flags are off";
    std::string error;
    kernel.features.store("beta", StoredFeature{true, *parse_audience_text(R"({"roles":["administrator"]})", &error)});
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, "beta", &member, 0), 0);
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, "beta", &admin, 0), 1);
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, "beta", nullptr, 0), 1) << "no one in particular";
    kernel.features.store("beta", StoredFeature{false, Audience{}});
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, "beta", &admin, 0), 0) << "switched off";
    EXPECT_EQ(cf_feature_enabled(&plugin.ctx, nullptr, &admin, 0), CF_ERR_ARG);
}

} // namespace
} // namespace cf
