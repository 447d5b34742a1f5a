// The Isthmus status page: polls the admin JSON API every second and redraws. Plain browser
// JavaScript, no build step, nothing fetched from anywhere but the admin endpoint itself.
//
// Every value from the API reaches the page through textContent or an attribute, never as HTML:
// Call-IDs, tags and URIs come from SIP messages that anyone may send.
"use strict";

(function () {
  const POLL_MS = 1000;
  const WINDOW_MS = 5 * 60 * 1000; // the plots show the last 5 minutes
  const MAX_CALLS_SHOWN = 200; // beyond this the page says how many more there are

  // The page is served at /status/; the API is beside it, wherever the endpoint is mounted.
  const apiUrl = (path) => new URL("../api/" + path, document.baseURI).href;

  const rates = { calls: [], packets: [] }; // samples {t: ms, v: per second}
  let previous = null; // the last stats totals {t, callsTotal, packets}

  // ---- DOM helpers ------------------------------------------------------------------------

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function setText(id, text) {
    document.getElementById(id).textContent = text;
  }

  function stateBadge(state) {
    return el("span", { class: "state state-" + state, title: describeState(state) }, state);
  }

  function describeState(state) {
    switch (state) {
      case "active": return "up: selected for calls";
      case "probing": return "failures seen; still selected, probed";
      case "inactive": return "down: skipped until probes bring it back";
      case "disabled": return "disabled by the operator: never selected, never probed";
      default: return state;
    }
  }

  // ---- formatting -------------------------------------------------------------------------

  function formatCount(n) {
    return n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US");
  }

  function formatBytes(n) {
    if (n === null || n === undefined) {
      return "–";
    }
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = n;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
  }

  function formatRate(v) {
    if (v === null || v === undefined) {
      return "–";
    }
    return v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(v >= 10 ? 1 : 2);
  }

  function formatDuration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + " d " + h + " h";
    if (h > 0) return h + " h " + String(m).padStart(2, "0") + " min";
    if (m > 0) return m + " min " + String(s % 60).padStart(2, "0") + " s";
    return s + " s";
  }

  function formatAgo(seconds) {
    return seconds === null || seconds === undefined ? "never" : seconds.toFixed(1) + " s ago";
  }

  // ---- totals and rates -------------------------------------------------------------------

  function renderStats(stats, now) {
    const calls = stats.calls || {};
    const media = stats.media; // null when the relay is external
    const packets = media ? media.packetsRelayed : null;
    if (previous !== null && now > previous.t) {
      const dt = (now - previous.t) / 1000;
      // Counters only grow; a smaller value means the process restarted: start the rate over.
      if (calls.total >= previous.callsTotal) {
        push(rates.calls, now, (calls.total - previous.callsTotal) / dt);
      }
      if (packets !== null && previous.packets !== null && packets >= previous.packets) {
        push(rates.packets, now, (packets - previous.packets) / dt);
      }
    }
    previous = { t: now, callsTotal: calls.total, packets: packets };

    setText("calls-active", formatCount(calls.active));
    setText("calls-total", formatCount(calls.total));
    setText("calls-rate", formatRate(last(rates.calls)));
    setText("packets-rate", media ? formatRate(last(rates.packets)) : "external relay");
    setText("packets-dropped", media ? formatCount(media.packetsDropped) : "–");
    setText("ports", media ? formatCount(media.portsInUse) + " of " + formatCount(media.portsTotal) : "–");
    setText("uptime", formatDuration(stats.uptimeSeconds));
    const ha = stats.ha; // null when ha: is not configured
    setText(
      "ha",
      ha
        ? (ha.connected ? "connected" : "unreachable") + " · " + formatCount(ha.dialogs) + " dialogs · "
            + formatCount(ha.pending) + " pending" + (ha.refused > 0 ? " · " + formatCount(ha.refused) + " refused" : "")
        : "off");
    drawPlot(document.getElementById("plot-calls"), rates.calls, now, "--plot-calls");
    drawPlot(document.getElementById("plot-packets"), rates.packets, now, "--plot-packets");
  }

  function push(samples, t, v) {
    samples.push({ t: t, v: v });
    while (samples.length > 0 && samples[0].t < t - WINDOW_MS) {
      samples.shift();
    }
  }

  function last(samples) {
    return samples.length > 0 ? samples[samples.length - 1].v : null;
  }

  // ---- plots ------------------------------------------------------------------------------

  /** The smallest 1, 2 or 5 times a power of ten at or above v (a readable axis top). */
  function niceCeiling(v) {
    if (!(v > 0)) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(v)));
    for (const step of [1, 2, 5, 10]) {
      if (v <= step * power) {
        return step * power;
      }
    }
    return 10 * power;
  }

  function drawPlot(canvas, samples, now, colorVar) {
    const css = getComputedStyle(document.documentElement);
    const color = css.getPropertyValue(colorVar).trim() || "#0969da";
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const left = 48;
    const right = width - 8;
    const top = 8;
    const bottom = height - 20;
    const max = niceCeiling(Math.max(0, ...samples.map((s) => s.v)));
    const x = (t) => right - ((now - t) / WINDOW_MS) * (right - left);
    const y = (v) => bottom - (v / max) * (bottom - top);

    // Grid and axis labels: 0, max/2, max; -5 min at the left, now at the right.
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#5d6878";
    g.strokeStyle = "#dde1e7";
    g.lineWidth = 1;
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const v of [0, max / 2, max]) {
      const py = Math.round(y(v)) + 0.5;
      g.beginPath();
      g.moveTo(left, py);
      g.lineTo(right, py);
      g.stroke();
      g.fillText(formatRate(v), left - 6, py);
    }
    g.textBaseline = "top";
    g.textAlign = "left";
    g.fillText("−5 min", left, bottom + 5);
    g.textAlign = "right";
    g.fillText("now", right, bottom + 5);

    if (samples.length === 0) {
      g.textAlign = "center";
      g.textBaseline = "middle";
      g.fillText("collecting…", (left + right) / 2, (top + bottom) / 2);
      return;
    }
    g.beginPath();
    samples.forEach((s, i) => (i === 0 ? g.moveTo(x(s.t), y(s.v)) : g.lineTo(x(s.t), y(s.v))));
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.stroke();
    // The area under the line, faintly.
    g.lineTo(x(samples[samples.length - 1].t), bottom);
    g.lineTo(x(samples[0].t), bottom);
    g.closePath();
    g.globalAlpha = 0.12;
    g.fillStyle = color;
    g.fill();
    g.globalAlpha = 1;
  }

  // ---- gateways ---------------------------------------------------------------------------

  function renderGateways(data) {
    const sets = (data && data.sets) || [];
    const box = document.getElementById("gateways");
    if (sets.length === 0) {
      box.replaceChildren(el("p", { class: "empty" }, "no gateway sets"));
      return;
    }
    const parts = [];
    for (const set of sets) {
      const rows = (set.gateways || []).map((gw) =>
        el(
          "tr",
          { class: "gateway", "data-set": set.id, "data-uri": gw.uri, "data-state": gw.state },
          el("td", {}, gw.uri),
          el("td", { class: "gateway-state" }, stateBadge(gw.state)),
          el("td", {}, gw.flags),
          el("td", { class: "num" }, formatCount(gw.activeCalls)),
          el("td", {}, probeText(gw.lastProbeStatus)),
          el("td", { class: "num" }, latencyText(gw))
        )
      );
      parts.push(el("h3", {}, "set " + set.id));
      parts.push(
        el(
          "table",
          { class: "gateways", "data-set": set.id },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", {}, "gateway"),
              el("th", {}, "state"),
              el("th", {}, "flags"),
              el("th", { class: "num" }, "calls"),
              el("th", {}, "last probe"),
              el("th", { class: "num" }, "latency")
            )
          ),
          el("tbody", {}, ...rows)
        )
      );
    }
    box.replaceChildren(...parts);
  }

  // ---- relay nodes ------------------------------------------------------------------------

  function renderRelays(data) {
    const nodes = (data && data.nodes) || [];
    const box = document.getElementById("relays");
    if (nodes.length === 0) {
      box.replaceChildren(el("p", { class: "empty" }, "relay in process"));
      return;
    }
    const rows = nodes.map((n) =>
      el(
        "tr",
        { class: "relay", "data-address": n.address, "data-state": n.state },
        el("td", {}, n.address),
        el(
          "td",
          { class: "relay-state" },
          el("span", { class: "state state-" + (n.state === "up" ? "active" : "inactive") }, n.state)
        ),
        el("td", { class: "num" }, n.sinceSeconds === null ? "since start" : n.sinceSeconds.toFixed(1) + " s"),
        el("td", { class: "num" }, n.lastRttMs === null ? "–" : n.lastRttMs.toFixed(3) + " ms"),
        el("td", { class: "num" }, formatCount(n.calls)),
        el("td", { class: "num" }, formatCount(n.orphans)),
        el("td", {}, n.state === "down" ? n.reason : "")
      )
    );
    box.replaceChildren(
      el(
        "table",
        { class: "relays" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", {}, "node"),
            el("th", {}, "state"),
            el("th", { class: "num" }, "for"),
            el("th", { class: "num" }, "last rtt"),
            el("th", { class: "num" }, "calls"),
            el("th", { class: "num" }, "orphans"),
            el("th", {}, "reason")
          )
        ),
        el("tbody", {}, ...rows)
      ),
      el("p", { class: "note" }, "calls ended by the relay: " + formatCount(data.callsEndedByRelay || 0))
    );
  }

  /** A probe that timed out has no latency, only the time waited: show none. */
  function latencyText(gw) {
    if (gw.lastProbeLatencyMs === null || gw.lastProbeStatus <= 0) {
      return "–";
    }
    return gw.lastProbeLatencyMs.toFixed(3) + " ms";
  }

  function probeText(status) {
    if (status === -1) return "never";
    if (status === 0) return "timeout";
    return String(status);
  }

  // ---- calls ------------------------------------------------------------------------------

  const LEG_COLUMNS = ["leg", "tag", "media", "relay port", "peer", "packets", "bytes", "errors", "last packet"];

  function renderCalls(data) {
    const calls = (data && data.calls) || [];
    setText("calls-count", "(" + calls.length + ")");
    const box = document.getElementById("calls");
    if (calls.length === 0) {
      box.replaceChildren(el("p", { class: "empty" }, "no calls"));
      return;
    }
    const body = el("tbody", {});
    for (const call of calls.slice(0, MAX_CALLS_SHOWN)) {
      body.append(callRow(call), ...legRows(call));
    }
    const header = el("tr", {}, ...LEG_COLUMNS.map((c) => el("th", { class: isNumeric(c) ? "num" : null }, c)));
    const parts = [el("table", { class: "calls" }, el("thead", {}, header), body)];
    if (calls.length > MAX_CALLS_SHOWN) {
      parts.push(el("p", { class: "empty" }, (calls.length - MAX_CALLS_SHOWN) + " more calls not shown (isthmus ctl calls lists all)"));
    }
    box.replaceChildren(...parts);
  }

  function isNumeric(column) {
    return ["relay port", "packets", "bytes", "errors"].includes(column);
  }

  function callRow(call) {
    const caller = call.caller;
    const callee = call.callee;
    const route = caller && callee ? caller.network + " → " + callee.network : "media only";
    const via = callee && callee.gateway ? " via " + callee.gateway + " (set " + callee.gatewaySet + ")" : "";
    const age = call.media ? " · up " + formatDuration(call.media.ageSeconds) : "";
    return el(
      "tr",
      { class: "call", "data-call-id": call.callId, "data-state": call.state },
      el(
        "td",
        { colspan: LEG_COLUMNS.length },
        el("strong", { class: "call-id" }, call.callId),
        " ",
        stateBadge(call.state),
        " ",
        el("span", { class: "route" }, route + via + age),
        call.traced ? el("span", { class: "traced" }, " · traced") : null
      )
    );
  }

  function legRows(call) {
    const parties = (call.media && call.media.parties) || [];
    if (parties.length === 0) {
      return [el("tr", { class: "leg" }, el("td", { colspan: LEG_COLUMNS.length }, "no media at the relay"))];
    }
    const rows = [];
    for (const party of parties) {
      const leg = legOf(party.tag, call);
      for (const stream of party.streams || []) {
        const rtp = stream.rtp || {};
        rows.push(
          el(
            "tr",
            { class: "leg", "data-leg": leg },
            el("td", {}, leg),
            el("td", {}, party.tag),
            el("td", {}, stream.type + " " + stream.index),
            el("td", { class: "num" }, rtp.localPort),
            el("td", {}, rtp.endpoint || "–"),
            el("td", { class: "num" }, formatCount(rtp.packets)),
            el("td", { class: "num" }, formatBytes(rtp.bytes)),
            el("td", { class: "num" }, formatCount(rtp.errors)),
            el("td", {}, formatAgo(rtp.lastPacketSecondsAgo))
          )
        );
      }
    }
    return rows;
  }

  /** The network of a relay party: the caller's by tag; any other party is the callee's leg. */
  function legOf(tag, call) {
    if (!call.caller) {
      return "–";
    }
    return tag === call.caller.tag ? call.caller.network : call.callee.network;
  }

  // ---- security -------------------------------------------------------------------------

  /** TLS handshakes, digest outcomes, flood totals, and the blocked sources with their counts. */
  function renderSecurity(data) {
    const tiles = document.getElementById("security-totals");
    const box = document.getElementById("security");
    if (!data) {
      tiles.replaceChildren();
      box.replaceChildren(el("p", { class: "empty" }, "/api/security unavailable"));
      return;
    }
    const tls = data.tls || {};
    const flood = data.flood || {};
    let authOk = 0;
    let authFailed = 0;
    for (const a of Object.values(data.auth || {})) {
      authOk += a.successes || 0;
      for (const n of Object.values(a.failures || {})) {
        authFailed += n;
      }
    }
    const tile = (id, label, value) =>
      el("div", { class: "tile" }, el("span", { class: "label" }, label),
        el("span", { id: id, class: "value" }, formatCount(value)));
    tiles.replaceChildren(
      tile("tls-handshakes", "TLS handshakes", (tls.inboundHandshakes || 0) + (tls.outboundHandshakes || 0)),
      tile("tls-failures", "TLS handshakes failed", (tls.inboundFailures || 0) + (tls.outboundFailures || 0)),
      tile("auth-ok", "authenticated", authOk),
      tile("auth-failed", "authentication failed", authFailed),
      tile("flood-refused", "refused (flood)", flood.refused),
      tile("flood-blocked", "sources blocked now", (flood.blocked || []).length)
    );
    const blocked = flood.blocked || [];
    if (blocked.length === 0) {
      box.replaceChildren(el("p", { class: "empty" }, "no source blocked"));
      return;
    }
    const rows = blocked.map((b) =>
      el(
        "tr",
        { class: "blocked", "data-address": b.address },
        el("td", {}, b.address),
        el("td", {}, b.network),
        el("td", {}, b.why),
        el("td", { class: "num" }, formatCount(b.refused)),
        el("td", { class: "num" }, formatCount(b.requests)),
        el("td", { class: "num" }, b.remainingSeconds + " s")
      )
    );
    box.replaceChildren(
      el(
        "table",
        { class: "blocked-sources" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            el("th", {}, "blocked source"),
            el("th", {}, "network"),
            el("th", {}, "why"),
            el("th", { class: "num" }, "refused"),
            el("th", { class: "num" }, "seen"),
            el("th", { class: "num" }, "block left")
          )
        ),
        el("tbody", {}, ...rows)
      )
    );
  }

  // ---- polling ----------------------------------------------------------------------------

  async function getJson(path) {
    // A stalled endpoint must not stall the page: give up after 5 s and poll again.
    const response = await fetch(apiUrl(path), {
      cache: "no-store",
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      throw new Error("/api/" + path + ": HTTP " + response.status);
    }
    return response.json();
  }

  function setConnection(state, text) {
    const node = document.getElementById("connection");
    node.dataset.state = state;
    node.textContent = text;
    document.querySelector("main").classList.toggle("stale", state === "down");
  }

  async function poll() {
    try {
      const [gateways, relays, calls, stats, security] = await Promise.all([
        getJson("gateways"),
        getJson("relays"),
        getJson("calls"),
        getJson("stats"),
        getJson("security").catch(() => null), // the rest of the page does without it
      ]);
      renderStats(stats, performance.now());
      renderGateways(gateways);
      renderRelays(relays);
      renderCalls(calls);
      renderSecurity(security);
      setConnection("live", "live · updated " + new Date().toLocaleTimeString("en-GB"));
    } catch (e) {
      setConnection("down", "admin endpoint unreachable (" + e.message + "); retrying");
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
