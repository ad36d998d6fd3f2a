-- POST registrations: a multipart body encoded once by bench/wrk_run.py, read from a file, with its QWORDQ tokens
-- (team, captain, vice and player names, emails) and QCHURCHQ token (the church) replaced by a word unique to this
-- wrk run, thread and request, so every registration is new. Arguments: body file, content type, run tag (letters)
-- and the church word ("" for a church of its own per team). Figures from report.lua.
dofile("bench/wrk/report.lua")

local pieces, kinds = {}, {}
local tag, church, head = "", "", ""
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
   tag, church = args[3], args[4] or ""
   -- wrk.format's request line and headers (Host included), ending where the body's length goes.
   local path = wrk.path
   head = "POST " .. path .. " HTTP/1.1\r\nHost: " .. wrk.host .. ":" .. wrk.port .. "\r\nContent-Type: " ..
      args[2] .. "\r\nContent-Length: "
end

function request()
   sent = sent + 1
   -- ids are 1..threads (at most 25), one letter each, so tag .. thread .. counter never repeats
   local word = tag .. string.sub(alphabet, id, id) .. letters(sent)
   -- The head and the body in one concatenation: a second copy of 2.5 MB (wrk.format's) cost the driver as much
   -- CPU as the bare baseline spends on a form, and the driver shares the cores with the server it measures.
   local parts = {"", ""}
   local length = 0
   for i, kind in ipairs(kinds) do
      local value = (kind == "C" and church ~= "") and church or word
      parts[#parts + 1] = pieces[i]
      parts[#parts + 1] = value
      length = length + #pieces[i] + #value
   end
   parts[#parts + 1] = pieces[#pieces]
   length = length + #pieces[#pieces]
   parts[1] = head
   parts[2] = tostring(length) .. "\r\n\r\n"
   return table.concat(parts)
end

-- wrk calls delay() for a connection right after response() (report.lua) saw its answer, so a client told the
-- server is busy (503 with Retry-After) sends again when it says, as the Python driver does; the pause is not
-- counted as latency. Only this script has it: a delay() costs wrk a timer per request.
function delay()
   local wait = pause
   pause = 0
   return wait
end
