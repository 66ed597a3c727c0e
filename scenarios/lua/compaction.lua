-- The compaction lesson's custom check: what a reader of a compacted topic can count on.
local compaction = {}

--- Custom check for group `snapshot` on topic `prices`: for every key, the group consumed the
--- key's latest acknowledged record (compaction never removes the newest record of a key), and
--- it read no record that was never acknowledged. Reports how many superseded records it still
--- read: compaction removes them eventually, not at once, so that number is information, not
--- a verdict.
function compaction.latest_value_per_key(history)
  local latest = {}   -- key -> highest acknowledged seq (one producer: later seq, later offset)
  local acked = {}    -- record id -> true
  for _, op in history:ops("send") do
    if op.type == "ok" and op.topic == "prices" and op.key ~= nil then
      acked[op.producer .. "#" .. op.seq] = true
      if latest[op.key] == nil or op.seq > latest[op.key] then latest[op.key] = op.seq end
    end
  end
  local read = {}     -- record id -> true
  local reads, stray = 0, 0
  for _, op in history:ops("poll") do
    if op.type == "ok" and op.group == "snapshot" and op.topic == "prices" then
      local id = op.producer .. "#" .. op.seq
      if not read[id] then reads = reads + 1 end
      read[id] = true
      if not acked[id] then stray = stray + 1 end
    end
  end
  local keys, missing, example = 0, 0, nil
  for key, seq in pairs(latest) do
    keys = keys + 1
    if not read["price-feed#" .. seq] then
      missing = missing + 1
      example = example or (key .. " (latest is price-feed#" .. seq .. ")")
    end
  end
  if keys == 0 then return false, "no record with a key was acknowledged on prices" end
  if missing > 0 then
    return false, missing .. " of " .. keys .. " keys: snapshot never read the latest value, e.g. " ..
        example
  end
  if stray > 0 then return false, "snapshot read " .. stray .. " records never acknowledged" end
  return true, "snapshot read the latest value of all " .. keys .. " keys; " ..
      (reads - keys) .. " superseded records were still in the log"
end

return compaction
