-- GET one caseload page as a signed-in staff member.
-- Arguments: cookie file, path with query.
local report = dofile("scripts/bench.d/report.lua")

function init(args)
  local file = io.open(args[1])
  wrk.headers["Cookie"] = file:read("*l")
  file:close()
  wrk.path = args[2]
end

function done(summary, latency, requests)
  report(summary, latency, "")
end
