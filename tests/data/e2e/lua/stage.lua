-- A one-stage pipeline for the transactional processor test.
local stage = {}
function stage.upper(record) return {key = record.key, value = string.upper(record.value)} end
return stage
