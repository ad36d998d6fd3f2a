-- GET the URL's path on every request (the bare ping, availability, the team list); figures from report.lua.
dofile("bench/wrk/report.lua")
