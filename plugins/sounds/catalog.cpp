// The sound list (see catalog.hpp). Names and display texts as CAMPFIRE.md §5 lists them; the
// image sizes are the display sizes it gives, our images are drawn to fit them.
#include "catalog.hpp"

#include <algorithm>
#include <array>

namespace sounds {
namespace {

constexpr Sound text(std::string_view name, std::string_view shown) { return Sound{name, shown, 0, 0}; }
constexpr Sound image(std::string_view name, int width, int height) { return Sound{name, {}, width, height}; }

constexpr std::array kSounds = {
    image("56k", 79, 33),
    text("ballmer", "developers!"),
    text("bell", "🔔"),
    text("bezos", "😆💭"),
    text("bueller", "anyone?"),
    text("butts", "👐 🚬"),
    image("clowntown", 210, 150),
    text("cottoneyejoe", "🎶🙉🎶"),
    text("crickets", "hears crickets chirping"),
    image("curb", 150, 101),
    text("dadgummit", "dad gummit!! 🎣"),
    image("dangerzone", 157, 32),
    text("danielsan", "🎆 🏆 🎆"),
    image("deeper", 188, 80),
    image("donotwant", 150, 150),
    image("drama", 300, 16),
    text("flawless", "#flawless"),
    text("glados", "🤖💢"),
    text("gogogo", "Go, go, go!"),
    image("greatjob", 79, 16),
    text("greyjoy", "😖🎺"),
    text("guarantee", "guarantees it 👌"),
    text("heygirl", "✨💁✨"),
    text("honk", "HONK"),
    text("horn", "🐶 ✂️ 🐱"),
    text("horror", "💀 💀 💀 💀 💀 💀 💀"),
    text("inconceivable", "doesn't think it means what you think it means…"),
    text("letitgo", "❄️👩❄️⛄️❄️"),
    text("live", "is DOING IT LIVE"),
    image("loggins", 200, 151),
    text("makeitso", "make it so 👉"),
    text("noooo", "👸💀😒"),
    image("nyan", 36, 15),
    text("ohmy", "raises an eyebrow 😏"),
    text("ohyeah", "isn't playing by the rules"),
    image("pushit", 104, 15),
    text("rimshot", "plays a rimshot"),
    text("rollout", "is rolling out 🚗"),
    image("rumble", 220, 150),
    text("sax", "🌇🎷🎶"),
    text("secret", "found a secret area 🔑"),
    text("sexyback", "🔞"),
    text("story", "and now you know…"),
    text("tada", "plays a fanfare 🎏"),
    text("tmyk", "✨ ⭐️ The More You Know ✨ ⭐️"),
    text("totes", "😁👍"),
    text("trololo", "трололо"),
    text("trombone", "plays a sad trombone"),
    text("unix", "knows this 💻"),
    text("vuvuzela", "======<() ~ ♪ ~♫"),
    image("what", 100, 131),
    text("whoomp", "👏‼️😎"),
    text("wups", "wups!"),
    image("yay", 103, 50),
    image("yeah", 104, 15),
    text("yodel", "📣🗻🙉"),
};
static_assert(kSounds.size() == 56);

constexpr bool sorted() {
    for (size_t i = 1; i < kSounds.size(); ++i)
        if (!(kSounds[i - 1].name < kSounds[i].name)) return false;
    return true;
}
static_assert(sorted(), "keep the list in name order: find_sound searches it by halves");

} // namespace

std::span<const Sound> catalog() { return kSounds; }

const Sound* find_sound(std::string_view name) {
    auto it = std::lower_bound(kSounds.begin(), kSounds.end(), name,
                               [](const Sound& s, std::string_view n) { return s.name < n; });
    return it != kSounds.end() && it->name == name ? &*it : nullptr;
}

} // namespace sounds
