/**
 * landed's own rspamd rules (loaded as rspamd.local.lua from the private config folder). They add what the
 * stock rules leave to network lists or cannot know: URL shorteners (from the package's own local list of
 * redirectors, read once at start, so no map fetch), bulk mail without List-Unsubscribe (landed says a
 * scenario is bulk in the X-Landed-Bulk request header, never in the message), and a GTUBE-like test marker
 * that scores high without stopping every other rule the way rspamd's GTUBE does.
 */
export const TEST_SPAM_MARKER = 'LANDED-TEST-SPAM-MARKER';

export const LANDED_RULES_LUA = `-- written by landed; see src/content/rspamd/rules.ts
local shorteners = {}
local f = io.open('/etc/rspamd/maps.d/redirectors.inc', 'r')
if f then
  for line in f:lines() do
    local host = line:match('^%s*([%w%.%-]+)%s*$')
    if host then shorteners[host:lower()] = true end
  end
  f:close()
end
for _, host in ipairs({ 'bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'tiny.cc', 'rb.gy', 't.ly' }) do
  shorteners[host] = true
end

local function is_bulk(task)
  local v = task:get_request_header('X-Landed-Bulk')
  return v ~= nil and tostring(v) == 'yes'
end

rspamd_config.LANDED_URL_SHORTENER = {
  callback = function(task)
    local found, seen = {}, {}
    for _, url in ipairs(task:get_urls(true) or {}) do
      local host = (url:get_host() or ''):lower()
      if shorteners[host] and not seen[host] then
        seen[host] = true
        table.insert(found, host)
      end
    end
    table.sort(found)
    if #found > 0 then return true, 1.0, found end
    return false
  end,
  score = 4.0,
  group = 'landed',
  description = 'Links through a URL shortener',
}

rspamd_config.LANDED_BULK_NO_LIST_UNSUBSCRIBE = {
  callback = function(task)
    return is_bulk(task) and task:get_header('List-Unsubscribe') == nil
  end,
  score = 3.0,
  group = 'landed',
  description = 'Bulk mail without List-Unsubscribe',
}

rspamd_config.LANDED_BULK_NO_ONE_CLICK = {
  callback = function(task)
    if not is_bulk(task) or task:get_header('List-Unsubscribe') == nil then return false end
    local post = task:get_header('List-Unsubscribe-Post')
    return post == nil or not tostring(post):find('List-Unsubscribe=One-Click', 1, true)
  end,
  score = 1.0,
  group = 'landed',
  description = 'Bulk mail without RFC 8058 one-click unsubscribe',
}

rspamd_config.LANDED_TEST_SPAM = {
  callback = function(task)
    for _, part in ipairs(task:get_text_parts() or {}) do
      local content = part:get_content()
      if content and tostring(content):find('${TEST_SPAM_MARKER}', 1, true) then return true end
    end
    local subject = task:get_header('Subject')
    return subject ~= nil and tostring(subject):find('${TEST_SPAM_MARKER}', 1, true) ~= nil
  end,
  score = 12.0,
  group = 'landed',
  description = 'landed test spam marker',
}
`;
