// The live feed: each event reaching a guild's room shown as the sentence
// its plugin declared (core.EventSpec.Sentence, served by GET /api/events),
// with members and channels by name and a link to what it is about. Stats
// events update figures elsewhere and never become a line here.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { api } from "./api.js";
import { Member, Channel } from "./names.js";
import { humanize } from "./ui.js";
import { Time } from "./dates.js";

const PLACEHOLDER = /\{([@#]?)([A-Za-z0-9_.|]+)\}/g;
const SNOWFLAKE = /^[0-9]{15,21}$/;

// The declarations are the same for the whole tab: fetched once.
let catalog = null;

function loadCatalog() {
  if (!catalog) {
    catalog = api("/api/events")
      .then((list) => new Map((list || []).map((e) => [e.name, e])))
      .catch((err) => {
        catalog = null;
        console.warn("event sentences not loaded:", err.message);
        return new Map();
      });
  }
  return catalog;
}

// useEventCatalog returns a Map of event name to declaration, empty until
// it arrives.
export function useEventCatalog() {
  const [cat, setCat] = useState(new Map());
  useEffect(() => {
    let live = true;
    loadCatalog().then((c) => live && setCat(c));
    return () => {
      live = false;
    };
  }, []);
  return cat;
}

// isFeedEvent says whether an event becomes a feed line: not a stats
// event, nor one its declaration marks quiet (catalog: useEventCatalog's).
export function isFeedEvent(name, catalog) {
  if (String(name).endsWith(":stats_updated")) return false;
  return !catalog?.get(name)?.quiet;
}

function at(data, path) {
  let v = data;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[key];
  }
  return v;
}

// pick returns the first alternative the payload has, and whether it is
// the first one (the only one the mark applies to).
function pick(data, alts) {
  for (let i = 0; i < alts.length; i++) {
    const v = at(data, alts[i]);
    if (v !== undefined && v !== null && v !== "") return [v, i === 0];
  }
  return [undefined, false];
}

// fill renders a template as text (for links and titles).
export function fill(tpl, data) {
  return tpl.replace(PLACEHOLDER, (_, _mark, paths) => {
    const [v] = pick(data, paths.split("|"));
    return v === undefined ? "" : String(v);
  });
}

// Sentence renders a template with members and channels by name.
export function Sentence({ guildId, tpl, data }) {
  const parts = [];
  let last = 0;
  let m;
  PLACEHOLDER.lastIndex = 0;
  while ((m = PLACEHOLDER.exec(tpl))) {
    if (m.index > last) parts.push(tpl.slice(last, m.index));
    const [v, first] = pick(data, m[2].split("|"));
    const mark = first ? m[1] : "";
    if (v === undefined) parts.push(html`<span class="muted">—</span>`);
    else if (mark === "@" && SNOWFLAKE.test(String(v))) parts.push(html`<${Member} guildId=${guildId} id=${String(v)} />`);
    else if (mark === "#" && SNOWFLAKE.test(String(v))) parts.push(html`<${Channel} guildId=${guildId} id=${String(v)} />`);
    else parts.push(html`<strong>${String(v)}</strong>`);
    last = m.index + m[0].length;
  }
  if (last < tpl.length) parts.push(tpl.slice(last));
  return html`<span class="sentence">${parts}</span>`;
}

// FeedLine is one event: its sentence (or, undeclared, its name), when it
// happened, and a link to what it is about.
export function FeedLine({ guildId, ev, spec }) {
  const tpl = spec && spec.sentence;
  const link = spec && spec.link ? `#/g/${encodeURIComponent(guildId)}/${fill(spec.link, ev.data)}` : "";
  return html`<li class="feed-line" data-event=${ev.event}>
    ${tpl ? html`<${Sentence} guildId=${guildId} tpl=${tpl} data=${ev.data} />` : html`<span>${humanize(ev.event.replace(":", " "))}</span>`}
    <span class="feed-meta"><${Time} t=${ev.at} />${link && html` · <a href=${link} class="feed-link" aria-label=${"Open: " + fill(tpl || ev.event, ev.data)}>open</a>`}</span>
  </li>`;
}
