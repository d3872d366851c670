// The SSE fallback transport (docs/protocol.md, "SSE fallback"): a
// WebSocket-shaped object over fetch() reading the gateway's
// text/event-stream, for networks whose proxies refuse WebSocket
// upgrades. fetch() rather than EventSource, because EventSource cannot
// send the Authorization header and tokens never travel in a URL. The
// realtime client (realtime.js) drives it as it drives a WebSocket: it
// gets onmessage with each envelope, and onclose with the code the
// gateway's final "close" event carries (or 1006 when the stream broke).

const CLOSE_ABNORMAL = 1006;
const CLOSE_AUTH_FAILED = 4001;
const CLOSE_RATE_LIMITED = 4008;
const CLOSE_TOKEN_EXPIRED = 4010;

// sseUrlFor turns the gateway's WebSocket URL into its SSE URL: the same
// host and port, /sse in place of /ws.
export function sseUrlFor(wsUrl) {
  const u = new URL(wsUrl, globalThis.location ? location.href : undefined);
  u.protocol = u.protocol === "wss:" || u.protocol === "https:" ? "https:" : "http:";
  u.pathname = u.pathname.replace(/\/(ws)?$/, "") + "/sse";
  u.search = "";
  u.hash = "";
  return u.toString();
}

export class SseSocket {
  // url is the stream's URL (rooms included); token the gateway token;
  // lastEventId the id to resume from ("" for none).
  constructor(url, { token, lastEventId = "", fetchImpl = globalThis.fetch.bind(globalThis), idleMs = 75000 }) {
    this.readyState = 0;
    this.idleMs = idleMs;
    this.lastEventId = lastEventId;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onid = null;
    this.abort = new AbortController();
    this.closed = false;
    const headers = { Authorization: "Bearer " + token };
    if (lastEventId) headers["Last-Event-ID"] = lastEventId;
    this.run(fetchImpl, url, headers);
  }

  // close ends the stream from this side; onclose follows, as for a
  // WebSocket.
  close(code = 1000) {
    this.finish(code);
  }

  finish(code, reason = "") {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    clearTimeout(this.idleTimer);
    this.abort.abort();
    queueMicrotask(() => this.onclose && this.onclose({ code, reason }));
  }

  // watch closes a stream that has been silent past idleMs: the gateway
  // sends a heartbeat comment every heartbeatInterval.
  watch() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.finish(CLOSE_ABNORMAL, "no heartbeat"), this.idleMs);
  }

  async run(fetchImpl, url, headers) {
    let res;
    try {
      res = await fetchImpl(url, { headers, cache: "no-store", credentials: "omit", signal: this.abort.signal });
    } catch {
      return this.finish(CLOSE_ABNORMAL, "network error");
    }
    if (res.status !== 200 || !res.body) return this.refused(res);
    this.readyState = 1;
    this.watch();
    if (this.onopen) this.onopen({});
    try {
      await this.read(res.body.pipeThrough(new TextDecoderStream()).getReader());
    } catch {
      // Aborted or broken: finish says which.
    }
    this.finish(CLOSE_ABNORMAL, "stream ended");
  }

  // refused maps the gateway's refusal to the close code a WebSocket
  // would have seen, so the realtime client reacts alike.
  async refused(res) {
    let message = "";
    try {
      message = (await res.json()).error.message || "";
    } catch {
      // No body in the contract's shape: the status decides.
    }
    if (res.status === 401) return this.finish(message === "token expired" ? CLOSE_TOKEN_EXPIRED : CLOSE_AUTH_FAILED, message);
    if (res.status === 429) return this.finish(CLOSE_RATE_LIMITED, message);
    this.finish(CLOSE_ABNORMAL, message || "refused with " + res.status);
  }

  // read parses the event stream (the WHATWG format: data, id and event
  // fields, comments, any line ending) and dispatches each event.
  async read(reader) {
    let buf = "";
    let data = [];
    let event = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.closed) return;
      this.watch();
      buf += value;
      // A "\r" that ends the chunk may be half of a "\r\n": it waits.
      const lines = buf.split(/\r\n|\r(?!$)|\n/);
      buf = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (data.length) this.dispatch(event, data.join("\n"));
          data = [];
          event = "";
          continue;
        }
        if (line.startsWith(":")) continue;
        const i = line.indexOf(":");
        const field = i < 0 ? line : line.slice(0, i);
        let val = i < 0 ? "" : line.slice(i + 1);
        if (val.startsWith(" ")) val = val.slice(1);
        if (field === "data") data.push(val);
        else if (field === "event") event = val;
        else if (field === "id" && !val.includes("\0")) {
          this.lastEventId = val;
          if (this.onid) this.onid(val);
        }
      }
      if (this.closed) return;
    }
  }

  dispatch(event, data) {
    if (this.closed) return;
    if (event === "close") {
      let c = {};
      try {
        c = JSON.parse(data);
      } catch {
        // A close event without a code: abnormal.
      }
      return this.finish(Number(c.code) || CLOSE_ABNORMAL, c.reason || "");
    }
    if (this.onmessage) this.onmessage({ data });
  }
}
