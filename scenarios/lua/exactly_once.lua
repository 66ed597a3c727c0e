-- The exactly-once pipeline lesson: a stage that enriches payments, and a check that every
-- input has exactly one output as read downstream.
local exactly_once = {}

--- The stage: one output per input, keyed by the input's key, naming the input it came from.
function exactly_once.enrich(record)
  return {key = record.key, value = "enriched " .. record.value}
end

--- Custom check: group `ledger` read exactly one output per payment the producer `payments`
--- had acknowledged, and no output without one.
function exactly_once.one_output_per_input(history)
  local inputs = {}
  local n_inputs = 0
  for _, op in history:ops("send") do
    if op.type == "ok" and op.producer == "payments" and op.key and not inputs[op.key] then
      inputs[op.key] = 0
      n_inputs = n_inputs + 1
    end
  end
  local seen = {}  -- output identity -> true: a record polled twice is one output read twice
  local stray = 0
  for _, op in history:ops("poll") do
    if op.type == "ok" and op.group == "ledger" and op.producer then
      local id = op.producer .. "#" .. op.seq
      if not seen[id] then
        seen[id] = true
        if inputs[op.key] == nil then stray = stray + 1 else inputs[op.key] = inputs[op.key] + 1 end
      end
    end
  end
  local missing, twice, example = 0, 0, nil
  for key, count in pairs(inputs) do
    if count == 0 then missing = missing + 1; example = example or (key .. ": no output") end
    if count > 1 then twice = twice + 1; example = example or (key .. ": " .. count .. " outputs") end
  end
  if n_inputs == 0 then return false, "no payment was acknowledged" end
  if missing + twice + stray > 0 then
    return false, string.format("%d inputs without an output, %d with more than one, %d outputs "
        .. "without an input; e.g. %s", missing, twice, stray, example or "-")
  end
  return true, n_inputs .. " payments, exactly one output each"
end

return exactly_once
