-- Applicants filling in their applications and submitting them, as their phones do.
--
-- Arguments (after --): the Lua data file written by bench/load_data.py and the number of wrk
-- threads. Each thread takes every n-th prepared applicant. Like a person on her phone, an applicant
-- has one request at a time in flight: her next step (the seven steps, then the final submit) is
-- sent only once the redirect of the previous one has come back; meanwhile the connection carries
-- another applicant's request. When a thread has started all its applicants, it goes on with its
-- reserve drafts, whose steps are saved over and over and which are never submitted.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function share(list, id, n)
  local mine = {}
  for i, a in ipairs(list) do
    if (i - 1) % n == id then mine[#mine + 1] = a end
  end
  return mine
end

function init(args)
  local data = dofile(args[1])
  local n = tonumber(args[2])
  steps, submit_body = data.steps, data.submit
  pool, reserve = share(data.pool, id, n), share(data.reserve, id, n)
  by_pk = {}
  for _, a in ipairs(pool) do by_pk[a.pk] = a end
  for _, a in ipairs(reserve) do a.reserve = true; by_pk[a.pk] = a end
  ready, head, tail = {}, 1, 0
  fresh, fresh_reserve = 1, 1
  sent_step, sent_submit, sent_reserve = 0, 0, 0
  ok_step, ok_submit, ok_reserve, others = 0, 0, 0, 0
  first_other = ""
end

local function post(a, path, body)
  return wrk.format("POST", path, {
    ["Cookie"] = a.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body .. "&csrfmiddlewaretoken=" .. a.token)
end

local function step_path(a, phase)
  return "/applications/" .. a.pk .. "/step/" .. steps[phase].slug .. "/"
end

-- The applicant whose turn it is and her phase: 1 to #steps for a step, #steps + 1 for the submit.
local function next_turn()
  if head <= tail then
    local turn = ready[head]
    ready[head], head = nil, head + 1
    return turn[1], turn[2]
  end
  if fresh <= #pool then
    fresh = fresh + 1
    return pool[fresh - 1], 1
  end
  fresh_reserve = fresh_reserve + 1
  return reserve[(fresh_reserve - 2) % #reserve + 1], 1
end

function request()
  local a, phase = next_turn()
  a.phase = phase
  if a.reserve then
    sent_reserve = sent_reserve + 1
  elseif phase > #steps then
    sent_submit = sent_submit + 1
    return post(a, "/applications/" .. a.pk .. "/review/", submit_body)
  else
    sent_step = sent_step + 1
  end
  local body = steps[phase].body
  if steps[phase].slug == "personal" then body = body .. "&email=" .. a.email end
  return post(a, step_path(a, phase), body)
end

local function other(status, location)
  others = others + 1
  if first_other == "" then first_other = status .. " " .. location end
end

function response(status, headers, body)
  local location = headers["Location"] or ""
  local a = by_pk[tonumber(location:match("^/applications/(%d+)/") or "")]
  if status ~= 302 or a == nil then return other(status, location) end
  local phase = a.phase
  if a.reserve then
    ok_reserve = ok_reserve + 1
    tail = tail + 1
    ready[tail] = {a, phase % #steps + 1}
    return
  end
  local expected = "/applications/" .. a.pk .. "/"
  if phase < #steps then expected = step_path(a, phase + 1)
  elseif phase == #steps then expected = expected .. "review/" end
  if location ~= expected then return other(status, location) end
  if phase > #steps then
    ok_submit = ok_submit + 1
  else
    ok_step = ok_step + 1
    tail = tail + 1
    ready[tail] = {a, phase + 1}
  end
end

function done(summary, latency, requests)
  local names = {"sent_step", "sent_submit", "sent_reserve", "ok_step", "ok_submit", "ok_reserve", "others"}
  local totals = {}
  local first = ""
  for _, name in ipairs(names) do totals[name] = 0 end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(names) do totals[name] = totals[name] + thread:get(name) end
    if first == "" then first = thread:get("first_other") end
  end
  local parts = {}
  for _, name in ipairs(names) do parts[#parts + 1] = string.format('"%s": %d', name, totals[name]) end
  parts[#parts + 1] = string.format('"first_other": "%s"', first)
  io.write("{" .. table.concat(parts, ", ") .. "}\n")
end
