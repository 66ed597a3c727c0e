-- orders: order events for lessons, the same in every run (they depend on the record index
-- only, not on math.random).
--
--   key: {lua: orders.key}      --> "order-0", "order-1", ...
--   value: {lua: orders.event}  --> "amount=37;customer=customer-3;order=order-0"
local payload = require("payload")
local orders = {}

--- The order id of record i.
function orders.key(i) return "order-" .. i end

--- An order-created event for record i: its order id, a customer and an amount.
function orders.event(i)
  return payload.encode({order = orders.key(i), customer = "customer-" .. (i % 13),
                         amount = 10 + (i * 37) % 90})
end

--- The index i of an order id ("order-12" -> 12), or nil.
function orders.index(order_id)
  return tonumber(string.match(order_id or "", "^order%-(%d+)$"))
end

return orders
