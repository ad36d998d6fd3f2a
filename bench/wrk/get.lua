-- GET the URL's path on every request (the bare ping, availability, the team list); figures from report.lua.
-- Arguments after `--` are headers to send, each "Name: value" (the 304 rows send If-None-Match).
dofile("bench/wrk/report.lua")

function init(args)
   for _, header in ipairs(args) do
      local name, value = header:match("^([^:]+):%s*(.*)$")
      if name then
         wrk.headers[name] = value
      end
   end
end
