-- Shared by the wrk scripts: counts statuses per thread and prints one JSON line of figures when wrk is done.
-- Loaded with dofile from the repository root (bench/wrk_run.py runs wrk there).
local threads = {}
statuses = {}
-- Milliseconds the last 503's Retry-After asked for; register.lua's delay() waits them out.
pause = 0

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 503 then
      pause = (tonumber(headers["Retry-After"] or headers["retry-after"] or "") or 0) * 1000
   end
end

function done(summary, latency, requests)
   local counts = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         counts[#counts + 1] = string.format('"%d": %d', status, count)
      end
   end
   local e = summary.errors
   io.write(string.format(
      'WRK-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
      '"statuses": [{%s}], "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, table.concat(counts, "}, {"), e.connect, e.read, e.write, e.timeout))
end
