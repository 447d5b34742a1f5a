-- A HEP version 3 dissector for tshark, written for Isthmus' interop test from the HEP3
-- specification (sipcapture.org, HEP3 rev12): Debian's Wireshark 4.0 has no HEP dissector.
-- It decodes the chunks into hep3.* fields and hands the payload to Wireshark's own dissectors:
-- SIP (protocol type 1) and JSON (5, RTCP as JSON; 100, log). Registered as a heuristic on UDP,
-- so any port works: tshark -X lua_script:hep3.lua -r capture.pcap -T fields -e hep3.src_ip ...

local hep3 = Proto("hep3", "HEP version 3")

local f = {
  length = ProtoField.uint16("hep3.length", "Total length"),
  ip_family = ProtoField.uint8("hep3.ip_family", "IP family"),
  ip_proto = ProtoField.uint8("hep3.ip_proto", "IP protocol"),
  src_ip = ProtoField.ipv4("hep3.src_ip", "Source IPv4 address"),
  dst_ip = ProtoField.ipv4("hep3.dst_ip", "Destination IPv4 address"),
  src_ip6 = ProtoField.ipv6("hep3.src_ip6", "Source IPv6 address"),
  dst_ip6 = ProtoField.ipv6("hep3.dst_ip6", "Destination IPv6 address"),
  src_port = ProtoField.uint16("hep3.src_port", "Source port"),
  dst_port = ProtoField.uint16("hep3.dst_port", "Destination port"),
  ts_sec = ProtoField.uint32("hep3.ts_sec", "Timestamp, seconds"),
  ts_usec = ProtoField.uint32("hep3.ts_usec", "Timestamp, microseconds"),
  proto_type = ProtoField.uint8("hep3.proto_type", "Protocol type"),
  capture_id = ProtoField.uint32("hep3.capture_id", "Capture agent id"),
  auth_key = ProtoField.string("hep3.auth_key", "Authentication key"),
  correlation_id = ProtoField.string("hep3.correlation_id", "Correlation id"),
  payload = ProtoField.bytes("hep3.payload", "Payload"),
  vendor_chunk = ProtoField.uint16("hep3.vendor_chunk", "Vendor chunk type"),
  unknown_chunk = ProtoField.uint16("hep3.unknown_chunk", "Unknown chunk type"),
}
hep3.fields = {
  f.length, f.ip_family, f.ip_proto, f.src_ip, f.dst_ip, f.src_ip6, f.dst_ip6, f.src_port,
  f.dst_port, f.ts_sec, f.ts_usec, f.proto_type, f.capture_id, f.auth_key, f.correlation_id,
  f.payload, f.vendor_chunk, f.unknown_chunk,
}

local malformed = ProtoExpert.new("hep3.malformed", "Malformed HEP3 packet",
  expert.group.MALFORMED, expert.severity.ERROR)
hep3.experts = { malformed }

local by_type = {
  [1] = f.ip_family, [2] = f.ip_proto, [3] = f.src_ip, [4] = f.dst_ip, [5] = f.src_ip6,
  [6] = f.dst_ip6, [7] = f.src_port, [8] = f.dst_port, [9] = f.ts_sec, [10] = f.ts_usec,
  [11] = f.proto_type, [12] = f.capture_id, [14] = f.auth_key, [15] = f.payload,
  [17] = f.correlation_id,
}

local sip = Dissector.get("sip")
local json = Dissector.get("json")

local function dissect(tvb, pinfo, tree)
  local total = tvb(4, 2):uint()
  local t = tree:add(hep3, tvb(0, math.min(total, tvb:len())))
  t:add(f.length, tvb(4, 2))
  if total ~= tvb:len() then
    t:add_proto_expert_info(malformed, "total length does not match the datagram")
    return
  end
  local off = 6
  local ptype = nil
  local payload = nil
  while off < total do
    if off + 6 > total then
      t:add_proto_expert_info(malformed, "truncated chunk header")
      return
    end
    local vendor = tvb(off, 2):uint()
    local ctype = tvb(off + 2, 2):uint()
    local clen = tvb(off + 4, 2):uint()
    if clen < 6 or off + clen > total then
      t:add_proto_expert_info(malformed, "chunk length out of bounds")
      return
    end
    local value = tvb(off + 6, clen - 6)
    local field = by_type[ctype]
    if vendor ~= 0 then
      t:add(f.vendor_chunk, tvb(off + 2, 2))
    elseif field == nil then
      t:add(f.unknown_chunk, tvb(off + 2, 2))
    else
      t:add(field, value)
      if ctype == 11 then
        ptype = value:uint()
      elseif ctype == 15 then
        payload = value
      end
    end
    off = off + clen
  end
  pinfo.cols.protocol = "HEP3"
  if payload ~= nil and payload:len() > 0 then
    if ptype == 1 then
      sip:call(payload:tvb(), pinfo, tree)
    elseif ptype == 5 or ptype == 100 then
      json:call(payload:tvb(), pinfo, tree)
    end
  end
end

local function heuristic(tvb, pinfo, tree)
  if tvb:len() < 6 or tvb(0, 4):string() ~= "HEP3" then
    return false
  end
  dissect(tvb, pinfo, tree)
  return true
end

hep3:register_heuristic("udp", heuristic)
