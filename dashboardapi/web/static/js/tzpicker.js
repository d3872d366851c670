// TimezonePicker: a searchable select of IANA timezones (the ARIA
// combobox pattern, as picker.js), from the browser's own list
// (Intl.supportedValuesOf("timeZone")). Typing filters by any part of the
// name ("kolkata", "new york", "berlin"); arrows move, Enter picks, Escape
// closes and puts the chosen zone back. The server checks the zone too.
import { useMemo, useRef, useState } from "preact/hooks";
import { html } from "./html.js";

const SHOWN = 50;
let zones = null;

// ICU (and so the browser's list) still names some zones by their old
// IANA names; people search for the current ones, and the server's tz
// database knows both. The list shows the current name.
const renamed = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

// allZones lists the zones the browser knows, by their current names,
// UTC first.
export function allZones() {
  if (!zones) {
    let list = [];
    try {
      list = Intl.supportedValuesOf("timeZone");
    } catch {
      list = [];
    }
    const named = list.map((z) => renamed[z] || z).filter((z) => z !== "UTC");
    zones = ["UTC", ...[...new Set(named)].sort()];
  }
  return zones;
}

// offsetLabel names a zone's current offset from UTC ("GMT+05:30").
function offsetLabel(zone) {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName");
    return part ? part.value : "";
  } catch {
    return "";
  }
}

const squash = (s) => String(s).toLowerCase().replace(/[\s_/-]+/g, " ").trim();

// matching returns the zones whose name contains every word of query.
export function matching(query) {
  const words = squash(query).split(" ").filter(Boolean);
  const all = allZones();
  if (!words.length) return all;
  return all.filter((z) => {
    const name = squash(z);
    return words.every((w) => name.includes(w));
  });
}

export function TimezonePicker({ id, value, onChange, invalid, describedBy }) {
  const [query, setQuery] = useState(null); // null: not editing, shows value
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef(null);
  const listId = `${id}-list`;
  const hits = useMemo(() => matching(query ?? "").slice(0, SHOWN), [query]);
  const shown = open && (hits.length > 0 || !!query);

  const move = (i) => {
    const next = Math.max(0, Math.min(i, hits.length - 1));
    setActive(next);
    listRef.current?.querySelector(`#${CSS.escape(`${listId}-${next}`)}`)?.scrollIntoView({ block: "nearest" });
  };
  const choose = (zone) => {
    if (!zone) return;
    onChange(zone);
    setQuery(null);
    setOpen(false);
  };
  const onKey = (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) setOpen(true);
      else move(active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      move(active - 1);
    } else if (e.key === "Enter") {
      if (open) {
        // Enter in an open list picks; it never submits the form.
        e.preventDefault();
        choose(hits[active]);
      }
    } else if (e.key === "Escape") {
      setOpen(false);
      setQuery(null);
    }
  };
  return html`<div class="picker tz-picker" data-picker="timezone" data-value=${value || ""}>
    <input id=${id} type="text" role="combobox" autocomplete="off" spellcheck="false" aria-autocomplete="list"
      aria-expanded=${shown ? "true" : "false"} aria-controls=${listId}
      aria-activedescendant=${shown && hits[active] ? `${listId}-${active}` : undefined}
      aria-invalid=${invalid ? "true" : undefined} aria-describedby=${describedBy} data-field="timezone"
      placeholder="Search timezones, e.g. Berlin or New York" value=${query ?? value ?? ""}
      onInput=${(e) => { setQuery(e.currentTarget.value); setActive(0); setOpen(true); }}
      onFocus=${(e) => { e.currentTarget.select(); setOpen(true); }}
      onBlur=${() => setTimeout(() => { setOpen(false); setQuery(null); }, 150)} onKeyDown=${onKey} />
    <span class="muted tz-offset" aria-hidden="true">${value ? offsetLabel(value) : ""}</span>
    <ul id=${listId} ref=${listRef} role="listbox" class="options" hidden=${!shown} aria-label="Timezones">
      ${shown && !hits.length && html`<li class="muted" role="option" aria-disabled="true" aria-selected="false">No timezone matches “${query}”.</li>`}
      ${shown && hits.map((z, i) => html`<li key=${z} id=${`${listId}-${i}`} role="option" aria-selected=${i === active ? "true" : "false"}
        data-option=${z} class=${i === active ? "active" : ""} onMouseDown=${(e) => { e.preventDefault(); choose(z); }}>
        ${z.replace(/_/g, " ")} <span class="muted">${offsetLabel(z)}</span></li>`)}
    </ul>
  </div>`;
}
