-- wrk script of the portal benchmark: each request goes to a random (host, path) of
-- the file named by BENCH_PATHS ("host path" per line), with that Host header.
local targets = {}

function init(args)
  local file = assert(io.open(os.getenv("BENCH_PATHS"), "r"))
  for line in file:lines() do
    local host, path = line:match("^(%S+)%s+(%S+)$")
    if host then targets[#targets + 1] = {host, path} end
  end
  file:close()
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

function request()
  local target = targets[math.random(#targets)]
  return wrk.format("GET", target[2], {Host = target[1]})
end

function done(summary, latency, requests)
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, " ..
    "\"errors_status\": %d, \"errors_other\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
