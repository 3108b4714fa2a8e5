-- POST /api/v1/results as the seeded participants. Request number k goes to
-- participant floor(k / B) with body k % B (B = one body per instrument), so
-- every request is that participant's first upload of that instrument.
-- Threads take interleaved numbers; done() prints the next unused one, so a
-- second run can continue where this one stopped.
-- Arguments: cookie file, body file, number of threads, first number.
local report = dofile("scripts/bench.d/report.lua")

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function init(args)
  cookies = lines(args[1])
  bodies = lines(args[2])
  nthreads = tonumber(args[3])
  first = tonumber(args[4])
  sent = 0
  -- Requests beyond the seeded participants repeat earlier uploads (409).
  reused = 0
end

function request()
  local k = first + sent * nthreads + tid
  sent = sent + 1
  local p = math.floor(k / #bodies)
  if p >= #cookies then
    reused = reused + 1
    p = p % #cookies
  end
  return wrk.format("POST", "/api/v1/results", {
    ["Cookie"] = cookies[p + 1],
    ["Content-Type"] = "application/json",
    ["x-lotse-request"] = "1",
  }, bodies[k % #bodies + 1])
end

function done(summary, latency, requests)
  local most, reused_total, first, nthreads = 0, 0, 0, 1
  for _, t in ipairs(threads) do
    most = math.max(most, t:get("sent"))
    reused_total = reused_total + t:get("reused")
    first, nthreads = t:get("first"), t:get("nthreads")
  end
  report(summary, latency, string.format("next=%d reused=%d", first + most * nthreads, reused_total))
end
