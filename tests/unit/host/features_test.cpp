// Feature audiences (who and where a plugin or flag is on) and slash command parsing.
#include "kernel/host/commands.h"
#include "kernel/host/features.h"
#include "kernel/host/plugin_record.h"

#include <gtest/gtest.h>

namespace cf {
namespace {

Viewer person(int64_t id, int role, std::optional<int64_t> room = std::nullopt) {
    Viewer v;
    v.user_id = id;
    v.role = role;
    v.room_id = room;
    return v;
}

Audience parse(const char* json) {
    std::string error;
    auto a = parse_audience_text(json, &error);
    EXPECT_TRUE(a) << json << ": " << error;
    return a.value_or(Audience{});
}

TEST(FeatureAudience, WhoAndWhereBothHaveToMatch) {
    Audience admins = parse(R"({"roles":["administrator"]})");
    EXPECT_TRUE(audience_allows(admins, person(1, CF_ROLE_ADMIN)));
    EXPECT_FALSE(audience_allows(admins, person(2, CF_ROLE_MEMBER)));
    EXPECT_FALSE(audience_allows(admins, Viewer{})) << "anonymous";
    Viewer nobody;
    nobody.person = false;
    EXPECT_TRUE(audience_allows(admins, nobody)) << "no one in particular: only the room counts";

    Audience room5 = parse(R"({"room_ids":[5]})");
    EXPECT_TRUE(audience_allows(room5, person(2, CF_ROLE_MEMBER, 5)));
    EXPECT_FALSE(audience_allows(room5, person(2, CF_ROLE_MEMBER, 6)));
    EXPECT_TRUE(audience_allows(room5, person(2, CF_ROLE_MEMBER))) << "no room involved";

    Audience bob_in_5 = parse(R"({"user_ids":[2],"room_ids":[5]})");
    EXPECT_TRUE(audience_allows(bob_in_5, person(2, CF_ROLE_MEMBER, 5)));
    EXPECT_FALSE(audience_allows(bob_in_5, person(3, CF_ROLE_MEMBER, 5)));
    EXPECT_FALSE(audience_allows(bob_in_5, person(2, CF_ROLE_MEMBER, 6)));
    EXPECT_TRUE(audience_allows(parse("{}"), Viewer{}));
    EXPECT_TRUE(audience_allows(parse(R"("everyone")"), Viewer{}));
}

TEST(FeatureAudience, BadAudiencesAreRefused) {
    for (const char* bad : {R"({"roles":["king"]})", R"({"user_ids":[-1]})", R"({"user_ids":"1"})", R"({"room_ids":[1.5]})",
                            R"({"colour":"red"})", "[]", "42", "\"nobody\"", "{"}) {
        std::string error;
        EXPECT_FALSE(parse_audience_text(bad, &error)) << bad;
        EXPECT_FALSE(error.empty());
    }
}

TEST(FeatureFlags, RulesReplaceTheStoredAudienceAndLeaveWithTheirOwner) {
    FeatureFlags flags;
    PluginRecord script;
    script.name = "script:x";
    EXPECT_TRUE(flags.allows("example", person(2, CF_ROLE_MEMBER)));
    flags.store("example", StoredFeature{true, parse(R"({"user_ids":[2]})")});
    EXPECT_TRUE(flags.allows("example", person(2, CF_ROLE_MEMBER)));
    EXPECT_FALSE(flags.allows("example", person(1, CF_ROLE_ADMIN)));
    flags.add_rule(FeatureRule{&script, "example", parse(R"({"roles":["administrator"]})")});
    EXPECT_FALSE(flags.allows("example", person(2, CF_ROLE_MEMBER)));
    EXPECT_TRUE(flags.allows("example", person(1, CF_ROLE_ADMIN)));
    flags.remove_owner(&script);
    EXPECT_TRUE(flags.allows("example", person(2, CF_ROLE_MEMBER)));
    flags.forget_stored("example");
    EXPECT_FALSE(flags.any_audience());
    EXPECT_TRUE(flags.allows("example", person(1, CF_ROLE_ADMIN)));
}

TEST(FeatureFlags, RoomsForAViewer) {
    FeatureFlags flags;
    flags.store("x", StoredFeature{true, parse(R"({"room_ids":[3,4]})")});
    auto rooms = flags.rooms_for("x", person(1, CF_ROLE_MEMBER));
    ASSERT_TRUE(rooms);
    EXPECT_EQ(*rooms, (std::vector<int64_t>{3, 4}));
    EXPECT_FALSE(flags.rooms_for("y", person(1, CF_ROLE_MEMBER))) << "everywhere";
    EXPECT_TRUE(flags.any_room_audience());
}

TEST(SlashCommands, ParsesTheCommandShape) {
    auto roll = parse_command_text("  /roll 2d6  ");
    ASSERT_TRUE(roll);
    EXPECT_EQ(roll->name, "roll");
    EXPECT_EQ(roll->args, "2d6");
    auto bare = parse_command_text("/help");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->args, "");
    auto multi = parse_command_text("/remind 10m buy\nmilk");
    ASSERT_TRUE(multi);
    EXPECT_EQ(multi->args, "10m buy\nmilk");
    for (const std::string& text : std::vector<std::string>{"roll 2d6", "/", "/ roll", "/Roll", "/a.b", "//x", "hello /roll",
                                                            "/" + std::string(33, 'a')})
        EXPECT_FALSE(parse_command_text(text)) << text;
}

TEST(SlashCommands, RegistryRefusesTakenAndReservedNames) {
    CommandRegistry commands;
    PluginRecord a, sounds;
    a.name = "script:a";
    sounds.name = "sounds";
    std::string error;
    EXPECT_TRUE(commands.add(CommandEntry{&a, "roll", "Roll dice", "2d6", {}}, &error));
    EXPECT_FALSE(commands.add(CommandEntry{&a, "roll", "", "", {}}, &error));
    EXPECT_FALSE(commands.add(CommandEntry{&a, "play", "", "", {}}, &error)) << "/play is the sounds plugin's";
    EXPECT_TRUE(commands.add(CommandEntry{&sounds, "play", "Play a sound", "name", {}}, &error)) << error;
    EXPECT_FALSE(commands.add(CommandEntry{&a, "Bad Name", "", "", {}}, &error));
    auto list = commands.list();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "play");
    commands.remove_owner(&a);
    EXPECT_FALSE(commands.find("roll"));
    EXPECT_TRUE(commands.find("play"));
}

} // namespace
} // namespace cf
