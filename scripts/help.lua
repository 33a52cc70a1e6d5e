-- help: a bot that answers when it is mentioned ("@Helper", or a direct message to it) with
-- the slash commands it knows.
local bot = campfire.bot("Helper")

local function command_list()
  local lines = {}
  for _, c in ipairs(campfire.commands()) do
    local usage = "/" .. c.name
    if c.args ~= "" then usage = usage .. " " .. c.args end
    if c.description ~= "" then usage = usage .. " (" .. c.description .. ")" end
    lines[#lines + 1] = usage
  end
  return lines
end

campfire.on("mention", function(message, room, mentioned)
  if mentioned.id ~= bot.id then return end
  local name = message.creator and message.creator.name or "there"
  local lines = command_list()
  local text
  if #lines == 0 then
    text = "Hi " .. name .. "! No slash commands are installed yet."
  else
    text = "Hi " .. name .. "! Try " .. table.concat(lines, ", ") .. "."
  end
  bot:post(room.id, text)
end)
