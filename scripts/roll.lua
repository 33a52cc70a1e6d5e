-- /roll 2d6: rolls dice (NdS, optionally +K or -K) and the Helper bot posts the result.
local bot = campfire.bot("Helper")
local rolled = 0 -- how many rolls so far, kept across reloads by save() and restore()

-- "2d6", "d20", "3d8+2" -> count, sides, bonus; nil when it is not dice.
local function parse(spec)
  local count, sides, sign, bonus = spec:match("^(%d*)[dD](%d+)([+-]?)(%d*)$")
  if not sides or (sign == "") ~= (bonus == "") then return nil end
  count, sides, bonus = tonumber(count) or 1, tonumber(sides), tonumber(bonus) or 0
  if sign == "-" then bonus = -bonus end
  if count < 1 or count > 100 or sides < 2 or sides > 1000 or bonus < -1000 or bonus > 1000 then return nil end
  return count, sides, bonus
end

campfire.command{
  name = "roll",
  description = "Roll dice",
  args = "2d6",
  run = function(cmd)
    local spec = cmd.argv[1] or "1d6"
    local count, sides, bonus = parse(spec)
    if not count then
      bot:post(cmd.room_id, "I roll dice written like 2d6, d20 or 3d8+2 (at most 100 dice of 1000 sides).")
      return
    end
    local faces, total = {}, bonus
    for i = 1, count do
      faces[i] = math.random(sides)
      total = total + faces[i]
    end
    local shown = table.concat(faces, " + ")
    if bonus ~= 0 then shown = shown .. (bonus > 0 and " + " or " - ") .. math.abs(bonus) end
    rolled = rolled + 1
    bot:post(cmd.room_id, cmd.user.name .. " rolled " .. spec .. ": " .. shown .. " = " .. total)
  end,
}

function save() return {rolled = rolled} end
function restore(state) rolled = state.rolled or 0 end
