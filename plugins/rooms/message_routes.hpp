// What the message route files share: the member check and the handlers that live in their own
// files but sit in messages_routes.cpp's route table.
#pragma once

#include "room_store.hpp"

#include <campfire/plugin.hpp>

#include <optional>
#include <string>

namespace rooms {

// The room behind :room_id if the signed-in user is a member of it.
std::optional<Room> member_room(cf::Request& req, cf_db* db);

// {"room":{"id","type","name"},"message":<message JSON>}: the message.created event and NOTIFY payload.
std::string room_message_json(const Room& room, const std::string& message_json);

void create_message(cf::Request& req, cf::Reply reply);   // message_create.cpp
void serve_attachment(cf::Request& req, cf::Reply reply); // attachments.cpp

} // namespace rooms
