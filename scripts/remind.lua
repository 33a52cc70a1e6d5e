-- /remind 10m text: the Helper bot posts the text in the same room once the time is up.
-- Units: s, m, h, d (at most 30 days). Pending reminders are kept in the script's storage, so
-- they survive a reload or a restart.
local bot = campfire.bot("Helper")
local seconds_per = {s = 1, m = 60, h = 3600, d = 86400}

local function forget(id)
  local pending = campfire.kv.get("pending") or {}
  pending[id] = nil
  campfire.kv.set("pending", pending)
end

local function arm(reminder)
  local delay = math.max(0, (reminder.due - campfire.now()) / 1000)
  campfire.after(delay, function()
    bot:post(reminder.room_id, "Reminder for " .. reminder.name .. ": " .. reminder.text)
    forget(reminder.id)
  end)
end

campfire.command{
  name = "remind",
  description = "Remind me later",
  args = "10m text",
  run = function(cmd)
    local amount, unit, text = cmd.args:match("^(%d+)([smhd])%s+(.+)$")
    local seconds = amount and tonumber(amount) * seconds_per[unit]
    if not seconds or seconds > 30 * 86400 then
      bot:post(cmd.room_id, "Usage: /remind 10m text (s, m, h or d; at most 30 days)")
      return
    end
    local reminder = {
      id = campfire.token(12), room_id = cmd.room_id, name = cmd.user.name,
      text = text, due = campfire.now() + seconds * 1000,
    }
    local pending = campfire.kv.get("pending") or {}
    pending[reminder.id] = reminder
    campfire.kv.set("pending", pending)
    arm(reminder)
    bot:post(cmd.room_id, "OK " .. cmd.user.name .. ", I will remind you in " .. amount .. unit .. ".")
  end,
}

for _, reminder in pairs(campfire.kv.get("pending") or {}) do arm(reminder) end
