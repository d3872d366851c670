// Pickers: searchable member, role and channel choosers (the ARIA
// combobox pattern). Typing searches the guild's directory
// (GET /api/guilds/{id}/directory/search, at most 10 hits); arrows move,
// Enter picks, Escape closes. A picker holds one id, or a list of ids with
// `multiple`; chosen ids show by name (names.js) with a remove button.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "./html.js";
import { api, guildPath } from "./api.js";
import { prime, Member, Role, Channel, Avatar, roleColour } from "./names.js";

const LIMIT = 10;
const cacheKind = { member: "users", role: "roles", channel: "channels" };
const nouns = { member: "member", role: "role", channel: "channel" };

function optionLabel(kind, it) {
  if (kind === "member") return `${it.displayName} (@${it.username})`;
  if (kind === "channel") return it.kind === "text" ? `#${it.name}` : `${it.name} (${it.kind})`;
  return it.name;
}

function Chosen({ guildId, kind, id }) {
  if (kind === "member") return html`<${Member} guildId=${guildId} id=${id} />`;
  if (kind === "role") return html`<${Role} guildId=${guildId} id=${id} />`;
  return html`<${Channel} guildId=${guildId} id=${id} />`;
}

export function Picker({ guildId, kind, channelType, multiple = false, value, onChange, id, placeholder, invalid, describedBy, required }) {
  const ids = multiple ? value || [] : value ? [value] : [];
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState([]);
  // hitsFor is the query the shown hits answer; while the user's query
  // differs, a search is under way and Enter picks nothing stale.
  const [hitsFor, setHitsFor] = useState(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState(null);
  const seq = useRef(0);
  const listId = `${id}-list`;

  useEffect(() => {
    if (!open) return undefined;
    const n = ++seq.current;
    const ctl = new AbortController();
    const t = setTimeout(async () => {
      const params = new URLSearchParams({ kind, q: query, limit: String(LIMIT) });
      if (channelType) params.set("type", channelType);
      try {
        const res = await api(guildPath(guildId, `directory/search?${params}`), { signal: ctl.signal });
        if (n !== seq.current) return;
        prime(guildId, cacheKind[kind], res);
        setHits(res);
        setHitsFor(query);
        setActive(0);
        setError(null);
      } catch (err) {
        if (err.name !== "AbortError") setError(err);
      }
    }, query ? 120 : 0);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [open, query, kind, channelType, guildId]);

  const choose = (it) => {
    if (!it) return;
    if (multiple) onChange(ids.includes(it.id) ? ids : [...ids, it.id]);
    else onChange(it.id);
    setQuery("");
    setHitsFor(null);
    setOpen(multiple);
  };
  const remove = (x) => onChange(multiple ? ids.filter((y) => y !== x) : "");
  const onKey = (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      if (open && (query || hits.length)) {
        // Enter in an open picker picks; it never submits the form.
        e.preventDefault();
        if (fresh && hits[active]) choose(hits[active]);
      }
    } else if (e.key === "Escape") {
      setOpen(false);
    } else if (e.key === "Backspace" && !query && multiple && ids.length) {
      remove(ids[ids.length - 1]);
    }
  };
  const fresh = hitsFor === query;
  const shown = open && fresh && (hits.length > 0 || error);
  return html`<div class="picker" data-picker=${kind} data-value=${ids.join(",")}>
    ${ids.length > 0 && html`<ul class="chips" aria-label=${`Chosen ${nouns[kind]}s`}>
      ${ids.map((x) => html`<li key=${x} class="chip"><${Chosen} guildId=${guildId} kind=${kind} id=${x} />
        <button type="button" class="chip-x" aria-label=${`Remove ${x}`} data-remove=${x} onClick=${() => remove(x)}>×</button></li>`)}
    </ul>`}
    <input id=${id} type="text" role="combobox" autocomplete="off" aria-autocomplete="list" aria-expanded=${shown ? "true" : "false"}
      aria-controls=${listId} aria-activedescendant=${shown && hits[active] ? `${listId}-${active}` : undefined}
      aria-invalid=${invalid ? "true" : undefined} aria-describedby=${describedBy} required=${required && ids.length === 0}
      placeholder=${placeholder || `Search ${nouns[kind]}s${channelType ? ` (${channelType})` : ""}…`}
      value=${query} onInput=${(e) => { setQuery(e.currentTarget.value); setOpen(true); }}
      onFocus=${() => setOpen(true)} onBlur=${() => setTimeout(() => setOpen(false), 150)} onKeyDown=${onKey} />
    <ul id=${listId} role="listbox" class="options" hidden=${!shown} aria-label=${`${nouns[kind]}s`}>
      ${error && html`<li class="muted" role="option" aria-disabled="true" aria-selected="false">${error.message}</li>`}
      ${hits.map((it, i) => html`<li key=${it.id} id=${`${listId}-${i}`} role="option" aria-selected=${i === active ? "true" : "false"}
          data-option=${it.id} class=${i === active ? "active" : ""} onMouseDown=${(e) => { e.preventDefault(); choose(it); }}>
          ${kind === "member" && html`<${Avatar} m=${it} />`}
          ${kind === "role" && html`<span class="dot" aria-hidden="true" style=${`background:${roleColour(it.color)}`}></span>`}
          ${optionLabel(kind, it)}</li>`)}
    </ul>
  </div>`;
}
