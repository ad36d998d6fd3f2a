-- POST registrations: a multipart body encoded once by bench/wrk_run.py, read from a file, with its QWORDQ tokens
-- (team, captain, vice and player names, emails) and QCHURCHQ token (the church) replaced by a word unique to this
-- wrk run, thread and request, so every registration is new. Arguments: body file, content type, run tag (letters)
-- and the church word ("" for a church of its own per team). Figures from report.lua.
dofile("bench/wrk/report.lua")

local pieces, kinds = {}, {}
local tag, church = "", ""
local sent = 0

-- No "m", as in bench/bodies.py: the team-name rule folds lookalikes ("m" is "rn").
local alphabet = "abcdefghijklnopqrstuvwxyz"

local function letters(n)
   local word = ""
   repeat
      local rem = n % #alphabet
      word = string.sub(alphabet, rem + 1, rem + 1) .. word
      n = (n - rem) / #alphabet
   until n == 0
   return word
end

local function split(body)
   local tokens = {W = "QWORDQ", C = "QCHURCHQ"}
   local at = 1
   while true do
      local best, kind
      for name, token in pairs(tokens) do
         local found = string.find(body, token, at, true)
         if found and (not best or found < best) then best, kind = found, name end
      end
      if not best then break end
      pieces[#pieces + 1] = string.sub(body, at, best - 1)
      kinds[#kinds + 1] = kind
      at = best + #tokens[kind]
   end
   pieces[#pieces + 1] = string.sub(body, at)
end

function init(args)
   local file = assert(io.open(args[1], "rb"))
   split(file:read("*a"))
   file:close()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = args[2]
   tag, church = args[3], args[4] or ""
end

function request()
   sent = sent + 1
   -- ids are 1..threads (at most 25), one letter each, so tag .. thread .. counter never repeats
   local word = tag .. string.sub(alphabet, id, id) .. letters(sent)
   local parts = {}
   for i, kind in ipairs(kinds) do
      parts[#parts + 1] = pieces[i]
      parts[#parts + 1] = (kind == "C" and church ~= "") and church or word
   end
   parts[#parts + 1] = pieces[#pieces]
   return wrk.format(nil, nil, nil, table.concat(parts))
end

-- wrk calls delay() for a connection right after response() (report.lua) saw its answer, so a client told the
-- server is busy (503 with Retry-After) sends again when it says, as the Python driver does; the pause is not
-- counted as latency. Only this script has it: a delay() costs wrk a timer per request.
function delay()
   local wait = pause
   pause = 0
   return wait
end
