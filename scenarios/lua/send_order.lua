-- The order-within-partition lesson's custom checks: does a group consume a topic's records
-- in the order they were sent?
local send_order = {}

-- Counts, for group `group` on topic `topic`, the first consumptions of records that were
-- sent before a record the group had already consumed (by one producer's sequence numbers):
-- 0 means the group read the records in exactly the order they were sent. Returns
-- (out_of_order, records, an example).
local function count(history, group, topic)
  local seen = {}      -- record id -> true once consumed
  local highest = {}   -- producer -> highest seq consumed so far
  local late, records, example = 0, 0, nil
  for _, op in history:ops("poll") do
    if op.type == "ok" and op.group == group and op.topic == topic and op.producer ~= nil then
      local id = op.producer .. "#" .. op.seq
      if not seen[id] then
        seen[id] = true
        records = records + 1
        local top = highest[op.producer]
        if top ~= nil and op.seq < top then
          late = late + 1
          example = example or (id .. " (partition " .. op.partition .. ") was read after " ..
              op.producer .. "#" .. top)
        elseif top == nil or op.seq > top then
          highest[op.producer] = op.seq
        end
      end
    end
  end
  return late, records, example
end

--- Custom check: `readers` read the 3-partition topic `clicks` out of send order (some record
--- was read after one sent later): there is no order across partitions.
function send_order.clicks_not_in_send_order(history)
  local late, records = count(history, "readers", "clicks")
  if records == 0 then return false, "readers consumed nothing from clicks" end
  if late == 0 then
    return false, "readers read all " .. records .. " records of clicks in send order: " ..
        "no reordering across partitions showed up"
  end
  return true, late .. " of " .. records .. " records of clicks were read after a record " ..
      "sent later (across partitions)"
end

--- Custom check: `readers` read the 1-partition topic `audit` in exactly the order it was sent.
function send_order.audit_in_send_order(history)
  local late, records, example = count(history, "readers", "audit")
  if records == 0 then return false, "readers consumed nothing from audit" end
  if late > 0 then
    return false, late .. " of " .. records .. " records of audit were read out of send " ..
        "order, e.g. " .. example
  end
  return true, "all " .. records .. " records of audit were read in send order"
end

return send_order
