// The 56 sounds of Campfire's /play command (CAMPFIRE.md §5): each name, and what a sound message
// shows beside its play button: a short text, or an image of a fixed size. The audio and images
// are our own (assets/sounds/, embedded at build time).
#pragma once

#include <span>
#include <string_view>

namespace sounds {

struct Sound {
    std::string_view name;
    std::string_view text; // empty for an image entry
    int width = 0;         // image entries: display size in CSS pixels
    int height = 0;
    bool image() const { return text.empty(); }
};

// In name order.
std::span<const Sound> catalog();
const Sound* find_sound(std::string_view name);

} // namespace sounds
