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
-- It also decodes LAN discovery on UDP port 8099: a terminal's probe (UDPCHAT-FIND) and a
-- server's answer (UDPCHAT-HERE), field by field, with what a server or terminal would ignore
-- marked malformed and why (filter: udpchat.discovery.magic).
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
-- LAN discovery's fields, in the order they come in a probe or an answer.
local d = {
  magic = ProtoField.string("udpchat.discovery.magic", "Magic"),
  version = ProtoField.string("udpchat.discovery.version", "Version"),
  want = ProtoField.string("udpchat.discovery.want", "Wants"),
  nonce = ProtoField.string("udpchat.discovery.nonce", "Nonce"),
  instance = ProtoField.string("udpchat.discovery.instance", "Server instance"),
  kind = ProtoField.string("udpchat.discovery.kind", "Server kind"),
  port = ProtoField.uint16("udpchat.discovery.port", "Serves on port", base.DEC),
  members = ProtoField.uint32("udpchat.discovery.members", "Members", base.DEC),
  name = ProtoField.string("udpchat.discovery.name", "Server name"),
  padding_length = ProtoField.uint32("udpchat.discovery.padding_length", "Padding length", base.DEC),
}
udpchat.fields = { f.direction, f.kind, f.sender, f.text, f.notice, f.length, d.magic, d.version, d.want, d.nonce,
                   d.instance, d.kind, d.port, d.members, d.name, d.padding_length }

local unreadable = ProtoExpert.new("udpchat.unreadable", "No ____ separator, or nothing before it",
                                   expert.group.MALFORMED, expert.severity.WARN)
local malformed_discovery = ProtoExpert.new("udpchat.discovery.malformed",
                                            "Not a well-formed discovery datagram: it gets no answer, or is not listed",
                                            expert.group.MALFORMED, expert.severity.WARN)
udpchat.experts = { unreadable, malformed_discovery }

local separator = "____"
-- The port LAN discovery uses, whatever the chat port (shared/include/udpchat/discovery_message.hpp).
local discovery_port = 8099
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

-- Defined with the discovery formats, further down.
local dissect_discovery

-- A datagram to or from the discovery port is discovery, unless its other end is the chat port
-- (a member that happened to get 8099 as its own port).
local function is_discovery(pinfo)
  local chat_port = udpchat.prefs.port
  if pinfo.src_port == chat_port or pinfo.dst_port == chat_port then return false end
  return pinfo.src_port == discovery_port or pinfo.dst_port == discovery_port
end

function udpchat.dissector(tvb, pinfo, tree)
  if tcp_source_port() ~= nil then return dissect_tcp(tvb, pinfo, tree) end
  if is_discovery(pinfo) then return dissect_discovery(tvb, pinfo, tree) end
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
  if is_discovery(pinfo) then return end
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

-- LAN discovery (docs/protocol.md, "Discovery"):
--   probe    UDPCHAT-FIND 1 <want> <nonce>\n<padding>, 256 to 512 bytes, to port 8099
--   answer   UDPCHAT-HERE 1 <nonce> <instance> <kind> <port> <members> <name>\n, at most 232
--            bytes, from port 8099
-- Every field is shown as it came; the first thing that would make a server (or a terminal)
-- ignore the datagram is named in an expert note.

local probe_min_bytes, probe_max_bytes = 256, 512
local answer_max_bytes = 232
local name_max_bytes = 160

-- The space-separated fields of `line`, at most `most` of them (the last one takes the rest of
-- the line), each as its text and its 0-based offset.
local function split_fields(line, most)
  local fields, at = {}, 0
  while #fields + 1 < most do
    local space = line:find(" ", at + 1, true)
    if space == nil then break end
    fields[#fields + 1] = { text = line:sub(at + 1, space - 1), at = at }
    at = space
  end
  fields[#fields + 1] = { text = line:sub(at + 1), at = at }
  return fields
end

local function is_hex_id(text)
  return #text == 16 and text:match("^[0-9a-f]+$") ~= nil
end

-- Decimal as a server writes it (no sign, no leading zero) and at most `largest`, compared as
-- text so that no number is ever rounded.
local function is_decimal(text, largest)
  if text ~= "0" and text:match("^[1-9]%d*$") == nil then return false end
  return #text < #largest or (#text == #largest and text <= largest)
end

local function is_server_name(name)
  return #name >= 1 and #name <= name_max_bytes and name:sub(1, 1) ~= " " and name:sub(-1) ~= " " and
         name:find("[\t\r\n]") == nil and is_plain_text(name)
end

local function one_of(text, words)
  for _, word in ipairs(words) do
    if text == word then return true end
  end
  return false
end

-- Each field's place in a probe and an answer, with the check a receiver makes of it: nil when
-- it is right, else why not.
local function check_magic(magic)
  return function(text)
    if text ~= magic then return "not " .. magic end
  end
end

local function check_version(text)
  if text ~= "1" then return "version " .. escaped(text) .. ", not 1" end
end

local function check_id(what)
  return function(text)
    if not is_hex_id(text) then return "the " .. what .. " is not 16 lowercase hex digits" end
  end
end

local function check_word(what, words)
  return function(text)
    if not one_of(text, words) then return what .. " " .. escaped(text) .. ", not " .. table.concat(words, ", ") end
  end
end

local function check_port(text)
  if text == "0" or not is_decimal(text, "65535") then return "the port is not 1 to 65535 without leading zeros" end
end

local function check_members(text)
  if not is_decimal(text, "4294967295") then
    return "the member count is not 0 to 4294967295 without leading zeros"
  end
end

local function check_name(text)
  if not is_server_name(text) then
    return "the name is not 1 to 160 bytes of UTF-8 without control characters or outer spaces"
  end
end

local probe_fields = {
  { field = d.magic, check = check_magic("UDPCHAT-FIND") },
  { field = d.version, check = check_version },
  { field = d.want, check = check_word("wants", { "hub", "tcp", "any" }) },
  { field = d.nonce, check = check_id("nonce") },
}

local answer_fields = {
  { field = d.magic, check = check_magic("UDPCHAT-HERE") },
  { field = d.version, check = check_version },
  { field = d.nonce, check = check_id("nonce") },
  { field = d.instance, check = check_id("instance") },
  { field = d.kind, check = check_word("kind", { "hub", "room", "desk" }) },
  { field = d.port, number = true, check = check_port },
  { field = d.members, number = true, check = check_members },
  { field = d.name, check = check_name },
}

-- Adds the fields of `line` (the datagram's first bytes) to `tree`; returns their texts by field,
-- and the first problem found. The last field takes the rest of the line when `last_takes_rest`.
local function add_fields(tree, tvb, line, specs, last_takes_rest)
  local fields = split_fields(line, last_takes_rest and #specs or #specs + 1)
  local values, problem = {}, nil
  for i, spec in ipairs(specs) do
    local each = fields[i]
    if each == nil then
      problem = problem or "the line has " .. (i - 1) .. " of its " .. #specs .. " fields"
      break
    end
    local why = spec.check(each.text)
    if #each.text == 0 then
      if not spec.number then tree:add(spec.field, "") end
    elseif not spec.number then
      tree:add(spec.field, tvb(each.at, #each.text), escaped(each.text))
    elseif why == nil then
      tree:add(spec.field, tvb(each.at, #each.text), tonumber(each.text))
    end
    problem = problem or why
    values[spec.field] = each.text
  end
  if fields[#specs + 1] ~= nil then problem = problem or "more fields than it has" end
  return values, problem
end

local function dissect_probe(item, tvb, bytes)
  local size = #bytes
  local newline = bytes:find("\n", 1, true)
  local values, problem = add_fields(item, tvb, bytes:sub(1, (newline or size + 1) - 1), probe_fields, false)
  if newline == nil then
    problem = "no line end"
  else
    local padding = size - newline
    if padding > 0 then item:add(d.padding_length, tvb(newline, padding), padding) else item:add(d.padding_length, 0) end
  end
  if size < probe_min_bytes or size > probe_max_bytes then
    problem = size .. " bytes: a probe has " .. probe_min_bytes .. " to " .. probe_max_bytes
  end
  if problem ~= nil then return "malformed discovery probe", problem end
  return "discovery probe", "wants " .. values[d.want] .. ", nonce " .. values[d.nonce] .. " (" .. size .. " bytes)"
end

local function dissect_answer(item, tvb, bytes)
  local size = #bytes
  local newline = bytes:find("\n", 1, true)
  local values, problem = add_fields(item, tvb, bytes:sub(1, (newline or size + 1) - 1), answer_fields, true)
  if newline == nil then
    problem = "no line end"
  elseif newline < size then
    problem = (size - newline) .. (size - newline == 1 and " byte" or " bytes") .. " after the line end"
  end
  if size > answer_max_bytes then problem = size .. " bytes: an answer has at most " .. answer_max_bytes end
  if problem ~= nil then return "malformed discovery answer", problem end
  local members = values[d.members]
  return "discovery answer", values[d.kind] .. " \"" .. escaped(values[d.name]) .. "\" on port " .. values[d.port] ..
         ", " .. members .. (members == "1" and " member" or " members") .. " (instance " .. values[d.instance] .. ")"
end

dissect_discovery = function(tvb, pinfo, tree)
  pinfo.cols.protocol = "UDPCHAT"
  local bytes = tvb:raw()
  local item = tree:add(udpchat, tvb(), "udpchat discovery")
  item:add(f.length, #bytes)
  -- By its magic; without one, by the way it goes.
  local is_probe = bytes:sub(1, 12) == "UDPCHAT-FIND" or
                   (bytes:sub(1, 12) ~= "UDPCHAT-HERE" and pinfo.dst_port == discovery_port)
  local kind, summary
  if is_probe then
    item:add(f.direction, "terminal -> servers")
    kind, summary = dissect_probe(item, tvb, bytes)
  else
    item:add(f.direction, "server -> terminal")
    kind, summary = dissect_answer(item, tvb, bytes)
  end
  item:add(f.kind, kind)
  if kind:sub(1, 9) == "malformed" then item:add_proto_expert_info(malformed_discovery, summary) end
  item:append_text(": " .. kind .. ": " .. summary)
  pinfo.cols.info = kind .. ": " .. summary
  return #bytes
end

DissectorTable.get("udp.port"):add(discovery_port, udpchat)
