-- The recreate-topic lesson's custom check: which records did a group read, by when they
-- were written (before or after the topic was recreated)?
local recreate = {}

--- Custom check: `audit` read none of the 500 records `app` wrote before the topic was
--- recreated (sequence numbers 0-499) and every one of the 300 written after (500-799).
function recreate.audit_reads_only_the_new_topic(history)
  local old, new, seen = 0, 0, {}
  for _, op in history:ops("poll") do
    if op.type == "ok" and op.group == "audit" and op.producer == "app" and not seen[op.seq] then
      seen[op.seq] = true
      if op.seq < 500 then old = old + 1 else new = new + 1 end
    end
  end
  if old > 0 then
    return false, "audit read " .. old .. " records written before the topic was recreated"
  end
  if new ~= 300 then
    return false, "audit read " .. new .. " of the 300 records written after the recreate"
  end
  return true, "audit read the 300 records written after the recreate and none of the 500 " ..
      "deleted with the old topic"
end

return recreate
