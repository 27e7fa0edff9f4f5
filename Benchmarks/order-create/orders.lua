-- wrk script for Benchmarks/order-create: POST /api/v1/orders round-robin over a list of
-- people, each request with its own Idempotency-Key and the bearer token.
--
--   wrk ... -s orders.lua URL -- IDS_FILE TOKEN KEY_PREFIX ACK_PREFIX
--
-- IDS_FILE    one person id (UUID) a line
-- TOKEN       bearer token (of `hotline`)
-- KEY_PREFIX  makes the Idempotency-Keys of this run unique: KEY_PREFIX-THREAD-COUNTER
-- ACK_PREFIX  each thread appends the id of every order answered 201 to ACK_PREFIX.THREAD,
--             so run.sh can check that every acknowledged order is in the database
--
-- done() prints one line `orderbench created=N other=M` and, when M > 0, the statuses seen and
-- the first non-201 response body.

local threads = {}
local counter = 1

function setup(thread)
    thread:set("tid", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

local services = { "meal", "bathing", "cleaning", "medical", "emergency", "mobility", "haircut", "nursing", "shopping", "companionship" }
local ids, headers, prefix, ack
local n, i = 0, 0
created, other, statuses, sample = 0, 0, "", ""

function init(args)
    local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
    ids = {}
    for line in file:lines() do
        if #line > 0 then table.insert(ids, line) end
    end
    file:close()
    assert(#ids > 0, "no person ids in " .. args[1])
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
    prefix = args[3] .. "-" .. tid .. "-"
    ack = assert(io.open(args[4] .. "." .. tid, "w"))
    -- Threads start at different places in the list.
    n = ((tid - 1) * 7919) % #ids
end

function request()
    i = i + 1
    n = n % #ids + 1
    headers["Idempotency-Key"] = prefix .. i
    local body = '{"elderId":"' .. ids[n] .. '","serviceType":"' .. services[i % #services + 1] .. '","channel":"phone"}'
    return wrk.format("POST", "/api/v1/orders", headers, body)
end

local seen = {}
function response(status, hdrs, body)
    if status == 201 then
        created = created + 1
        -- The order's own id: the top-level "id" (elderId, workerId, providerId do not match).
        local id = body:match('[{,]"id":"([%x%-]+)"')
        ack:write((id or "?"), "\n")
    else
        other = other + 1
        if not seen[status] then
            seen[status] = true
            statuses = statuses .. status .. " "
        end
        if sample == "" then sample = status .. " " .. string.sub(body or "", 1, 400):gsub("\n", " ") end
    end
    -- Flush now and then, so an interrupted run still leaves most of the list.
    if (created + other) % 256 == 0 then ack:flush() end
end

function done(summary, latency, requests)
    local c, o, st, s, seen = 0, 0, "", "", {}
    for _, t in ipairs(threads) do
        c = c + t:get("created")
        o = o + t:get("other")
        for status in string.gmatch(t:get("statuses"), "%d+") do
            if not seen[status] then seen[status] = true; st = st .. status .. " " end
        end
        if s == "" then s = t:get("sample") end
    end
    io.write(string.format("orderbench created=%d other=%d\n", c, o))
    if o > 0 then
        io.write("orderbench statuses=" .. st .. "\n")
        io.write("orderbench sample=" .. s .. "\n")
    end
end
