-- relay: posts an incoming webhook's text into a room, as the Relay bot.
--   POST /api/lua/relay/links {"room_id": N}   (administrators) -> 201 {"url": "/api/lua/relay/in/<secret>"}
--   POST <url> with a text body, or JSON {"text": "..."}      (no session; the secret is the key)
--        -> 202 {"queued": true}, and the bot posts the text in room N.
-- The bot must be in the room: it joins open rooms when it is created.
local bot = campfire.bot("Relay")

campfire.route{method = "POST", path = "/links", auth = "admin", fn = function(req)
  local room_id = req.json and req.json.room_id
  if type(room_id) ~= "number" or room_id < 1 or room_id % 1 ~= 0 then
    return 422, {error = "send {\"room_id\": N}"}
  end
  local secret = campfire.token(32)
  local links = campfire.kv.get("links") or {}
  links[secret] = room_id
  campfire.kv.set("links", links)
  return 201, {url = "/api/lua/relay/in/" .. secret, room_id = room_id}
end}

campfire.route{method = "POST", path = "/in/:secret", auth = "none", fn = function(req)
  local room_id = (campfire.kv.get("links") or {})[req.params.secret]
  if not room_id then return 404, {error = "not found"} end
  local text = req.body
  if req.json then text = req.json.text end
  if type(text) ~= "string" or not text:find("%S") then
    return 422, {error = "send text, or {\"text\": \"...\"}"}
  end
  if #text > 65536 then return 413, {error = "text is longer than 65536 bytes"} end
  bot:post(room_id, text)
  return 202, {queued = true}
end}
