-- POST to the insert floor; count the answers that are not its redirect.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "n=1"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  redirects, others = 0, 0
end

function response(status, headers, body)
  if status == 302 then redirects = redirects + 1 else others = others + 1 end
end

function done(summary, latency, requests)
  local r, o = 0, 0
  for _, thread in ipairs(threads) do
    r, o = r + thread:get("redirects"), o + thread:get("others")
  end
  io.write(string.format('{"redirects": %d, "others": %d}\n', r, o))
end
