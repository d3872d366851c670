// Shared pieces of the page: the connection indicator, toasts, loading and
// error states, stat cards and small formatting helpers (dates from
// dates.js, empty states from empty.js).
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { useConnection } from "./data.js";
import { realtime } from "./session.js";
import { State } from "./realtime.js";

const stateLabels = {
  [State.CONNECTING]: "Connecting…",
  [State.LIVE]: "Live",
  [State.RECONNECTING]: "Reconnecting…",
  [State.SIGNED_OUT]: "Signed out",
  [State.STOPPED]: "Offline",
};

// ConnectionIndicator shows whether live updates are flowing.
export function ConnectionIndicator() {
  const state = useConnection();
  // Over the SSE fallback (a proxy refuses WebSockets) the label says so.
  const sse = state === State.LIVE && realtime.transport === "sse";
  return html`<span class="conn" data-state=${state} data-transport=${realtime.transport} role="status" aria-live="polite"
    title=${sse ? "Live updates over Server-Sent Events: this network refuses WebSockets" : "Live updates"}>
    <span class="dot" aria-hidden="true"></span><span class="conn-label">${sse ? "Live (SSE)" : stateLabels[state] || state}</span>
    ${state === State.SIGNED_OUT &&
    html` <button class="link" onClick=${() => realtime.retry()}>Retry</button>`}
  </span>`;
}

let toastSeq = 0;
const toastListeners = new Set();

// toast shows a short notice: {title, body, kind: "info"|"warn"|"error"}.
export function toast(t) {
  const item = { id: ++toastSeq, kind: "info", ...t };
  for (const fn of toastListeners) fn(item);
}

export function Toaster() {
  const [items, setItems] = useState([]);
  useEffect(() => {
    const fn = (item) => {
      setItems((xs) => [...xs.slice(-4), item]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== item.id)), 8000);
    };
    toastListeners.add(fn);
    return () => toastListeners.delete(fn);
  }, []);
  const close = (id) => setItems((xs) => xs.filter((x) => x.id !== id));
  return html`<div class="toasts" role="status" aria-live="polite">
    ${items.map(
      (t) => html`<div class="toast ${t.kind}" key=${t.id}>
        <strong>${t.title}</strong>${t.body && html`<div>${t.body}</div>`}
        <button class="close" aria-label="Dismiss" onClick=${() => close(t.id)}>×</button>
      </div>`,
    )}
  </div>`;
}

export function Loading({ what = "Loading" }) {
  return html`<p class="loading" role="status" aria-busy="true">${what}…</p>`;
}

export function ErrorBox({ error, retry }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong>Something went wrong.</strong> ${error.message}
    ${retry && html` <button onClick=${retry}>Try again</button>`}
  </div>`;
}

// Page wraps a page's content with its loading and error states.
export function Page({ title, loading, error, retry, children, actions }) {
  return html`<section class="page" aria-labelledby="page-title">
    <header class="page-head"><h1 id="page-title">${title}</h1>${actions}</header>
    <${ErrorBox} error=${error} retry=${retry} />
    ${loading ? html`<${Loading} />` : children}
  </section>`;
}

// Change renders a signed change with an arrow, green when up.
export function Change({ value, suffix = "", label }) {
  if (value === undefined || value === null) return html`<span class="change none">no change data</span>`;
  const n = Number(value);
  const dir = n > 0 ? "up" : n < 0 ? "down" : "flat";
  const arrow = n > 0 ? "▲" : n < 0 ? "▼" : "■";
  const text = `${n > 0 ? "+" : ""}${Number.isInteger(n) ? n : n.toFixed(1)}${suffix}`;
  return html`<span class="change ${dir}"><span aria-hidden="true">${arrow}</span> ${text} ${label}</span>`;
}

export function StatCard({ label, value, children, testid }) {
  return html`<div class="card stat" data-testid=${testid}>
    <div class="stat-label">${label}</div>
    <div class="stat-value">${value ?? "—"}</div>
    ${children}
  </div>`;
}

// Dates and empty states live in dates.js and empty.js; they are
// re-exported here, where pages have always found them.
export { Time, formatAgo as ago, formatDate } from "./dates.js";
export { Empty, EmptyRow } from "./empty.js";

// Toggle is an accessible on/off switch.
export function Toggle({ checked, onChange, label, disabled }) {
  return html`<label class="switch">
    <input type="checkbox" role="switch" checked=${!!checked} disabled=${disabled}
      onChange=${(e) => onChange(e.currentTarget.checked)} aria-label=${label} />
    <span class="slider" aria-hidden="true"></span>
  </label>`;
}

// humanize turns "modLogChannelId" into "Mod log channel id".
export function humanize(key) {
  const s = String(key).replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]/g, " ").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
