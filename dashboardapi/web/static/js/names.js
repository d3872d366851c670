// Names for ids: members, roles and channels of a guild, resolved from the
// directory the bot keeps (GET /api/guilds/{id}/directory) in batches and
// cached for the tab. Components ask for an id while rendering; every id
// asked for in one render is fetched in one request (up to 100 of a kind),
// never one request per row. An id the directory does not know is cached
// as unknown and shown as the id, marked.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { api, guildPath } from "./api.js";
import { toast } from "./ui.js";

const KINDS = ["users", "roles", "channels"];
const BATCH = 100;

// caches: guildId -> kind -> Map(id -> entry | null for unknown).
const caches = new Map();
// queued: guildId -> kind -> Set(id) waiting for the next flush.
const queued = new Map();
const inflight = new Set();
const listeners = new Set();
let scheduled = false;

function cacheOf(guildId) {
  let c = caches.get(guildId);
  if (!c) {
    c = { users: new Map(), roles: new Map(), channels: new Map() };
    caches.set(guildId, c);
  }
  return c;
}

// version counts notifications, so a component subscribing after a
// batch arrived (effects run after paint) still re-renders.
let version = 0;

function notify() {
  version++;
  for (const fn of listeners) fn();
}

// prime stores names the page already has (a picker's search results).
export function prime(guildId, kind, items) {
  const c = cacheOf(guildId)[kind];
  for (const it of items || []) c.set(it.id, it);
  notify();
}

// lookup returns the cached entry: an object, null (unknown), or
// undefined (not known yet; it is queued).
export function lookup(guildId, kind, id) {
  if (!guildId || !id) return null;
  const c = cacheOf(guildId)[kind];
  if (c.has(id)) return c.get(id);
  if (!/^[0-9]{15,21}$/.test(id)) return null;
  const key = `${guildId}/${kind}/${id}`;
  if (inflight.has(key)) return undefined;
  let q = queued.get(guildId);
  if (!q) {
    q = { users: new Set(), roles: new Set(), channels: new Set() };
    queued.set(guildId, q);
  }
  q[kind].add(id);
  if (!scheduled) {
    scheduled = true;
    setTimeout(flush, 0);
  }
  return undefined;
}

async function flush() {
  scheduled = false;
  const batches = [...queued.entries()];
  queued.clear();
  for (const [guildId, q] of batches) {
    const lists = Object.fromEntries(KINDS.map((k) => [k, [...q[k]]]));
    while (KINDS.some((k) => lists[k].length)) {
      const take = Object.fromEntries(KINDS.map((k) => [k, lists[k].splice(0, BATCH)]));
      fetchBatch(guildId, take);
    }
  }
}

async function fetchBatch(guildId, take) {
  const params = KINDS.filter((k) => take[k].length).map((k) => `${k}=${take[k].join(",")}`).join("&");
  const keys = KINDS.flatMap((k) => take[k].map((id) => `${guildId}/${k}/${id}`));
  keys.forEach((k) => inflight.add(k));
  try {
    const res = await api(guildPath(guildId, `directory?${params}`));
    const c = cacheOf(guildId);
    for (const k of KINDS) {
      for (const it of res[k] || []) c[k].set(it.id, it);
      for (const id of take[k]) if (!c[k].has(id)) c[k].set(id, null);
    }
  } catch (err) {
    // Names are a nicety: the ids stay on screen, marked unknown, and are
    // not asked for again in a loop.
    const c = cacheOf(guildId);
    for (const k of KINDS) for (const id of take[k]) if (!c[k].has(id)) c[k].set(id, null);
    console.warn("names not resolved:", err.message);
  } finally {
    keys.forEach((k) => inflight.delete(k));
    notify();
  }
}

// useName returns the entry for an id and re-renders when it arrives.
export function useName(guildId, kind, id) {
  const [, bump] = useState(0);
  const seen = version;
  useEffect(() => {
    const fn = () => bump((n) => n + 1);
    listeners.add(fn);
    if (version !== seen) fn();
    return () => listeners.delete(fn);
  }, []);
  return lookup(guildId, kind, id);
}

function copy(id, what) {
  const done = () => toast({ title: `Copied the id of ${what}`, body: id });
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(id).then(done, done);
  else done();
}

// initials are shown for a member without an avatar.
function initials(name) {
  return (name || "?").replace(/[^\p{L}\p{N} ]/gu, "").split(/\s+/).filter(Boolean).map((w) => w[0]).join("").slice(0, 2).toUpperCase() || "?";
}

// hue picks a stable background for a member's initials from their id.
function hue(id) {
  let h = 0;
  for (const ch of String(id)) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export function Avatar({ m, size = 20 }) {
  if (m && m.avatar) return html`<img class="avatar" src=${m.avatar} alt="" width=${size} height=${size} />`;
  return html`<span class="avatar initials" aria-hidden="true" style=${`background: hsl(${hue(m ? m.id : "")} 45% 32%)`}>${initials(m && m.displayName)}</span>`;
}

// Member shows a member with avatar and display name; hovering shows the
// username and id, clicking copies the id.
export function Member({ guildId, id, prefix = "" }) {
  const m = useName(guildId, "users", id);
  if (!id) return html`<span class="muted">—</span>`;
  if (!m) {
    return html`<button type="button" class="name member unknown" data-unknown=${m === null ? "true" : "pending"} title=${`Unknown member ${id} (click to copy)`}
      onClick=${() => copy(id, "this member")}>${prefix}${id}</button>`;
  }
  return html`<button type="button" class="name member" data-id=${id} title=${`@${m.username} · ${id} (click to copy the id)`}
    onClick=${() => copy(id, m.displayName)}><${Avatar} m=${m} />${prefix}${m.displayName}</button>`;
}

function roleColour(c) {
  return c ? `#${c.toString(16).padStart(6, "0")}` : "var(--muted)";
}

// Role shows a role's name with its colour.
export function Role({ guildId, id }) {
  const r = useName(guildId, "roles", id);
  if (!r) return html`<span class="name role unknown" data-unknown="true" title=${`Unknown role ${id}`}>@${id}</span>`;
  return html`<span class="name role" data-id=${id} title=${`Role ${id}`}><span class="dot" aria-hidden="true" style=${`background:${roleColour(r.color)}`}></span>${r.name}</span>`;
}

// Channel shows a channel as #name.
export function Channel({ guildId, id }) {
  const c = useName(guildId, "channels", id);
  if (!c) return html`<span class="name channel unknown" data-unknown="true" title=${`Unknown channel ${id}`}>#${id}</span>`;
  const mark = c.kind === "voice" ? "🔊 " : c.kind === "category" ? "▸ " : "#";
  return html`<span class="name channel" data-id=${id} title=${`Channel ${id}`}><span aria-hidden=${c.kind !== "text"}>${mark}</span>${c.name}</span>`;
}

export { roleColour };

// displayName returns a member's display name when it is cached, else the
// id (for text such as toasts; components use Member).
export function displayName(guildId, id) {
  const m = guildId && id ? lookup(guildId, "users", id) : null;
  return m ? m.displayName : id;
}
