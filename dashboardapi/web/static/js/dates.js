// Dates in the guild's locale and timezone: the one formatter every page
// uses (docs/plugins.md, "Dates"). The shell loads the open guild's
// dashboard settings (GET .../dashboard/settings: locale, timezone,
// dateFormat) and keeps them current from dashboard:settings_updated;
// every <Time> re-renders when they change. Outside a guild (the bot-wide
// overview) dates use the browser's locale and zone.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { useRealtimeData, REFETCH } from "./data.js";
import { guildPath } from "./api.js";

const browserDefaults = { locale: undefined, timeZone: undefined, dateFormat: "relative" };
let current = browserDefaults;
const listeners = new Set();

// usable returns the settings when Intl accepts them, else null: a bad
// stored value never breaks a page, it falls back to the browser's.
function usable(locale, timeZone) {
  try {
    new Intl.DateTimeFormat(locale, { timeZone }).format(0);
    return true;
  } catch {
    return false;
  }
}

// setDateSettings switches every date on the page to settings
// ({locale, timezone, dateFormat}); null goes back to the browser's.
export function setDateSettings(settings) {
  let next = browserDefaults;
  if (settings) {
    const locale = settings.locale || undefined;
    const timeZone = settings.timezone || undefined;
    const ok = usable(locale, timeZone);
    if (!ok) console.warn("dashboard settings: unusable locale or timezone; using the browser's", locale, timeZone);
    next = {
      locale: ok ? locale : undefined,
      timeZone: ok ? timeZone : undefined,
      dateFormat: settings.dateFormat === "absolute" ? "absolute" : "relative",
    };
  }
  if (next.locale === current.locale && next.timeZone === current.timeZone && next.dateFormat === current.dateFormat) return;
  current = next;
  formatters.clear();
  for (const fn of listeners) fn(current);
}

// dateSettings returns the settings dates are written in now.
export function dateSettings() {
  return current;
}

const formatters = new Map();

function formatter(kind) {
  let f = formatters.get(kind);
  if (!f) {
    const opts = { timeZone: current.timeZone };
    if (kind === "long") Object.assign(opts, { dateStyle: "medium", timeStyle: "long" });
    else if (kind === "date") opts.dateStyle = "medium";
    else if (kind === "time") opts.timeStyle = "short";
    else Object.assign(opts, { dateStyle: "medium", timeStyle: "short" });
    f = new Intl.DateTimeFormat(current.locale, opts);
    formatters.set(kind, f);
  }
  return f;
}

function toDate(t) {
  if (t === undefined || t === null || t === "") return null;
  const d = t instanceof Date ? t : new Date(typeof t === "number" && t < 1e11 ? t * 1000 : t);
  return Number.isNaN(d.getTime()) ? null : d;
}

// formatDate writes t (a Date, ISO string, or unix ms or s) in the guild's
// locale and zone. style: "medium" (date and time, the default), "long"
// (with the zone's name), "date" or "time".
export function formatDate(t, style = "medium") {
  const d = toDate(t);
  return d ? formatter(style).format(d) : "";
}

// formatAgo writes t relative to now ("just now", "5 min ago", "3 h ago")
// while it is under a day old, and as formatDate beyond that or when the
// guild's date format is absolute.
export function formatAgo(t, now = Date.now()) {
  const d = toDate(t);
  if (!d) return "";
  if (current.dateFormat === "absolute") return formatDate(d);
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < -60) return formatDate(d);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return formatDate(d);
}

// The relative texts are refreshed once a minute by one shared timer that
// runs only while some <Time> is mounted.
const ticks = new Set();
let ticker = null;
function onTick(fn) {
  ticks.add(fn);
  if (!ticker) ticker = setInterval(() => ticks.forEach((f) => f()), 60000);
  return () => {
    ticks.delete(fn);
    if (!ticks.size) {
      clearInterval(ticker);
      ticker = null;
    }
  };
}

// useDateSettings re-renders the component when the guild's date settings
// change (and, with tick, once a minute) and returns them.
export function useDateSettings(tick = false) {
  const [, setN] = useState(0);
  useEffect(() => {
    const bump = () => setN((n) => n + 1);
    listeners.add(bump);
    const off = tick ? onTick(bump) : () => {};
    return () => {
      listeners.delete(bump);
      off();
    };
  }, [tick]);
  return current;
}

// Time shows t as <time datetime=ISO title="absolute date">: relative
// text while recent (or always absolute with absolute set, or when the
// guild chose absolute dates), the full date and zone in the title.
export function Time({ t, absolute = false, style }) {
  useDateSettings(!absolute);
  const d = toDate(t);
  if (!d) return "";
  const text = absolute ? formatDate(d, style) : formatAgo(d);
  return html`<time datetime=${d.toISOString()} title=${formatDate(d, "long")}>${text}</time>`;
}

// GuildDateSettings, mounted by the shell while a guild is open, loads the
// guild's settings and keeps them current. A member whose grant leaves out
// the dashboard's own routes cannot read them and sees the browser's.
export function GuildDateSettings({ guildId }) {
  const { data } = useRealtimeData({
    room: guildId,
    path: guildPath(guildId, "dashboard/settings"),
    events: ["dashboard:settings_updated"],
    patch: (cur, _ev, payload) => (payload && typeof payload.version === "number" ? { ...cur, ...payload } : REFETCH),
  });
  useEffect(() => {
    setDateSettings(data);
  }, [data && data.locale, data && data.timezone, data && data.dateFormat]);
  useEffect(() => () => setDateSettings(null), [guildId]);
  return null;
}
