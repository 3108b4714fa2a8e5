-- Shared by the wrk scripts: done() prints one machine-readable line that
-- scripts/bench turns into its table. Latencies in milliseconds; `ok` counts
-- 2xx answers (wrk counts the rest as status errors).
return function(summary, latency, extra)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local ok = summary.requests - e.status
  local rate = ok / seconds
  io.write(string.format(
    "RESULT requests=%d ok=%d ok_rps=" .. (rate < 100 and "%.1f" or "%.0f") ..
    " p50=%.2f p95=%.2f p99=%.2f max=%.2f " ..
    "non2xx=%d socket_errors=%d timeouts=%d %s\n",
    summary.requests, ok, rate,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write, e.timeout, extra or ""))
end
