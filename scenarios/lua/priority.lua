-- The priority lesson's custom check.
local priority = {}

--- Custom check for group `workers`: every urgent record sent at least `slack_us` before a bulk
--- record was sent has been processed before that bulk record was processed. The slack covers
--- the time a just-sent urgent record needs to reach the consumer at all.
function priority.urgent_first(history)
  local slack_us = 100000
  local sent = {}  -- record id -> send invoke time
  for _, op in history:ops("send") do
    if op.type == "invoke" then sent[op.producer .. "#" .. op.seq] = op.time_us end
  end
  -- Urgent send times in order, and when each urgent record was processed.
  local urgent = {}
  local done_at = {}
  for _, op in history:ops("process") do
    if op.group == "workers" and op.type == "ok" and op.producer == "alerts" then
      done_at[op.producer .. "#" .. op.seq] = op.time_us
    end
  end
  for id, t in pairs(sent) do
    if string.sub(id, 1, 7) == "alerts#" then urgent[#urgent + 1] = {t = t, id = id} end
  end
  table.sort(urgent, function(a, b) return a.t < b.t end)
  local bulk_checked, late = 0, 0
  local example
  for _, op in history:ops("process") do
    if op.group == "workers" and op.type == "ok" and op.producer == "reports" then
      bulk_checked = bulk_checked + 1
      local bulk_sent = sent[op.producer .. "#" .. op.seq]
      for _, u in ipairs(urgent) do
        if u.t > bulk_sent - slack_us then break end
        local done = done_at[u.id]
        if done == nil or done > op.time_us then
          late = late + 1
          example = example or (u.id .. " waited behind reports#" .. op.seq)
          break
        end
      end
    end
  end
  if bulk_checked == 0 then return false, "workers processed no bulk record" end
  if late > 0 then
    return false, late .. " bulk records were processed before an older urgent one, e.g. " .. example
  end
  return true, "every urgent record went before the bulk records sent after it (" ..
      #urgent .. " urgent, " .. bulk_checked .. " bulk)"
end

return priority
