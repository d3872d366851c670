// The realtime client: one WebSocket per tab to the Warden gateway
// (protocol v1, docs/protocol.md). It fetches a short-lived token, sends
// `auth`, joins the rooms the open page needs, dispatches events to
// listeners keyed by guild and event (with "*" wildcards), re-authenticates
// before the token expires, reconnects with exponential backoff and jitter,
// and resumes each room with since/epoch so that nothing published while it
// was away is lost. It never polls: when a room cannot be resumed it tells
// the room's listeners to refetch once.
//
// Where a proxy refuses WebSocket upgrades (the socket fails before it
// ever opens, twice in a row, and no socket has opened in this tab), it
// falls back to the gateway's SSE stream (sse.js) for the rest of the
// tab's life: the same envelopes, rooms chosen at connect (a change of
// rooms reconnects), resume with Last-Event-ID, and a reconnect with a
// fresh token before the current one expires. `transport` says which is
// in use; the Live indicator shows it.

import { SseSocket, sseUrlFor } from "./sse.js";

const CLOSE_GOING_AWAY = 1001;
const CLOSE_AUTH_FAILED = 4001;
const CLOSE_TOKEN_EXPIRED = 4010;
const CLOSE_RATE_LIMITED = 4008;

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30000;
const REAUTH_BEFORE_MS = 15000;
const UNSUBSCRIBE_LINGER_MS = 3000;
const ROOM_FRAMES_PER_SECOND = 4; // the gateway allows 5.
const WS_FAILURES_BEFORE_SSE = 2;
const SSE_RESTART_DEBOUNCE_MS = 100;

// Connection states, as the indicator shows them.
export const State = Object.freeze({
  CONNECTING: "connecting",
  LIVE: "live",
  RECONNECTING: "reconnecting",
  SIGNED_OUT: "signed-out",
  STOPPED: "stopped",
});

// tokenExpiry reads a JWT's exp (unix seconds) without verifying it; the
// server verifies. It returns a time in ms, or 0 when absent.
function tokenExpiry(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const exp = JSON.parse(atob(part)).exp;
    return typeof exp === "number" ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

export class RealtimeClient {
  // fetchToken resolves to a token string, or rejects with an error whose
  // status is 401 when the session is gone. url resolves the gateway URL.
  constructor({ fetchToken, url, WebSocketImpl = globalThis.WebSocket, SseImpl = SseSocket, random = Math.random }) {
    this.fetchToken = fetchToken;
    this.url = url;
    this.WebSocketImpl = WebSocketImpl;
    this.SseImpl = SseImpl;
    this.transport = "ws"; // "sse" once WebSockets proved blocked
    this.wsOpened = false; // a WebSocket has opened in this tab
    this.wsFailures = 0; // sockets in a row that failed before opening
    this.lastEventId = ""; // the SSE stream's last id, to resume from
    this.random = random;
    this.state = State.CONNECTING;
    this.ws = null;
    this.authed = false;
    this.attempt = 0;
    this.timers = new Set();
    this.reauthTimer = null;
    this.pingTimer = null;
    this.rooms = new Map(); // guildId -> {refs, seq, epoch, status, linger, refetchDone}
    this.listeners = new Map(); // "guild\u0000event" -> Set<fn>
    this.roomListeners = new Map(); // guildId -> Set<fn>
    this.stateListeners = new Set();
    this.frameQueue = [];
    this.frameTimes = [];
    this.started = false;
  }

  start() {
    if (this.started) return;
    this.started = true;
    if (typeof window !== "undefined") {
      window.addEventListener("online", () => this.state === State.RECONNECTING && this.reconnectSoon(0));
    }
    this.connect();
  }

  stop() {
    this.setState(State.STOPPED);
    this.clearTimers();
    if (this.ws) this.ws.close(1000, "closed by the page");
  }

  // retry starts over after the client gave up (signed out).
  retry() {
    if (this.state !== State.SIGNED_OUT) return;
    this.attempt = 0;
    this.connect();
  }

  onState(fn) {
    this.stateListeners.add(fn);
    fn(this.state);
    return () => this.stateListeners.delete(fn);
  }

  // on listens for event in guildId's room; either may be "*".
  on(guildId, event, fn) {
    const key = guildId + "\u0000" + event;
    if (!this.listeners.has(key)) this.listeners.set(key, new Set());
    this.listeners.get(key).add(fn);
    return () => this.listeners.get(key)?.delete(fn);
  }

  // onRoom listens for the room's own news: {type: "subscribed", fresh},
  // {type: "resync"} (refetch now), {type: "unsubscribed", reason}.
  onRoom(guildId, fn) {
    if (!this.roomListeners.has(guildId)) this.roomListeners.set(guildId, new Set());
    this.roomListeners.get(guildId).add(fn);
    return () => this.roomListeners.get(guildId)?.delete(fn);
  }

  isSubscribed(guildId) {
    return this.rooms.get(guildId)?.status === "subscribed";
  }

  // join keeps guildId's room joined until the returned release is called.
  join(guildId) {
    let room = this.rooms.get(guildId);
    if (!room) {
      room = { refs: 0, seq: null, epoch: null, status: "idle", linger: null };
      this.rooms.set(guildId, room);
    }
    room.refs++;
    if (room.linger) {
      clearTimeout(room.linger);
      room.linger = null;
    }
    if (room.status === "idle" || room.status === "left") this.subscribe(guildId, room);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      room.refs--;
      if (room.refs > 0) return;
      // Linger so that moving between two pages of one guild does not
      // leave and rejoin the room.
      room.linger = setTimeout(() => {
        room.linger = null;
        if (room.refs > 0) return;
        this.rooms.delete(guildId);
        if (room.status === "subscribed" || room.status === "pending") {
          this.sendRoomFrame({ type: "unsubscribe", guildId });
        }
      }, UNSUBSCRIBE_LINGER_MS);
    };
  }

  subscribe(guildId, room) {
    if (!this.authed) {
      room.status = "idle";
      return;
    }
    room.status = "pending";
    room.resynced = false;
    const frame = { type: "subscribe", guildId };
    if (room.seq !== null && room.epoch) {
      frame.since = room.seq;
      frame.epoch = room.epoch;
    }
    this.sendRoomFrame(frame);
  }

  // sendRoomFrame keeps subscribe/unsubscribe frames under the gateway's
  // per-second limit, queueing the excess.
  sendRoomFrame(frame) {
    this.frameQueue.push(frame);
    this.drainFrames();
  }

  drainFrames() {
    const now = Date.now();
    this.frameTimes = this.frameTimes.filter((t) => now - t < 1000);
    while (this.frameQueue.length && this.frameTimes.length < ROOM_FRAMES_PER_SECOND) {
      if (!this.send(this.frameQueue[0])) return;
      this.frameQueue.shift();
      this.frameTimes.push(now);
    }
    if (this.frameQueue.length) this.later(() => this.drainFrames(), 1000 - (now - this.frameTimes[0]) + 5);
  }

  send(frame) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    if (this.transport === "sse") {
      // No frames go up an SSE stream: rooms are chosen at connect, so a
      // change of rooms reconnects (resuming), and the stream's own
      // heartbeat stands in for pings.
      if (frame.type !== "ping") this.restartSoon();
      return true;
    }
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  setState(s) {
    if (this.state === s) return;
    this.state = s;
    for (const fn of this.stateListeners) fn(s);
  }

  later(fn, ms) {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
    return id;
  }

  clearTimers() {
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    this.restartTimer = null;
    clearTimeout(this.reauthTimer);
    clearInterval(this.pingTimer);
  }

  async connect() {
    if (this.state === State.STOPPED) return;
    this.setState(this.attempt === 0 && !this.everLive ? State.CONNECTING : State.RECONNECTING);
    let token;
    try {
      token = await this.fetchToken();
    } catch (err) {
      if (err && err.status === 401) return this.signedOut();
      return this.reconnectSoon();
    }
    if (this.state === State.STOPPED) return;
    if (this.transport === "sse") return this.connectSSE(token);
    let ws;
    try {
      ws = new this.WebSocketImpl(await this.url());
    } catch {
      return this.reconnectSoon();
    }
    this.ws = ws;
    this.authed = false;
    this.frameQueue = [];
    let opened = false;
    ws.onopen = () => {
      opened = this.wsOpened = true;
      this.wsFailures = 0;
      this.send({ type: "auth", token });
    };
    ws.onmessage = (ev) => this.onMessage(ws, ev.data);
    ws.onclose = (ev) => this.onClose(ws, ev.code, opened);
    this.token = token;
  }

  // connectSSE opens the SSE stream with the rooms joined now, resuming
  // from the last event id it saw.
  async connectSSE(token) {
    const rooms = [];
    for (const [guildId, room] of this.rooms) {
      if (room.refs > 0 && room.status !== "left") {
        rooms.push(guildId);
        room.status = "pending";
        room.resynced = false;
      }
    }
    let url;
    try {
      url = new URL(sseUrlFor(await this.url()));
    } catch {
      return this.reconnectSoon();
    }
    for (const guildId of rooms) url.searchParams.append("guildId", guildId);
    const ws = new this.SseImpl(url.toString(), { token, lastEventId: this.lastEventId });
    ws.rooms = rooms;
    this.ws = ws;
    this.authed = false;
    this.frameQueue = [];
    this.token = token;
    ws.onid = (id) => ws === this.ws && (this.lastEventId = id);
    ws.onmessage = (ev) => this.onMessage(ws, ev.data);
    ws.onclose = (ev) => this.onClose(ws, ev.code);
  }

  // restartSoon reconnects the SSE stream shortly (coalescing a burst of
  // room changes), with a fresh token and the last event id.
  restartSoon() {
    if (this.restartTimer) return;
    this.restartTimer = this.later(() => {
      this.restartTimer = null;
      const old = this.ws;
      if (!old || this.transport !== "sse") return;
      this.ws = null;
      this.authed = false;
      old.close(1000);
      for (const room of this.rooms.values()) if (room.status !== "left") room.status = "idle";
      this.connect();
    }, SSE_RESTART_DEBOUNCE_MS);
  }

  signedOut() {
    this.clearTimers();
    this.setState(State.SIGNED_OUT);
  }

  // reconnectSoon waits an exponentially growing, jittered delay (or the
  // given one) and connects again.
  reconnectSoon(delayMs) {
    if (this.state === State.STOPPED || this.state === State.SIGNED_OUT) return;
    this.setState(State.RECONNECTING);
    if (delayMs === undefined) {
      const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
      delayMs = cap / 2 + this.random() * (cap / 2);
      this.attempt++;
    }
    this.clearTimers();
    this.later(() => this.connect(), delayMs);
  }

  onClose(ws, code, opened = true) {
    if (ws !== this.ws) return;
    this.ws = null;
    this.authed = false;
    clearTimeout(this.reauthTimer);
    clearInterval(this.pingTimer);
    for (const room of this.rooms.values()) if (room.status !== "left") room.status = "idle";
    if (this.state === State.STOPPED) return;
    if (this.transport === "ws" && !opened && !this.wsOpened && ++this.wsFailures >= WS_FAILURES_BEFORE_SSE) {
      // The upgrade keeps failing where nothing has ever opened: a proxy
      // that refuses WebSockets, most likely. SSE is plain HTTP.
      console.info("warden realtime: WebSocket upgrades fail here; using the SSE stream");
      this.transport = "sse";
      this.attempt = 0;
      return this.reconnectSoon(0);
    }
    switch (code) {
      case CLOSE_AUTH_FAILED:
        // A refused token will be refused again: no loop. The page offers
        // to sign in again.
        return this.signedOut();
      case CLOSE_GOING_AWAY:
        return this.reconnectSoon(this.random() * 1000);
      case CLOSE_TOKEN_EXPIRED:
        return this.reconnectSoon(this.random() * 250);
      case CLOSE_RATE_LIMITED:
        this.attempt = Math.max(this.attempt, 3);
        return this.reconnectSoon();
      default:
        return this.reconnectSoon();
    }
  }

  onMessage(ws, raw) {
    if (ws !== this.ws) return;
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    const data = msg.data || {};
    switch (msg.event) {
      case "connected": {
        const every = Math.max(5000, Math.min(Number(data.heartbeatInterval) || 25000, 30000));
        // A stream silent for two heartbeats (and some) has broken.
        if (this.transport === "sse") ws.idleMs = 2 * (Number(data.heartbeatInterval) || 25000) + 10000;
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.send({ type: "ping" }), every);
        return;
      }
      case "authenticated":
        this.scheduleReauth();
        if (this.authed) return; // a refreshed token, same connection.
        this.authed = true;
        this.attempt = 0;
        this.everLive = true;
        this.setState(State.LIVE);
        // Over SSE the rooms chosen at connect are "pending"; any joined
        // since are "idle", and subscribing them reconnects, as does a
        // room left while the stream was opening.
        for (const [guildId, room] of this.rooms) if (room.refs > 0 && room.status === "idle") this.subscribe(guildId, room);
        if (this.transport === "sse" && ws.rooms.some((g) => !this.rooms.has(g))) this.restartSoon();
        return;
      case "subscribed":
        return this.onSubscribed(data);
      case "resync":
        return this.onResync(data.guildId);
      case "unsubscribed": {
        const room = this.rooms.get(data.guildId);
        if (room) room.status = "left";
        return this.emitRoom(data.guildId, { type: "unsubscribed", reason: data.reason });
      }
      case "pong":
        return;
      case "error":
        console.warn("warden gateway:", data.code, data.message);
        return;
    }
    this.onEvent(msg);
  }

  onSubscribed({ guildId, seq, epoch }) {
    const room = this.rooms.get(guildId);
    if (!room) return;
    room.status = "subscribed";
    if (room.seq === null || !room.epoch) {
      room.seq = seq;
      room.epoch = epoch;
      return this.emitRoom(guildId, { type: "subscribed", fresh: true });
    }
    if (room.epoch !== epoch) {
      // The room's history restarted: our seq means nothing there.
      room.seq = seq;
      room.epoch = epoch;
      return this.onResync(guildId);
    }
    this.emitRoom(guildId, { type: "subscribed", fresh: false });
  }

  onResync(guildId) {
    const room = this.rooms.get(guildId);
    if (!room) return;
    room.seq = null;
    if (room.resynced) return;
    room.resynced = true;
    this.emitRoom(guildId, { type: "resync" });
  }

  onEvent(msg) {
    const guildId = msg.guildId || "";
    const room = this.rooms.get(guildId);
    if (room && typeof msg.seq === "number") {
      if (room.seq !== null && msg.seq <= room.seq) return; // already seen.
      room.seq = msg.seq;
    }
    const keys = [guildId + "\u0000" + msg.event, guildId + "\u0000*", "*\u0000" + msg.event, "*\u0000*"];
    for (const key of keys) {
      for (const fn of this.listeners.get(key) || []) {
        try {
          fn(msg.data, msg);
        } catch (err) {
          console.error("warden realtime listener failed:", err);
        }
      }
    }
  }

  emitRoom(guildId, news) {
    for (const fn of this.roomListeners.get(guildId) || []) {
      try {
        fn(news);
      } catch (err) {
        console.error("warden room listener failed:", err);
      }
    }
  }

  // scheduleReauth sends a fresh token on the open connection before the
  // current one expires, so the gateway never has to close it (4010).
  scheduleReauth() {
    clearTimeout(this.reauthTimer);
    const exp = tokenExpiry(this.token);
    if (!exp) return;
    const wait = Math.max(1000, exp - Date.now() - REAUTH_BEFORE_MS);
    const ws = this.ws;
    this.reauthTimer = setTimeout(async () => {
      if (ws !== this.ws) return;
      // An SSE stream lives as long as its token: reconnect with a fresh
      // one, resuming from the last event id.
      if (this.transport === "sse") return this.restartSoon();
      try {
        this.token = await this.fetchToken();
        this.send({ type: "auth", token: this.token });
      } catch (err) {
        if (err && err.status === 401) {
          this.signedOut();
          ws.close(1000, "signed out");
        }
        // Otherwise the gateway closes with 4010 at expiry and we reconnect.
      }
    }, wait);
  }
}
