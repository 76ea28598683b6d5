// SPDX-License-Identifier: GPL-3.0-or-later
// The projector view of a udpchat hub: members, a ladder (sequence diagram) of the recent
// datagrams, one datagram opened, and the rates of the last minute. It reads the hub's
// Server-Sent Events (/events) and /datagram/<seq>; it never sends anything to the hub but GETs.
//
// Safety: every piece of member text (names, messages, notes, the hex dump's text column) enters
// the page through textContent or a non-URL attribute, never as markup; the hub's
// Content-Security-Policy forbids inline script and style, so this file sets no style attribute
// from a string either, only CSSOM properties.
"use strict";

(function udpchatView() {
  const SVG_NS = "http://www.w3.org/2000/svg";

  // Bounds. The queue holds events received but not yet drawn (while paused or slowed); past
  // QUEUE_MAX the oldest go, and the page says how many. SHOWN_MAX drawn events are remembered
  // for highlighting a fan-out; the ladder draws as many of the newest as fit on the screen.
  const QUEUE_MAX = 2000;
  const SHOWN_MAX = 300;
  const RATE_SECONDS = 60;
  // A silence longer than this much wall-clock time in slow motion is cut short.
  const SILENCE_CUT_MS = 1000;
  // In slow motion each arrow takes at least this long divided by the speed (1/10x: 2 s), so one
  // message's fan-out is drawn arrow by arrow even though it left the hub within a millisecond.
  const SLOW_ARROW_MS = 200;
  const NOTICE_MS = 15000;
  const TICK_MS = 40;

  const state = {
    hub: "",
    // What the events are, from hello: "datagram" over UDP (the hub), "line" over TCP (the room).
    unit: "datagram",
    place: "hub",
    startedMs: null,
    ring: null,
    conditions: null,
    members: [],
    gone: [],
    more: 0,
    rates: [],
    lastSeq: -1,
    queue: [],
    shown: [],
    following: true, // live: draw what arrives as it arrives
    paused: false,
    speed: 1,
    playUs: null, // the playback clock, on the hub's t_us scale
    lastTickMs: 0,
    lastDrawMs: 0,
    drawing: null, // {seq, startMs, durationMs}: the arrow being drawn now
    selectedSeq: null,
    hideKeepalives: false, // a class of thirty sends one and a half a second, which can crowd out the rest
    detailRequest: 0,
    lastWordMs: 0,
    peerNames: new Map(), // addr -> last name seen in an event
    peerOrder: new Map(), // addr -> first time seen, to order columns of non-members
  };

  const $ = (id) => document.getElementById(id);

  // ---- small helpers -------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgElement(tag, attributes, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    if (parent) parent.appendChild(node);
    return node;
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  function clockTime(epochMs, withMillis) {
    const date = new Date(epochMs);
    const text = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
    return withMillis ? `${text}.${pad(date.getMilliseconds(), 3)}` : text;
  }

  function durationText(ms) {
    if (typeof ms !== "number" || !isFinite(ms) || ms < 0) return "–";
    const seconds = Math.floor(ms / 1000);
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }

  function bytesText(bytes) {
    if (typeof bytes !== "number") return "";
    if (bytes < 10000) return `${bytes} B`;
    if (bytes < 10000000) return `${Math.round(bytes / 1000)} kB`;
    return `${Math.round(bytes / 1000000)} MB`;
  }

  function shorten(text, maxChars) {
    const chars = Array.from(text || "");
    if (chars.length <= maxChars) return chars.join("");
    return chars.slice(0, Math.max(1, maxChars - 1)).join("") + "…";
  }

  function remPx() {
    return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  }

  let noticeTimer = null;
  function showNotice(text) {
    const notice = $("notice");
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, NOTICE_MS);
  }

  // ---- the event stream ----------------------------------------------------------------

  function parse(message) {
    try {
      return JSON.parse(message.data);
    } catch (error) {
      return null;
    }
  }

  function connect() {
    const source = new EventSource("/events");
    source.onopen = () => setConnection("live", "live");
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // EventSource gives up only on an answer that is not a stream: the hub turned this page
        // away, which it does when it already serves as many viewers as it may. A hub that is
        // down or restarting is retried instead.
        setConnection("closed", "turned away");
        showNotice("The hub turned this page away: it already serves as many viewers as it may " +
                   `(${state.viewersMax || 16} at once). Close another view of it, then reload this page.`);
      } else {
        setConnection("reconnecting", "reconnecting…");
      }
    };
    const handlers = { hello: onHello, conditions: onConditions, members: onMembers, rates: onRates,
                       datagrams: onDatagrams, missed: onMissed };
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, (message) => {
        const data = parse(message);
        if (data === null) return;
        state.lastWordMs = Date.now();
        handler(data);
      });
    }
  }

  function setConnection(kind, text) {
    const connection = $("connection");
    connection.className = `connection ${kind}`;
    connection.textContent = text;
    document.body.dataset.connection = kind;
  }

  function onHello(hello) {
    if (state.startedMs !== null && hello.started_ms !== state.startedMs) {
      // Another run of the hub: its seq numbers start again, so nothing drawn refers to it.
      state.lastSeq = -1;
      state.queue = [];
      state.shown = [];
      state.rates = [];
      state.playUs = null;
      state.peerNames.clear();
      state.peerOrder.clear();
      closeDatagram();
      showNotice("The hub was restarted: the ladder starts again.");
    }
    state.startedMs = hello.started_ms;
    state.hub = hello.hub || "";
    state.ring = hello.ring;
    state.viewersMax = hello.viewers_max;
    state.unit = hello.unit || "datagram";
    state.place = hello.transport === "tcp" ? "room" : "hub";
    document.body.dataset.transport = hello.transport || "udp";
    $("hub-address").textContent = state.hub;
    document.title = `udpchat ${state.place} ${state.hub}`;
    $("ladder").setAttribute("aria-label", `sequence diagram of the most recent ${state.unit}s`);
    $("rates").setAttribute("aria-label", `${state.unit}s per second in and out over the last minute`);
    if (hello.conditions) onConditions(hello.conditions);
    // The TCP room has no network simulator, and TCP would hide its doings anyway.
    if (hello.transport === "tcp") $("conditions").textContent = "TCP: lines in streams";
    renderLadder();
  }

  function onConditions(conditions) {
    state.conditions = conditions;
    const parts = [];
    if (conditions.loss) parts.push(`loss ${conditions.loss} %`);
    if (conditions.delay_ms || conditions.jitter_ms) {
      parts.push(conditions.jitter_ms ? `delay ${conditions.delay_ms} ± ${conditions.jitter_ms} ms`
                                      : `delay ${conditions.delay_ms} ms`);
    }
    if (conditions.duplicate) parts.push(`duplicate ${conditions.duplicate} %`);
    if (conditions.reorder) parts.push(`reorder ${conditions.reorder} %`);
    const banner = $("conditions");
    if (parts.length === 0) {
      banner.className = "conditions normal";
      banner.textContent = "network: normal";
    } else {
      banner.className = "conditions active";
      const seed = conditions.seed !== undefined && conditions.seed !== null ? ` (seed ${conditions.seed})` : "";
      banner.textContent = `Simulated network: ${parts.join(" · ")}${seed}`;
    }
  }

  function onMembers(data) {
    state.members = Array.isArray(data.members) ? data.members : [];
    state.gone = Array.isArray(data.gone) ? data.gone : [];
    state.more = data.more || 0;
    renderMembers();
    renderLadder();
  }

  function onRates(data) {
    for (const second of data.per_second || []) {
      const last = state.rates[state.rates.length - 1];
      if (last && second.t_ms <= last.t_ms) {
        const same = state.rates.findIndex((entry) => entry.t_ms === second.t_ms);
        if (same >= 0) state.rates[same] = second;
        continue;
      }
      state.rates.push(second);
    }
    if (state.rates.length > RATE_SECONDS) state.rates.splice(0, state.rates.length - RATE_SECONDS);
    renderRates();
  }

  function onDatagrams(data) {
    for (const event of data.events || []) {
      if (typeof event.seq !== "number" || event.seq <= state.lastSeq) continue; // a reconnect's replay
      state.lastSeq = event.seq;
      if (event.peer_name) state.peerNames.set(event.peer, event.peer_name);
      if (!state.peerOrder.has(event.peer)) state.peerOrder.set(event.peer, state.peerOrder.size);
      state.queue.push(event);
    }
    if (state.queue.length > QUEUE_MAX) {
      // Skip ahead by a quarter more than the excess, so a long pause does not trim on every batch.
      const skip = Math.min(state.queue.length, state.queue.length - QUEUE_MAX + Math.floor(QUEUE_MAX / 4));
      state.queue.splice(0, skip);
      state.playUs = null;
      showNotice(`Held back too long: skipped ${skip} ${state.unit}s to stay within ${QUEUE_MAX}. Press Live to catch up.`);
    }
    if (state.following) tick();
    else renderPlaybackState();
  }

  function onMissed(data) {
    showNotice(`Fell behind: the hub skipped ${data.count} events for this page (it goes on at #${data.next_seq}).`);
  }

  // ---- playback ------------------------------------------------------------------------

  function arrowMs() {
    return state.speed >= 1 ? 0 : SLOW_ARROW_MS / state.speed;
  }

  // Keeps an event among those played, hidden from the ladder or not.
  function remember(event) {
    state.shown.push(event);
    if (state.shown.length > SHOWN_MAX) state.shown.splice(0, state.shown.length - SHOWN_MAX);
  }

  function draw(event, animate) {
    remember(event);
    const now = Date.now();
    state.lastDrawMs = now;
    state.drawing = animate ? { seq: event.seq, startMs: now, durationMs: animate } : null;
  }

  // Moves events from the queue to the ladder: all at once when live; by the playback clock in
  // slow motion (scaled time, silences cut to SILENCE_CUT_MS, at least arrowMs() apart); none
  // when paused (Step draws one).
  function tick() {
    const now = Date.now();
    const elapsedMs = state.lastTickMs ? now - state.lastTickMs : 0;
    state.lastTickMs = now;
    let changed = false;
    if (state.following) {
      while (state.queue.length) {
        draw(state.queue.shift(), 0);
        changed = true;
      }
    } else if (!state.paused && state.queue.length) {
      const next = state.queue[0];
      if (state.playUs === null) state.playUs = next.t_us;
      state.playUs += elapsedMs * 1000 * state.speed;
      const cutUs = SILENCE_CUT_MS * 1000 * state.speed;
      if (next.t_us - state.playUs > cutUs) state.playUs = next.t_us - cutUs;
      const gapMs = arrowMs();
      while (state.queue.length && state.queue[0].t_us <= state.playUs && now - state.lastDrawMs >= gapMs) {
        const event = state.queue.shift();
        if (!onLadder(event)) {
          remember(event);
          continue;
        }
        draw(event, gapMs ? Math.min(gapMs * 0.8, 1500) : 0);
        changed = true;
        if (gapMs) break;
      }
    } else if (state.queue.length === 0 && state.shown.length) {
      // Nothing waiting: the clock rests at the last arrow instead of running ahead of the hub.
      state.playUs = state.shown[state.shown.length - 1].t_us;
    }
    // Caught up at 1x is live.
    if (!state.following && !state.paused && state.speed === 1 && state.queue.length === 0) state.following = true;
    if (changed) renderLadder();
    renderPlaybackState();
  }

  function setPaused(paused) {
    state.paused = paused;
    if (paused) state.following = false;
    if (!paused && state.speed === 1 && state.queue.length === 0) state.following = true;
    state.lastTickMs = Date.now();
    renderPlaybackState();
  }

  function step() {
    setPaused(true);
    while (state.queue.length && !onLadder(state.queue[0])) remember(state.queue.shift());
    if (!state.queue.length) return;
    const event = state.queue.shift();
    draw(event, 600);
    state.playUs = event.t_us;
    renderLadder();
    renderPlaybackState();
  }

  function setSpeed(speed) {
    state.speed = speed;
    state.paused = false;
    state.following = speed === 1 && state.queue.length === 0;
    if (!state.following && state.playUs === null && state.queue.length) state.playUs = state.queue[0].t_us;
    state.lastTickMs = Date.now();
    renderPlaybackState();
  }

  function goLive() {
    state.speed = 1;
    state.paused = false;
    state.following = true;
    state.playUs = null;
    tick();
  }

  function renderPlaybackState() {
    const held = state.queue.length;
    let text;
    if (state.following) text = "live";
    else if (state.paused) text = held ? `paused · ${held} waiting` : "paused";
    else text = `${speedText(state.speed)}${held ? ` · ${held} behind` : ""}`;
    const label = $("playback-state");
    if (label.textContent !== text) label.textContent = text;
    label.className = `playback-state${state.following ? "" : " held"}`;
    document.body.dataset.playback = state.following ? "live" : state.paused ? "paused" : "slow";
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    $("pause").setAttribute("aria-pressed", String(state.paused));
    $("step").disabled = held === 0;
    $("live").disabled = state.following;
    for (const button of document.querySelectorAll(".speed")) {
      const pressed = !state.paused && Number(button.dataset.speed) === state.speed;
      button.setAttribute("aria-pressed", String(pressed));
    }
  }

  function onLadder(event) {
    return !(state.hideKeepalives && event.kind === "keepalive");
  }

  function setKeepalivesShown(shown) {
    state.hideKeepalives = !shown;
    const button = $("keepalives");
    button.setAttribute("aria-pressed", String(shown));
    button.textContent = shown ? "Keepalives shown" : "Keepalives hidden";
    renderLadder();
  }

  function speedText(speed) {
    return { 1: "1×", 0.5: "½×", 0.25: "¼×", 0.1: "⅒×" }[speed] || `${speed}×`;
  }

  // ---- the ladder ----------------------------------------------------------------------

  function memberByAddr(addr) {
    return state.members.find((member) => member.addr === addr);
  }

  function goneByAddr(addr) {
    return state.gone.find((member) => member.addr === addr);
  }

  function nameOf(addr) {
    const member = memberByAddr(addr) || goneByAddr(addr);
    if (member && member.name) return member.name;
    return state.peerNames.get(addr) || "";
  }

  // The member columns: members in join order, then those gone and other addresses that appear
  // in the arrows on screen. When there are more than fit, addresses without an arrow on screen
  // give way first; whatever is left over shares one "others" column.
  function chooseColumns(visible, maxColumns) {
    const onScreen = new Set(visible.map((event) => event.peer));
    const ordered = state.members.map((member) => member.addr);
    const extra = [...onScreen].filter((addr) => !ordered.includes(addr));
    extra.sort((a, b) => (state.peerOrder.get(a) || 0) - (state.peerOrder.get(b) || 0));
    let columns = ordered.concat(extra);
    if (columns.length > maxColumns) {
      const kept = columns.filter((addr) => onScreen.has(addr));
      for (const addr of columns) {
        if (kept.length >= maxColumns) break;
        if (!kept.includes(addr)) kept.push(addr);
      }
      const keep = new Set(kept.slice(0, maxColumns - 1));
      columns = columns.filter((addr) => keep.has(addr));
      columns.push("*others*");
    }
    return columns;
  }

  function kindWords(event) {
    const words = { kind: event.kind, extra: "" };
    if (event.dir === "in" && event.verdict) words.extra = event.verdict;
    if (event.dir === "out" && event.fate && event.fate !== "sent") {
      words.extra = event.fate === "overflow" ? "dropped: queue full" : event.fate;
      if (event.delay_ms && event.fate !== "lost") words.extra += ` +${event.delay_ms} ms`;
    }
    return words;
  }

  let ladderKey = "";

  // Draws the ladder again, unless nothing it shows has changed (the members arrive every
  // second; rebuilding for nothing would restart animations and make the arrows flicker).
  function renderLadder() {
    const svgRoot = $("ladder");
    const width = svgRoot.clientWidth;
    const height = svgRoot.clientHeight;
    const rem = remPx();
    const axisWidth = 6.2 * rem;
    const headHeight = 2.9 * rem;
    const rowHeight = 2.05 * rem;
    const rows = Math.max(3, Math.floor((height - headHeight - 0.6 * rem) / rowHeight));
    const visible = state.shown.filter(onLadder).slice(-rows);
    const maxColumns = Math.max(2, Math.floor((width - axisWidth) / (4.6 * rem)) - 1);
    const columns = chooseColumns(visible, maxColumns);
    const key = JSON.stringify([width, height, rem, state.hub, visible.map((event) => event.seq), state.selectedSeq,
      columns.map((addr) => [addr, nameOf(addr), Boolean(memberByAddr(addr))]),
      state.drawing && state.drawing.seq, state.queue.length > 0]);
    if (key === ladderKey) return;
    ladderKey = key;
    while (svgRoot.firstChild) svgRoot.removeChild(svgRoot.firstChild);
    if (!width || !height) return;
    svgRoot.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svgRoot.dataset.rows = String(rows);

    const columnWidth = (width - axisWidth) / (columns.length + 1);
    const hubX = axisWidth + columnWidth / 2;
    const columnX = new Map(columns.map((addr, index) => [addr, axisWidth + columnWidth * (index + 1.5)]));
    const xOf = (addr) => columnX.get(addr) ?? columnX.get("*others*") ?? hubX + columnWidth;
    const bottom = height - 0.2 * rem;

    // Time axis.
    svgElement("line", { class: "chart-axis", x1: axisWidth - 0.3 * rem, y1: headHeight, x2: axisWidth - 0.3 * rem, y2: bottom }, svgRoot);

    // Lifelines and their heads: the hub first, at the left, so every arrow has one fixed end
    // and a fan-out reads as a fan from one line; members keep their columns as others join.
    const heads = svgElement("g", { class: "heads" }, svgRoot);
    const lifelines = [{ addr: state.hub, x: hubX, hub: true }]
      .concat(columns.map((addr) => ({ addr, x: columnX.get(addr), hub: false })));
    for (const lifeline of lifelines) {
      const gone = !lifeline.hub && lifeline.addr !== "*others*" && !memberByAddr(lifeline.addr);
      svgElement("line", { class: `lifeline${lifeline.hub ? " hub" : ""}${gone ? " gone" : ""}`,
                           x1: lifeline.x, y1: headHeight, x2: lifeline.x, y2: bottom }, svgRoot);
      const head = svgElement("g", { class: `column${gone ? " gone-head" : ""}`, "data-addr": lifeline.hub ? "hub" : lifeline.addr }, heads);
      const boxWidth = Math.min(columnWidth - 0.4 * rem, 12 * rem);
      svgElement("rect", { class: `column-head${lifeline.hub ? " hub" : ""}`, x: lifeline.x - boxWidth / 2, y: 0.1 * rem,
                           width: boxWidth, height: headHeight - 0.4 * rem, rx: 0.3 * rem }, head);
      const maxChars = Math.max(4, Math.floor(boxWidth / (0.62 * rem)));
      let name;
      let addrText = lifeline.addr;
      if (lifeline.hub) name = state.place;
      else if (lifeline.addr === "*others*") { name = "others"; addrText = "more members"; }
      else name = nameOf(lifeline.addr) || "(no name)";
      const nameText = svgElement("text", { class: `column-name${lifeline.hub ? " hub" : ""}`, x: lifeline.x, y: 1.25 * rem }, head);
      nameText.textContent = shorten(name, Math.floor(maxChars * 0.9));
      const addrNode = svgElement("text", { class: `column-addr${lifeline.hub ? " hub" : ""}`, x: lifeline.x, y: 2.2 * rem }, head);
      // A narrow column keeps the port, which is what tells two members on one machine apart.
      const addrRoom = Math.floor(boxWidth / (0.42 * rem));
      const port = addrText.slice(addrText.lastIndexOf(":"));
      addrNode.textContent = addrText.length <= addrRoom || lifeline.addr === "*others*" || !lifeline.addr.includes(":")
        ? shorten(addrText, addrRoom) : shorten(port, addrRoom);
    }

    if (!visible.length) {
      const empty = svgElement("text", { class: "empty", x: (axisWidth + width) / 2, y: headHeight + 3 * rem }, svgRoot);
      empty.textContent = state.queue.length ? "paused: press Step or a speed to draw the next arrow" : `waiting for ${state.unit}s…`;
    }

    const selected = state.shown.find((event) => event.seq === state.selectedSeq);
    const now = Date.now();
    const arrows = svgElement("g", { class: "arrows" }, svgRoot);
    let previous = null;
    visible.forEach((event, row) => {
      const y = headHeight + rowHeight * (row + 0.62);
      drawTimeLabel(svgRoot, event, previous, axisWidth, y, rem, width);
      previous = event;
      const group = drawArrow(arrows, event, { hubX, peerX: xOf(event.peer), y, rowHeight, rem, width });
      if (selected && (event.seq === selected.seq || event.cause === selected.seq ||
                       (selected.cause !== null && selected.cause !== undefined &&
                        (event.seq === selected.cause || event.cause === selected.cause)))) {
        group.classList.add(event.seq === selected.seq ? "selected" : "related");
      }
      if (state.drawing && state.drawing.seq === event.seq && now - state.drawing.startMs < state.drawing.durationMs) {
        group.classList.add("drawing");
        group.style.setProperty("--draw-time", `${state.drawing.durationMs}ms`);
        group.style.animationDelay = "0ms";
        for (const part of group.querySelectorAll(".shaft, .head, .cross, .label")) {
          part.style.animationDelay = `${-(now - state.drawing.startMs)}ms`;
        }
      }
    });
  }

  // A row's time: the clock time after a silence of a second or more (under a dashed line),
  // else how long after the row above, so a fan-out shows taking microseconds.
  function drawTimeLabel(parent, event, previous, axisWidth, y, rem, width) {
    const gapUs = previous ? event.t_us - previous.t_us : Infinity;
    if (previous && gapUs >= 1000000) {
      const gapY = y - 1.02 * rem;
      svgElement("line", { class: "gap-line", x1: axisWidth - 0.3 * rem, y1: gapY, x2: width, y2: gapY }, parent);
    }
    const label = svgElement("text", { class: gapUs >= 1000000 ? "time" : "time relative", x: axisWidth - 0.6 * rem, y: y + 0.25 * rem }, parent);
    label.textContent = gapUs >= 1000000 ? clockTime(event.t_us / 1000, true) : `+${gapText(gapUs)}`;
  }

  function gapText(us) {
    if (us < 1000) return `${Math.max(0, Math.round(us))} µs`;
    if (us < 100000) return `${(us / 1000).toFixed(1)} ms`;
    return `${Math.round(us / 1000)} ms`;
  }

  // What a label quotes of an outbound datagram: the text after the sender's stamp, without a
  // departure's marker (the panel shows the whole datagram).
  function labelText(event) {
    let text = event.text || "";
    if (event.dir === "out") {
      const separator = text.indexOf("____");
      if (separator >= 0) text = text.slice(separator + 4);
      if (text.endsWith("____qq")) text = text.slice(0, -6);
    }
    return text;
  }

  function drawArrow(parent, event, geometry) {
    const { hubX, peerX, y, rowHeight, rem } = geometry;
    const inbound = event.dir === "in";
    const fate = inbound ? (event.verdict || "received") : (event.fate || "sent");
    const classes = ["arrow", inbound ? "in" : "out", `kind-${event.kind}`, `fate-${fate.replace(/ /g, "-")}`];
    if (inbound && event.verdict) classes.push("turned-away");
    const group = svgElement("g", {
      class: classes.join(" "),
      tabindex: 0,
      role: "button",
      "data-seq": event.seq,
      "data-dir": event.dir,
      "data-kind": event.kind,
      "data-fate": fate,
      "data-peer": event.peer,
      "data-peer-name": event.peer_name || "",
      "data-cause": event.cause === null || event.cause === undefined ? "" : event.cause,
    }, parent);
    if (event.verdict) group.setAttribute("data-verdict", event.verdict);

    const fromX = inbound ? peerX : hubX;
    const toX = inbound ? hubX : peerX;
    const direction = Math.sign(toX - fromX) || 1;
    const lost = !inbound && (event.fate === "lost" || event.fate === "overflow");
    const late = !inbound && event.delay_ms > 0;
    // A late datagram's arrow ends lower, by 1 row per 200 ms (between 0.4 and 3 rows).
    const slant = late ? Math.min(3, Math.max(0.4, event.delay_ms / 200)) * rowHeight : 0;
    let endX = toX - direction * 0.15 * rem;
    let endY = y + slant;
    if (lost) {
      // Where it was going stays visible as a faint trace, so a ✗ between lifelines says whose.
      svgElement("line", { class: "ghost", x1: fromX, y1: y, x2: toX, y2: y + slant }, group);
      svgElement("circle", { class: "ghost-end", cx: toX, cy: y + slant, r: 0.25 * rem }, group);
      endX = fromX + (toX - fromX) * 0.6;
      endY = y + slant * 0.6;
    }
    const title = svgElement("title", {}, group);
    title.textContent = `#${event.seq} ${event.dir} ${event.kind}${event.text ? `: ${event.text}` : ""}`;
    svgElement("line", { class: "hit", x1: fromX, y1: y, x2: endX, y2: endY }, group);
    const shaft = svgElement("line", { class: "shaft", x1: fromX, y1: y, x2: endX, y2: endY }, group);
    const length = Math.hypot(endX - fromX, endY - y);
    group.style.setProperty("--draw-length", `${Math.ceil(length)}`);
    if (!inbound && event.fate === "duplicate") {
      svgElement("line", { class: "shaft-inner", x1: fromX, y1: y, x2: endX, y2: endY }, group);
    }
    if (lost) {
      const size = 0.45 * rem;
      svgElement("path", { class: "cross", d: `M${endX - size},${endY - size}L${endX + size},${endY + size}M${endX - size},${endY + size}L${endX + size},${endY - size}` }, group);
    } else {
      const angle = Math.atan2(endY - y, endX - fromX);
      const headLength = 0.85 * rem;
      const headWidth = 0.45 * rem;
      const back = (along, side) => [
        endX - Math.cos(angle) * along - Math.sin(angle) * side,
        endY - Math.sin(angle) * along + Math.cos(angle) * side,
      ];
      const [ax, ay] = back(headLength, headWidth);
      const [bx, by] = back(headLength, -headWidth);
      svgElement("path", { class: "head", d: `M${endX},${endY}L${ax},${ay}L${bx},${by}Z` }, group);
    }
    shaft.setAttribute("x2", String(lost ? endX : endX - Math.cos(Math.atan2(endY - y, endX - fromX)) * 0.5 * rem));
    shaft.setAttribute("y2", String(lost ? endY : endY - Math.sin(Math.atan2(endY - y, endX - fromX)) * 0.5 * rem));

    // The label sits above the arrow's start row, centred on its span.
    const words = kindWords(event);
    // Labels start just right of the hub's line, so they read down the ladder like a list and
    // never run into the time axis.
    const labelX = hubX + (inbound ? 1.2 : 0.5) * rem;
    const label = svgElement("text", { class: "label", x: labelX, y: y - 0.35 * rem }, group);
    const kind = svgElement("tspan", { class: "kind" }, label);
    kind.textContent = words.kind;
    const room = Math.floor((geometry.width - labelX) / (0.5 * rem)) - words.kind.length - (words.extra ? words.extra.length + 3 : 0) - 4;
    if (words.extra) {
      const extra = svgElement("tspan", { class: "fate-word" }, label);
      extra.textContent = ` ${lost ? "✗ " : ""}${words.extra}`;
    }
    const quoted = labelText(event);
    if (quoted && event.kind !== "keepalive" && room >= Math.min(10, Array.from(quoted).length)) {
      const text = svgElement("tspan", { class: "text" }, label);
      text.textContent = ` “${shorten(quoted, room)}”`;
    }
    group.addEventListener("click", () => openDatagram(event.seq));
    group.addEventListener("keydown", (key) => {
      if (key.key === "Enter" || key.key === " ") {
        key.preventDefault();
        key.stopPropagation();
        openDatagram(event.seq);
      }
    });
    return group;
  }

  // ---- one datagram, opened -------------------------------------------------------------

  function row(table, name, value, className) {
    const tr = element("tr");
    tr.appendChild(element("th", "", name));
    const td = element("td", className || "");
    if (value === null || value === undefined || value === "") {
      td.className = `${className || ""} none`.trim();
      td.textContent = value === "" ? "(empty)" : "none";
    } else {
      td.textContent = String(value);
    }
    tr.appendChild(td);
    table.appendChild(tr);
    return td;
  }

  function openDatagram(seq) {
    state.selectedSeq = seq;
    const request = ++state.detailRequest;
    const panel = $("datagram");
    const body = $("datagram-body");
    panel.hidden = false;
    panel.dataset.seq = String(seq);
    panel.dataset.state = "loading";
    $("datagram-title").textContent = `${unitTitle()} #${seq}`;
    body.replaceChildren(element("p", "summary", "loading…"));
    renderLadder();
    fetch(`/datagram/${encodeURIComponent(seq)}`, { cache: "no-store" })
      .then((response) => {
        if (response.status === 404) return { gone: true };
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((datagram) => {
        if (request !== state.detailRequest) return;
        if (datagram.gone) {
          panel.dataset.state = "gone";
          const ring = state.ring ? ` (it keeps the most recent ${state.ring} events)` : "";
          body.replaceChildren(element("p", "gone-message",
            `The ${state.place} no longer holds ${state.unit} #${seq}: it has left the ${state.place}'s ring${ring}.`));
          return;
        }
        panel.dataset.state = "open";
        body.replaceChildren(...datagramView(datagram));
      })
      .catch((error) => {
        if (request !== state.detailRequest) return;
        panel.dataset.state = "error";
        body.replaceChildren(element("p", "gone-message", `Could not load ${state.unit} #${seq}: ${error.message}`));
      });
  }

  function datagramView(datagram) {
    const nodes = [];
    const event = state.shown.find((shown) => shown.seq === datagram.seq) || {};
    const peer = datagram.peer || "";
    const name = nameOf(peer);
    const who = name ? `${name} (${peer})` : peer;
    const hub = `${state.place} ${datagram.hub || state.hub}`;
    $("datagram-title").textContent = `${unitTitle()} #${datagram.seq}: ${datagram.dir} · ${datagram.kind}`;
    const summary = element("p", "summary",
      `${datagram.dir === "in" ? `${who} → ${hub}` : `${hub} → ${who}`} · ${datagram.size} bytes · ` +
      `${clockTime(datagram.t_us / 1000, true)}${String(datagram.t_us % 1000).padStart(3, "0")}`);
    nodes.push(summary);
    const outcome = datagram.verdict || (datagram.fate && datagram.fate !== "sent" ? datagram.fate : "");
    if (outcome) {
      const delay = datagram.delay_ms ? `, ${datagram.delay_ms} ms late` : "";
      nodes.push(element("p", "summary", `${datagram.dir === "in" ? `The ${state.place}'s verdict` : "The simulator"}: ${outcome}${delay}`));
    }
    if (event.cause !== undefined && event.cause !== null) {
      const answer = element("p", "summary", "Sent in answer to ");
      const cause = element("button", "cause", `${state.unit} #${event.cause}`);
      cause.type = "button";
      cause.addEventListener("click", () => openDatagram(event.cause));
      answer.appendChild(cause);
      nodes.push(answer);
    }

    nodes.push(element("h3", "", "Fields"));
    const fields = datagram.fields || {};
    const fieldTable = element("table", "fields");
    row(fieldTable, "sender", fields.sender);
    row(fieldTable, "separator", fields.separator);
    row(fieldTable, "text", fields.text, "text");
    row(fieldTable, "departure marker", fields.departure_marker);
    row(fieldTable, "note", fields.note);
    nodes.push(fieldTable);

    const cut = typeof datagram.kept === "number" && datagram.kept < datagram.size;
    nodes.push(element("h3", "", cut ? `Bytes (the first ${datagram.kept} of ${datagram.size})` : "Bytes"));
    const hex = element("pre", "hex");
    hex.textContent = datagram.hex || "";
    nodes.push(hex);

    const headers = element("div", "headers");
    if (datagram.carrier) {
      // Over TCP: no IP or UDP header belongs to one line.
      headers.appendChild(element("p", "summary carrier", `No headers: ${datagram.carrier}.`));
    }
    if (datagram.ip) {
      const ipBox = element("div");
      ipBox.appendChild(element("h3", "", `IPv${datagram.ip.version} header`));
      const ipTable = element("table", "ip");
      const ipNames = datagram.ip.version === 6
        ? ["version", "payload_length", "next_header", "hop_limit", "source", "destination"]
        : ["version", "header_length", "total_length", "identification", "dont_fragment", "ttl", "protocol", "checksum", "source", "destination"];
      // The header fields under the names RFC 791 and RFC 8200 give them.
      const ipLabels = { dont_fragment: "don't fragment", ttl: "time to live", header_length: "header length" };
      for (const key of ipNames) {
        if (key in datagram.ip) row(ipTable, ipLabels[key] || key.replace(/_/g, " "), datagram.ip[key]);
      }
      ipBox.appendChild(ipTable);
      headers.appendChild(ipBox);
    }
    if (datagram.udp) {
      const udpBox = element("div");
      udpBox.appendChild(element("h3", "", "UDP header"));
      const udpTable = element("table", "udp");
      for (const key of ["source_port", "destination_port", "length", "checksum"]) {
        if (key in datagram.udp) row(udpTable, key.replace(/_/g, " "), datagram.udp[key]);
      }
      udpBox.appendChild(udpTable);
      headers.appendChild(udpBox);
    }
    nodes.push(headers);
    return nodes;
  }

  // "Datagram" or "Line", for titles.
  function unitTitle() {
    return state.unit.charAt(0).toUpperCase() + state.unit.slice(1);
  }

  function closeDatagram() {
    state.selectedSeq = null;
    state.detailRequest++;
    $("datagram").hidden = true;
    renderLadder();
  }

  // ---- members -------------------------------------------------------------------------

  function trafficCell(counts) {
    const td = element("td", "num");
    td.appendChild(document.createTextNode(String(counts ? counts.datagrams : 0)));
    td.appendChild(element("span", "bytes", bytesText(counts ? counts.bytes : 0)));
    return td;
  }

  function memberRow(member, gone) {
    const tr = element("tr", gone ? "gone" : "member");
    tr.dataset.addr = member.addr;
    tr.dataset.name = member.name || "";
    const nameCell = element("td", "name", member.name || "–");
    if (member.paused) {
      nameCell.appendChild(document.createTextNode(" "));
      nameCell.appendChild(element("span", "tag", "paused"));
    }
    tr.appendChild(nameCell);
    tr.appendChild(element("td", "addr", member.addr));
    tr.appendChild(element("td", "time", typeof member.joined_ms === "number" ? clockTime(member.joined_ms) : "–"));
    if (gone) {
      tr.appendChild(element("td", "why", `${member.why || "gone"} ${clockTime(member.gone_ms)}`));
    } else {
      tr.appendChild(element("td", "idle", durationText(member.idle_ms)));
    }
    tr.appendChild(trafficCell(member.in));
    tr.appendChild(trafficCell(member.out));
    return tr;
  }

  function renderMembers() {
    const rows = [];
    for (const member of state.members) rows.push(memberRow(member, false));
    if (state.more) {
      const tr = element("tr", "more");
      const td = element("td", "", `… and ${state.more} more`);
      td.colSpan = 6;
      tr.appendChild(td);
      rows.push(tr);
    }
    for (const member of state.gone) rows.push(memberRow(member, true));
    $("member-rows").replaceChildren(...rows);
    const count = state.members.length + state.more;
    $("member-count").textContent = `${count} here${state.gone.length ? `, ${state.gone.length} just gone` : ""}`;
  }

  // ---- rate chart ----------------------------------------------------------------------

  function niceCeiling(value) {
    if (value <= 4) return 4;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  function renderRates() {
    const svgRoot = $("rates");
    const width = svgRoot.clientWidth;
    const height = svgRoot.clientHeight;
    while (svgRoot.firstChild) svgRoot.removeChild(svgRoot.firstChild);
    const last = state.rates[state.rates.length - 1];
    const now = $("rate-now");
    if (last) {
      // Only relayed messages fan out; keepalives and commands are in `in` too.
      const messages = last.messages ?? last.in;
      const expected = Math.max(0, last.members - 1) * messages;
      now.replaceChildren(
        document.createTextNode("last second: "), element("b", "in", `in ${last.in}/s`),
        document.createTextNode(" · "), element("b", "out", `out ${last.out}/s`),
        document.createTextNode(` · M = ${last.members} members, ${messages} relayed, (M−1) × relayed = ${expected}`));
    } else {
      now.textContent = "no figures yet";
    }
    if (!width || !height) return;
    svgRoot.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const rem = remPx();
    const left = 2.6 * rem;
    const right = width - 0.5 * rem;
    const top = 0.5 * rem;
    const bottom = height - 1.3 * rem;
    const endMs = last ? last.t_ms : Date.now();
    const startMs = endMs - (RATE_SECONDS - 1) * 1000;
    let peak = 0;
    for (const second of state.rates) {
      peak = Math.max(peak, second.in, second.out, Math.max(0, second.members - 1) * (second.messages ?? second.in));
    }
    const ceiling = niceCeiling(peak);
    const x = (tMs) => left + (right - left) * (tMs - startMs) / ((RATE_SECONDS - 1) * 1000);
    const y = (value) => bottom - (bottom - top) * value / ceiling;
    for (const fraction of [0, 0.5, 1]) {
      const value = ceiling * fraction;
      svgElement("line", { class: fraction ? "chart-grid" : "chart-axis", x1: left, y1: y(value), x2: right, y2: y(value) }, svgRoot);
      const label = svgElement("text", { class: "chart-label", x: left - 0.3 * rem, y: y(value) + 0.25 * rem, "text-anchor": "end" }, svgRoot);
      label.textContent = String(value);
    }
    svgElement("line", { class: "chart-axis", x1: left, y1: top, x2: left, y2: bottom }, svgRoot);
    for (const secondsAgo of [60, 30, 0]) {
      const label = svgElement("text", { class: "chart-label", x: x(endMs - secondsAgo * 1000), y: height - 0.2 * rem,
                                         "text-anchor": secondsAgo === 60 ? "start" : secondsAgo ? "middle" : "end" }, svgRoot);
      label.textContent = secondsAgo ? `−${secondsAgo} s` : "now";
    }
    const points = (value) => state.rates
      .filter((second) => second.t_ms >= startMs)
      .map((second) => `${x(second.t_ms).toFixed(1)},${y(value(second)).toFixed(1)}`).join(" ");
    if (state.rates.length) {
      svgElement("polyline", { class: "chart-expected", points: points((s) => Math.max(0, s.members - 1) * (s.messages ?? s.in)) }, svgRoot);
      svgElement("polyline", { class: "chart-in", points: points((s) => s.in) }, svgRoot);
      svgElement("polyline", { class: "chart-out", points: points((s) => s.out) }, svgRoot);
    }
  }

  // ---- wiring --------------------------------------------------------------------------

  function watchSilence() {
    // The hub sends members once a second; a connection that stays open but silent is stale.
    if (!state.lastWordMs || document.body.dataset.connection !== "live") return;
    const silentMs = Date.now() - state.lastWordMs;
    if (silentMs > 5000) setConnection("reconnecting", `no word from the hub for ${durationText(silentMs)}`);
  }

  function start() {
    setConnection("connecting", "connecting…");
    $("pause").addEventListener("click", () => setPaused(!state.paused));
    $("step").addEventListener("click", step);
    $("live").addEventListener("click", goLive);
    for (const button of document.querySelectorAll(".speed")) {
      button.addEventListener("click", () => setSpeed(Number(button.dataset.speed)));
    }
    $("datagram-close").addEventListener("click", closeDatagram);
    $("keepalives").addEventListener("click", () => setKeepalivesShown(state.hideKeepalives));
    document.addEventListener("keydown", (key) => {
      if (key.target instanceof HTMLButtonElement || key.altKey || key.ctrlKey || key.metaKey) return;
      if (key.key === "Escape") closeDatagram();
      else if (key.key === " ") { key.preventDefault(); setPaused(!state.paused); }
      else if (key.key === "ArrowRight") step();
      else if (key.key === "l" || key.key === "L") goLive();
      else if (key.key === "k" || key.key === "K") setKeepalivesShown(state.hideKeepalives);
      else if (["1", "2", "3", "4"].includes(key.key)) setSpeed([1, 0.5, 0.25, 0.1][Number(key.key) - 1]);
    });
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { renderLadder(); renderRates(); }, 100);
    });
    renderMembers();
    renderRates();
    renderLadder();
    renderPlaybackState();
    setInterval(tick, TICK_MS);
    setInterval(watchSilence, 1000);
    connect();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
