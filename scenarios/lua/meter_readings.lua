-- The compression lesson's payloads: compressible text values that a reader can recompute
-- from the record's key, so processing can tell an intact value from a damaged one.
local meter_readings = {}

--- The value of record i: about 1 KB of repetitive text (as JSON or log lines are), which
--- every codec shrinks a lot.
function meter_readings.value(i)
  local line = string.format("meter=m-%d;kwh=%d.%d;voltage=230;phase=%d;status=ok\n",
                             i % 50, i % 97, i % 10, i % 3)
  return string.format("reading=%d\n", i) .. string.rep(line, 16)
end

--- Processing for the readers: the key is "reading-<i>"; the value must be exactly
--- value(i), byte for byte. A damaged value fails its processing (and the group skips it,
--- so no_loss would report it).
function meter_readings.verify(record)
  local i = tonumber(string.match(record.key or "", "^reading%-(%d+)$"))
  if i == nil then return "fail" end
  if record.value ~= meter_readings.value(i) then return "fail" end
  return "ok"
end

return meter_readings
