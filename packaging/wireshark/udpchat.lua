-- SPDX-License-Identifier: GPL-3.0-or-later
-- Wireshark dissector for the udpchat protocol (udpchat-server over UDP; udpchat-room and
-- udpchat-desk over TCP, one message per line). The wire format is described in docs/protocol.md.
--
-- Load it for one run:   wireshark -X lua_script:udpchat.lua capture.pcap
--                        tshark -X lua_script:udpchat.lua -r capture.pcap
-- or copy it to a plugins folder (~/.local/lib/wireshark/plugins/, or the system's
-- /usr/lib/x86_64-linux-gnu/wireshark/plugins/ on Debian) to have it always.
--
-- It takes UDP and TCP port 8000. A UDP hub on any other port is found by what it sends: the
-- first datagram from it that reads as a relay (<sender>____<text> with an address for a sender)
-- or as the hub's welcome or closing marks its address and port, and from then on every datagram
-- to or from that hub is decoded, the members' own included (the heuristic "udpchat_udp", on by
-- default). What a member sent before that is decoded on a second pass (tshark -2, or in
-- Wireshark once the packet is looked at again). A TCP room or desk on another port, or a UDP hub
-- that has not relayed anything yet: Analyze > Decode As... > UDPCHAT, or the preference
-- "udpchat.port" (tshark -o udpchat.port:9000), or tshark -d udp.port==9000,udpchat.
--
-- Whatever came from the network is shown escaped: control characters as \n, \r or \xNN, and
-- bytes that are not UTF-8 as \xNN, so a capture cannot play tricks on whoever reads it.

local udpchat = Proto("udpchat", "udpchat chat protocol")

local default_port = 8000
udpchat.prefs.port = Pref.uint("Port", default_port, "UDP and TCP port of the udpchat server")

local f = {
  direction = ProtoField.string("udpchat.direction", "Direction"),
  kind = ProtoField.string("udpchat.kind", "Kind"),
  sender = ProtoField.string("udpchat.sender", "Sender"),
  text = ProtoField.string("udpchat.text", "Text"),
  notice = ProtoField.string("udpchat.notice", "Departure notice"),
  length = ProtoField.uint32("udpchat.length", "Length", base.DEC),
}
udpchat.fields = { f.direction, f.kind, f.sender, f.text, f.notice, f.length }

local unreadable = ProtoExpert.new("udpchat.unreadable", "No ____ separator, or nothing before it",
                                   expert.group.MALFORMED, expert.severity.WARN)
udpchat.experts = { unreadable }

local separator = "____"
local departure_marker = "qq"

-- The length of the well-formed UTF-8 sequence that starts with a byte of 0x80 or more at `i`,
-- or 0 when there is none (a stray continuation byte, an overlong form, a surrogate, past
-- U+10FFFF, or cut short by the end).
local function utf8_sequence_length(bytes, i)
  local b = bytes:byte(i)
  -- How long the sequence must be, and the range its second byte must be in.
  local length, low, high = 0, 0x80, 0xbf
  if b >= 0xc2 and b <= 0xdf then length = 2
  elseif b == 0xe0 then length, low = 3, 0xa0
  elseif b == 0xed then length, high = 3, 0x9f
  elseif b >= 0xe1 and b <= 0xef then length = 3
  elseif b == 0xf0 then length, low = 4, 0x90
  elseif b >= 0xf1 and b <= 0xf3 then length = 4
  elseif b == 0xf4 then length, high = 4, 0x8f
  end
  if length == 0 or i + length - 1 > #bytes then return 0 end
  for k = 1, length - 1 do
    local c = bytes:byte(i + k)
    local lo, hi = 0x80, 0xbf
    if k == 1 then lo, hi = low, high end
    if c < lo or c > hi then return 0 end
  end
  return length
end

-- The text made safe to show: TAB and well-formed UTF-8 unchanged, LF and CR as \n and \r,
-- every other control character (C0, DEL, C1) and every byte outside well-formed UTF-8 as \xNN.
local function escaped(bytes)
  local out = {}
  local i, n = 1, #bytes
  local function hex(b) out[#out + 1] = string.format("\\x%02x", b) end
  while i <= n do
    local b = bytes:byte(i)
    if b == 0x0a then
      out[#out + 1] = "\\n"; i = i + 1
    elseif b == 0x0d then
      out[#out + 1] = "\\r"; i = i + 1
    elseif b == 0x09 or (b >= 0x20 and b < 0x7f) then
      out[#out + 1] = string.char(b); i = i + 1
    elseif b < 0x80 then
      hex(b); i = i + 1
    else
      local length = utf8_sequence_length(bytes, i)
      if length == 0 then
        hex(b); i = i + 1
      elseif b == 0xc2 and bytes:byte(i + 1) < 0xa0 then
        hex(b); hex(bytes:byte(i + 1)); i = i + 2  -- a C1 control character
      else
        out[#out + 1] = bytes:sub(i, i + length - 1); i = i + length
      end
    end
  end
  return table.concat(out)
end

-- Adds a string field covering bytes [first, first + size) of the message at `offset` in tvb.
local function add_text(tree, field, tvb, offset, first, size, bytes)
  local shown = escaped(bytes)
  if size > 0 then
    tree:add(field, tvb(offset + first, size), shown)
  else
    tree:add(field, shown)
  end
  return shown
end

-- A member's message to the server: the kind, and a one-line summary.
local function member_to_server(tree, tvb, offset, bytes)
  local trimmed = bytes:gsub("[ \t\r\n]+$", "")
  if trimmed == "quit" then
    tree:add(f.kind, "quit")
    return "quit"
  end
  local text = bytes:gsub("[\r\n]+$", "")
  if text == "" then
    tree:add(f.kind, "join / keepalive")
    return "join / keepalive (empty)"
  end
  tree:add(f.kind, "message")
  local shown = add_text(tree, f.text, tvb, offset, 0, #text, text)
  return "message: " .. shown
end

-- What the server says to a member: the sender, then a text, a departure or a notice.
local function server_to_member(tree, tvb, offset, bytes)
  local first = bytes:find(separator, 1, true)
  if first == nil or first == 1 then
    tree:add(f.kind, "unreadable")
    tree:add_proto_expert_info(unreadable)
    return "unreadable: " .. escaped(bytes)
  end
  local sender = bytes:sub(1, first - 1)
  local rest_at = first - 1 + #separator  -- 0-based offset of what follows the separator
  local rest = bytes:sub(rest_at + 1)
  local shown_sender = add_text(tree, f.sender, tvb, offset, 0, #sender, sender)

  -- A departure ends in ____qq; its notice is what lies between.
  local suffix = separator .. departure_marker
  if #rest >= #suffix and rest:sub(-#suffix) == suffix then
    local notice = rest:sub(1, #rest - #suffix)
    local shown = add_text(tree, f.notice, tvb, offset, rest_at, #notice, notice)
    if sender == "hub" then
      tree:add(f.kind, "closing")
      return "the server is closing (" .. shown .. ")"
    end
    tree:add(f.kind, "departure")
    return shown_sender .. " went: " .. shown
  end

  local shown = add_text(tree, f.text, tvb, offset, rest_at, #rest, rest)
  if sender == "hub" then
    local kind = "hub notice"
    for _, word in ipairs({ "welcome", "paused", "error", "goodbye" }) do
      if rest:sub(1, #word) == word then kind = word end
    end
    tree:add(f.kind, kind)
    return "hub " .. kind .. ": " .. shown
  end
  if sender == "agent" then
    tree:add(f.kind, "agent")
    return "agent: " .. shown
  end
  tree:add(f.kind, "relayed message")
  return shown_sender .. " says: " .. shown
end

-- UDP hubs the heuristic has found, as "address port". A capture read again starts afresh.
local known_hubs = {}

local function is_known_hub(address, port)
  return known_hubs[tostring(address) .. " " .. port] == true
end

function udpchat.init()
  known_hubs = {}
end

-- Which way a message goes: toward a hub the heuristic found; else by the server's port (the
-- one this dissector was called for), or, when both ends use it, by the look of it (only the
-- server sends <sender>____).
local function to_server(pinfo, bytes)
  local to_hub = is_known_hub(pinfo.dst, pinfo.dst_port)
  if to_hub ~= is_known_hub(pinfo.src, pinfo.src_port) then return to_hub end
  local port = pinfo.match_uint
  if port == nil or port == 0 then port = udpchat.prefs.port end
  if pinfo.dst_port == port and pinfo.src_port ~= port then return true end
  if pinfo.src_port == port and pinfo.dst_port ~= port then return false end
  local first = bytes:find(separator, 1, true)
  return first == nil or first == 1
end

-- One message: a datagram, or a line without its '\n'. Returns the summary for the Info column.
local function dissect_message(tvb, offset, size, pinfo, tree, label)
  local bytes = tvb:raw(offset, size)
  local item = tree:add(udpchat, tvb(offset, size), label)
  item:add(f.length, size)
  local summary
  if to_server(pinfo, bytes) then
    item:add(f.direction, "member -> server")
    summary = member_to_server(item, tvb, offset, bytes)
  else
    item:add(f.direction, "server -> member")
    summary = server_to_member(item, tvb, offset, bytes)
  end
  item:append_text(": " .. summary)
  return summary
end

local function dissect_udp(tvb, pinfo, tree)
  pinfo.cols.protocol = "UDPCHAT"
  pinfo.cols.info = dissect_message(tvb, 0, tvb:len(), pinfo, tree, "udpchat datagram")
  return tvb:len()
end

-- Over TCP every message is a line; a line cut across segments is put back together first.
local function dissect_tcp(tvb, pinfo, tree)
  local length = tvb:len()
  local bytes = tvb:raw(0, length)
  local start = 0
  local summaries = {}
  while start < length do
    local newline = bytes:find("\n", start + 1, true)
    if newline == nil then
      pinfo.desegment_offset = start
      pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
      break
    end
    local line_size = newline - 1 - start
    if line_size > 0 and bytes:byte(newline - 1) == 0x0d then line_size = line_size - 1 end
    summaries[#summaries + 1] = dissect_message(tvb, start, line_size, pinfo, tree, "udpchat line")
    start = newline
  end
  if #summaries > 0 then
    pinfo.cols.protocol = "UDPCHAT"
    pinfo.cols.info = table.concat(summaries, " | ")
  end
  return length
end

-- Present only in a packet that came over TCP.
local tcp_source_port = Field.new("tcp.srcport")

function udpchat.dissector(tvb, pinfo, tree)
  if tcp_source_port() ~= nil then return dissect_tcp(tvb, pinfo, tree) end
  return dissect_udp(tvb, pinfo, tree)
end

-- An empty datagram (a join, or a keepalive) is never handed to a UDP port's dissector, so a
-- post-dissector looks at each empty datagram to or from a port that is udpchat's, whether by
-- default, by the preference or by Decode As.
local udp_length = Field.new("udp.length")
local udp_source_port = Field.new("udp.srcport")
local udp_destination_port = Field.new("udp.dstport")
local udp_ports = DissectorTable.get("udp.port")
local ours = tostring(Dissector.get("udpchat"))

local function is_udpchat_port(port)
  local dissector = udp_ports:get_dissector(port)
  return dissector ~= nil and tostring(dissector) == ours
end

local function is_hub(address, port)
  return is_udpchat_port(port) or is_known_hub(address, port)
end

local empty_datagrams = Proto("udpchat_empty", "udpchat empty datagram (join or keepalive)")

function empty_datagrams.dissector(tvb, pinfo, tree)
  local lengths = { udp_length() }
  if #lengths ~= 1 or lengths[1]() ~= 8 then return end
  local to_hub = is_hub(pinfo.dst, udp_destination_port()())
  if not to_hub and not is_hub(pinfo.src, udp_source_port()()) then return end
  pinfo.cols.protocol = "UDPCHAT"
  local item = tree:add(udpchat, "udpchat datagram")
  item:add(f.length, 0)
  if to_hub then
    item:add(f.direction, "member -> server")
    item:add(f.kind, "join / keepalive")
    item:append_text(": join / keepalive (empty)")
    pinfo.cols.info = "join / keepalive (empty)"
  else
    item:add(f.direction, "server -> member")
    item:add(f.kind, "empty")
    item:append_text(": empty")
    pinfo.cols.info = "empty"
  end
end

register_postdissector(empty_datagrams)

local registered_port = nil
local function register(port)
  if registered_port ~= nil then
    DissectorTable.get("udp.port"):remove(registered_port, udpchat)
    DissectorTable.get("tcp.port"):remove(registered_port, udpchat)
  end
  DissectorTable.get("udp.port"):add(port, udpchat)
  DissectorTable.get("tcp.port"):add(port, udpchat)
  registered_port = port
end

function udpchat.prefs_changed()
  if udpchat.prefs.port ~= registered_port then register(udpchat.prefs.port) end
end

register(default_port)

-- The heuristic: a hub on any port, found by the first datagram it sends that no other protocol
-- would: all of it well-formed UTF-8 with no control character but TAB, CR and LF, and before
-- the first ____ an address written as a udpchat hub or the original Python hub writes a sender
-- (or a name and that address), or "hub" saying welcome or closing. Its address and port are
-- remembered; every datagram to or from them is udpchat after that.

-- Well-known ports of UDP protocols a capture is full of. Whatever their payload looks like,
-- it is theirs: DNS, DHCP, TFTP, NTP, NetBIOS, SNMP, QUIC and HTTP/3, IKE, syslog, SSDP,
-- STUN, IPsec NAT traversal, mDNS, LLMNR.
local other_protocols_ports = {}
for _, port in ipairs({ 53, 67, 68, 69, 123, 137, 138, 161, 162, 443, 500, 514, 1900, 3478, 4500,
                        5353, 5355 }) do
  other_protocols_ports[port] = true
end

local function is_port(text)
  return text:match("^[1-9]%d?%d?%d?%d?$") ~= nil and tonumber(text) <= 65535
end

local function is_ipv4(text)
  local parts = { text:match("^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$") }
  if #parts ~= 4 then return false end
  for _, part in ipairs(parts) do
    if tonumber(part) > 255 then return false end
  end
  return true
end

-- Hex groups and colons (two to seven), perhaps a dotted IPv4 tail and a %zone.
local function is_ipv6(text)
  local address, zone = text, nil
  local percent = text:find("%", 1, true)
  if percent ~= nil then address, zone = text:sub(1, percent - 1), text:sub(percent + 1) end
  if zone ~= nil and zone:match("^[%w%.%-_]+$") == nil then return false end
  if #address > 45 or address:match("^[%x:%.]+$") == nil then return false end
  local _, colons = address:gsub(":", "")
  if colons < 2 or colons > 7 then return false end
  if address:find(".", 1, true) ~= nil then
    local tail = address:match(":([%d%.]+)$")
    return tail ~= nil and is_ipv4(tail)
  end
  return true
end

-- 127.0.0.1:41877 and [::1]:41877 (udpchat-server), ('127.0.0.1', 41877) and
-- ('::1', 41877, 0, 0) (the original Python hub).
local function is_address(text)
  local v4, v4_port = text:match("^([%d%.]+):(%d+)$")
  if v4 ~= nil then return is_ipv4(v4) and is_port(v4_port) end
  local v6, v6_port = text:match("^%[([^%]]+)%]:(%d+)$")
  if v6 ~= nil then return is_ipv6(v6) and is_port(v6_port) end
  local host, port, rest = text:match("^%('([^']+)', (%d+)(.*)%)$")
  if host == nil or not is_port(port) then return false end
  if rest == "" then return is_ipv4(host) end
  return rest:match("^, %d+, %d+$") ~= nil and is_ipv6(host)
end

-- An address, or a name as udpchat-server allows one with the address after it:
-- alice (127.0.0.1:41877).
local function is_plausible_sender(text)
  if is_address(text) then return true end
  local name, address = text:match("^([%w%.%-_]+) %((.+)%)$")
  return name ~= nil and #name <= 20 and is_address(address)
end

local function is_plain_text(bytes)
  local i, n = 1, #bytes
  while i <= n do
    local b = bytes:byte(i)
    if b >= 0x80 then
      local length = utf8_sequence_length(bytes, i)
      if length == 0 or (b == 0xc2 and bytes:byte(i + 1) < 0xa0) then return false end
      i = i + length
    elseif b == 0x7f or (b < 0x20 and b ~= 0x09 and b ~= 0x0a and b ~= 0x0d) then
      return false
    else
      i = i + 1
    end
  end
  return true
end

local function looks_sent_by_a_hub(bytes)
  local first = bytes:find(separator, 1, true)
  if first == nil or not is_plain_text(bytes) then return false end
  local sender = bytes:sub(1, first - 1)
  local rest = bytes:sub(first + #separator)
  if sender == "hub" then
    local suffix = separator .. departure_marker
    local welcomed = rest:match("^welcome, you are ([^;]+);")
    return (welcomed ~= nil and is_address(welcomed)) or
           (#rest > #suffix and rest:sub(-#suffix) == suffix and
            rest:sub(1, #rest - #suffix):find(separator, 1, true) == nil)
  end
  return is_plausible_sender(sender)
end

local function heuristic(tvb, pinfo, tree)
  if other_protocols_ports[pinfo.src_port] or other_protocols_ports[pinfo.dst_port] then return false end
  if not is_known_hub(pinfo.src, pinfo.src_port) and not is_known_hub(pinfo.dst, pinfo.dst_port) then
    if not looks_sent_by_a_hub(tvb:raw()) then return false end
    known_hubs[tostring(pinfo.src) .. " " .. pinfo.src_port] = true
  end
  -- The rest of this member's conversation with the hub comes here first, even when the
  -- member's port is one another dissector registered.
  pinfo.conversation = udpchat
  dissect_udp(tvb, pinfo, tree)
  return true
end

udpchat:register_heuristic("udp", heuristic)
