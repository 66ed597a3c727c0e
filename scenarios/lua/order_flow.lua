-- The order confirmation flow of the seeds, as processors: inventory, payment and shipping
-- services each read order-events and publish a status per order; the aggregator joins the
-- three statuses of an order and confirms it once, unless the payment was declined.
local payload = require("payload")
local orders = require("orders")

local order_flow = {}

--- The payment service declines every order whose index ends in 7 (a fixed rule, so the
--- lesson's check can know which orders must not be confirmed).
function order_flow.declined(order_id)
  local i = orders.index(order_id)
  return i ~= nil and i % 10 == 7
end

local function status(record, service, outcome)
  local event = payload.decode(record.value)
  return {key = event.order, value = payload.encode({order = event.order, service = service,
                                                     status = outcome})}
end

function order_flow.inventory(record) return status(record, "inventory", "reserved") end
function order_flow.shipping(record) return status(record, "shipping", "scheduled") end
function order_flow.payment(record)
  local event = payload.decode(record.value)
  return status(record, "payment", order_flow.declined(event.order) and "declined" or "paid")
end

-- The aggregator's state: statuses seen per order, and the orders already confirmed. It lives
-- in the processor's Lua state, as an in-memory join would live in a service.
local seen = {}
local confirmed = {}

function order_flow.aggregate(record)
  local s = payload.decode(record.value)
  local order = s.order
  if confirmed[order] then return nil end  -- a re-delivered status confirms nothing twice
  seen[order] = seen[order] or {}
  seen[order][s.service] = s.status
  local st = seen[order]
  if st.inventory and st.payment and st.shipping then
    seen[order] = nil
    if st.payment == "paid" then
      confirmed[order] = true
      return {key = order, value = payload.encode({order = order, status = "confirmed"})}
    end
  end
  return nil
end

--- Custom check: exactly one confirmation per order whose payment went through, none for a
--- declined order, as read by the group `readers`.
function order_flow.one_confirmation_per_order(history)
  local sent, confirmations = {}, {}
  for _, op in history:ops("send") do
    if op.type == "ok" and op.producer == "order-service" then sent[op.key] = true end
  end
  for _, op in history:ops("poll") do
    if op.group == "readers" and op.type == "ok" and op.key then
      confirmations[op.key] = (confirmations[op.key] or 0) + 1
    end
  end
  local orders_seen, problems = 0, {}
  for order in pairs(sent) do
    orders_seen = orders_seen + 1
    local want = order_flow.declined(order) and 0 or 1
    local got = confirmations[order] or 0
    if got ~= want and #problems < 5 then
      problems[#problems + 1] = order .. ": " .. got .. " confirmations, expected " .. want
    end
  end
  if orders_seen == 0 then return false, "no order was sent" end
  if #problems > 0 then return false, table.concat(problems, "; ") end
  return true, orders_seen .. " orders: one confirmation each, none for a declined payment"
end

return order_flow
