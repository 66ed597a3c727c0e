-- payload: structured record values as flat "name=value;name=value" text, readable in a
-- history and easy to take apart again. Keys are sorted, so the same table always encodes to
-- the same bytes.
--
--   local payload = require("payload")
--   payload.encode({order = "order-7", amount = 42})  --> "amount=42;order=order-7"
--   payload.decode("amount=42;order=order-7").order   --> "order-7"
local payload = {}

--- Encodes a flat table of strings and numbers; raises an error for a nested value or for a
--- name or value containing ";" or "=".
function payload.encode(fields)
  local names = {}
  for name in pairs(fields) do names[#names + 1] = name end
  table.sort(names)
  local parts = {}
  for _, name in ipairs(names) do
    local value = tostring(fields[name])
    if type(fields[name]) == "table" then error("payload.encode: " .. name .. " is a table") end
    if name:find("[;=]") or value:find("[;=]") then
      error("payload.encode: ';' and '=' cannot appear in " .. name .. "=" .. value)
    end
    parts[#parts + 1] = name .. "=" .. value
  end
  return table.concat(parts, ";")
end

--- Decodes what encode made into a table of strings (numbers stay text: use tonumber).
function payload.decode(text)
  local fields = {}
  for name, value in string.gmatch(text or "", "([^;=]+)=([^;]*)") do fields[name] = value end
  return fields
end

return payload
