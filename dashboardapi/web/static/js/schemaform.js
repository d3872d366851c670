// Forms from a plugin's declaration: the fields of its config schema
// (GET /api/guilds/{id}/<plugin>/config/schema, core.ConfigSchema) drawn
// as inputs by type and widget, checked against their limits before
// sending, with the server's per-field errors (error.field) shown beside
// the field they name.
import { useState } from "preact/hooks";
import { html } from "./html.js";
import { Picker } from "./picker.js";
import { TimezonePicker } from "./tzpicker.js";
import { Empty } from "./empty.js";
import { humanize } from "./ui.js";

// topField returns the schema field a path names: "thresholds[1].points"
// belongs to "thresholds".
export function topField(path) {
  return String(path || "").split(/[.[]/)[0];
}

const sample = { user: "@Alex", guild: "Warden Demo 1", reason: "Spamming in #general", duration: "1 hour", case: "42", points: "3" };

// renderTemplate fills a template's {variables} with example values.
export function renderTemplate(tpl, vars, type) {
  return String(tpl || "").replace(/\{([a-z]+)\}/g, (m, v) => (vars.includes(v) ? (v === "type" ? type : sample[v] ?? v) : m));
}

function unknownVars(tpl, vars) {
  return [...String(tpl || "").matchAll(/\{([^}]*)\}?/g)].map((m) => m[1]).filter((v) => !vars.includes(v));
}

function checkNumber(f, v, where) {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v !== "number" || Number.isNaN(v)) return `${where}: must be a number`;
  if (f.type === "integer" && !Number.isInteger(v)) return `${where}: must be a whole number`;
  if (f.min !== undefined && v < f.min) return `${where}: must be at least ${f.min}`;
  if (f.max !== undefined && v > f.max) return `${where}: must be at most ${f.max}`;
  return null;
}

// validate returns {path: message} for the values breaking their field's
// declared limits; the server checks the same and more.
export function validate(schema, doc) {
  const errs = {};
  for (const f of schema.fields) {
    const v = doc[f.name];
    const put = (path, msg) => {
      if (msg && !errs[path]) errs[path] = msg;
    };
    switch (f.type) {
      case "integer":
      case "number":
        if (v === "" || v === null || v === undefined) put(f.name, `${f.label}: required`);
        put(f.name, checkNumber(f, v, f.label));
        break;
      case "string":
        if ((f.widget === "timezone" || f.widget === "locale") && !v) put(f.name, `${f.label}: required`);
        if (f.widget === "locale" && v && !isLocale(v)) put(f.name, `${f.label}: "${v}" is not a language tag; write one such as en-US, en-GB or de-DE`);
        if (f.maxLength && (v || "").length > f.maxLength) put(f.name, `${f.label}: at most ${f.maxLength} characters`);
        break;
      case "list":
        if (f.maxItems && (v || []).length > f.maxItems) put(f.name, `${f.label}: at most ${f.maxItems}`);
        break;
      case "map":
        for (const [k, t] of Object.entries(v || {})) {
          if (f.maxLength && t.length > f.maxLength) put(`${f.name}.${k}`, `${humanize(k)}: at most ${f.maxLength} characters`);
          if (f.widget === "template") {
            const bad = unknownVars(t, f.vars || []);
            if (bad.length) put(`${f.name}.${k}`, `${humanize(k)}: unknown variable {${bad[0]}}; use ${(f.vars || []).map((x) => `{${x}}`).join(" ")}`);
          }
        }
        break;
      case "table":
        if (f.maxItems && (v || []).length > f.maxItems) put(f.name, `${f.label}: at most ${f.maxItems} rows`);
        (v || []).forEach((row, i) => {
          for (const c of f.columns || []) {
            if (c.type === "integer" || c.type === "number") {
              const x = row[c.name];
              if ((x === "" || x === undefined || x === null) && c.widget !== "duration") put(`${f.name}[${i}].${c.name}`, `Row ${i + 1}: ${c.label} is required`);
              else put(`${f.name}[${i}].${c.name}`, checkNumber(c, x, `Row ${i + 1}: ${c.label}`));
            }
          }
        });
        break;
      default:
    }
  }
  return errs;
}

// isLocale says whether tag is a BCP 47 language tag the browser accepts.
function isLocale(tag) {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// Locales offered as suggestions; any BCP 47 tag may be typed.
const commonLocales = ["en-US", "en-GB", "en-AU", "en-IN", "de-DE", "fr-FR", "es-ES", "es-MX", "it-IT", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "sv-SE", "tr-TR", "ru-RU", "uk-UA", "ja-JP", "ko-KR", "zh-CN", "zh-TW"];

// errorsFor returns the messages whose path is within field name.
function errorsFor(errors, name) {
  return Object.entries(errors || {}).filter(([p]) => topField(p) === name);
}

function FieldError({ id, errors }) {
  if (!errors.length) return null;
  return html`<small class="field-error" id=${id} data-field-error=${errors[0][0]}>${errors.map(([, m]) => html`<span>${m} </span>`)}</small>`;
}

function Help({ id, text }) {
  return text ? html`<small class="help" id=${id}>${text}</small>` : null;
}

const units = [["minutes", 60], ["hours", 3600], ["days", 86400]];

// Duration edits seconds in the largest unit that divides them.
export function Duration({ id, value, onChange, label, invalid, describedBy }) {
  const secs = Number(value) || 0;
  const fit = [...units].reverse().find(([, n]) => secs > 0 && secs % n === 0) || units[0];
  const [unit, setUnit] = useState(fit[0]);
  const size = units.find(([u]) => u === unit)[1];
  const shown = secs ? secs / size : "";
  return html`<span class="duration">
    <input id=${id} type="number" min="0" step="any" value=${shown} aria-invalid=${invalid ? "true" : undefined} aria-describedby=${describedBy}
      data-duration="value" onInput=${(e) => onChange(e.currentTarget.value === "" ? 0 : Math.round(Number(e.currentTarget.value) * size))} />
    <select aria-label=${`${label} unit`} value=${unit} data-duration="unit" onChange=${(e) => {
      const next = e.currentTarget.value;
      setUnit(next);
      if (shown !== "") onChange(Math.round(Number(shown) * units.find(([u]) => u === next)[1]));
    }}>${units.map(([u]) => html`<option value=${u}>${u}</option>`)}</select>
  </span>`;
}

// Input draws one value of field f (a top-level field or a table column).
function Input({ f, id, value, onChange, guildId, invalid, describedBy }) {
  const common = { id, "aria-invalid": invalid ? "true" : undefined, "aria-describedby": describedBy, "data-field": f.name };
  switch (f.widget) {
    case "role":
    case "channel":
    case "member":
      return html`<${Picker} guildId=${guildId} kind=${f.widget} channelType=${f.channelType} multiple=${f.type === "list"}
        value=${value} onChange=${onChange} id=${id} invalid=${invalid} describedBy=${describedBy} />`;
    case "timezone":
      return html`<${TimezonePicker} id=${id} value=${value} onChange=${onChange} invalid=${invalid} describedBy=${describedBy} />`;
    case "locale":
      return html`<input ...${common} type="text" list=${`${id}-options`} autocomplete="off" spellcheck="false" maxlength=${f.maxLength || undefined}
        value=${value ?? ""} onInput=${(e) => onChange(e.currentTarget.value)} />
        <datalist id=${`${id}-options`}>${commonLocales.map((l) => html`<option value=${l} />`)}</datalist>`;
    case "duration":
      return html`<${Duration} id=${id} value=${value} onChange=${onChange} label=${f.label} invalid=${invalid} describedBy=${describedBy} />`;
    case "select":
      return html`<select ...${common} value=${value ?? ""} onChange=${(e) => onChange(e.currentTarget.value)}>
        ${(f.options || []).map((o) => html`<option value=${o}>${o}</option>`)}</select>`;
    case "colour":
      return html`<span class="colour"><input ...${common} type="color" value=${value || "#5865f2"} onInput=${(e) => onChange(e.currentTarget.value)} />
        <code>${value || "none"}</code></span>`;
    case "textarea":
      return html`<textarea ...${common} rows="3" maxlength=${f.maxLength || undefined} onInput=${(e) => onChange(e.currentTarget.value)}>${value ?? ""}</textarea>`;
    default:
  }
  switch (f.type) {
    case "boolean":
      return html`<input ...${common} type="checkbox" checked=${!!value} onChange=${(e) => onChange(e.currentTarget.checked)} />`;
    case "integer":
    case "number":
      return html`<input ...${common} type="number" min=${f.min} max=${f.max} step=${f.type === "integer" ? 1 : "any"} value=${value ?? ""}
        onInput=${(e) => onChange(e.currentTarget.value === "" ? "" : Number(e.currentTarget.value))} />`;
    case "list":
      return html`<input ...${common} type="text" value=${(value || []).join(", ")}
        onInput=${(e) => onChange(e.currentTarget.value.split(",").map((s) => s.trim()).filter(Boolean))} />`;
    default:
      return html`<input ...${common} type="text" maxlength=${f.maxLength || undefined} value=${value ?? ""} onInput=${(e) => onChange(e.currentTarget.value)} />`;
  }
}

// Templates is one editor per key with its variables and a live preview.
function Templates({ f, prefix, value, onChange, errors }) {
  const v = value || {};
  const vars = f.vars || [];
  const insert = (key, name) => {
    const el = document.getElementById(`${prefix}-${f.name}-${key}`);
    const t = v[key] || "";
    const at = el ? el.selectionStart ?? t.length : t.length;
    onChange({ ...v, [key]: t.slice(0, at) + `{${name}}` + t.slice(at) });
  };
  return html`<fieldset class="field templates" data-field=${f.name}><legend>${f.label}</legend>
    <${Help} text=${f.help} />
    <p class="muted">Variables: ${vars.map((x) => html`<code key=${x}>{${x}}</code> `)}</p>
    ${(f.keys || Object.keys(v)).map((key) => {
      const id = `${prefix}-${f.name}-${key}`;
      const errs = errors.filter(([p]) => p === `${f.name}.${key}`);
      return html`<div class="template" key=${key} data-template=${key}>
        <label for=${id}>${humanize(key)}</label>
        <textarea id=${id} rows="2" maxlength=${f.maxLength || undefined} data-field=${`${f.name}.${key}`} aria-invalid=${errs.length ? "true" : undefined}
          aria-describedby=${`${id}-preview${errs.length ? ` ${id}-err` : ""}`}
          placeholder="Empty: the default message" onInput=${(e) => {
            const t = e.currentTarget.value;
            const next = { ...v };
            if (t) next[key] = t;
            else delete next[key];
            onChange(next);
          }}>${v[key] || ""}</textarea>
        <div class="vars" role="group" aria-label=${`Insert a variable into ${humanize(key)}`}>
          ${vars.map((x) => html`<button type="button" class="small" key=${x} onClick=${() => insert(key, x)}>{${x}}</button>`)}</div>
        <div class="preview" id=${`${id}-preview`} data-preview=${key}><span class="muted">Preview: </span>${v[key] ? renderTemplate(v[key], vars, key) : html`<em>the default message</em>`}</div>
        <${FieldError} id=${`${id}-err`} errors=${errs} />
      </div>`;
    })}
  </fieldset>`;
}

// Table edits a list of rows, one input per declared column.
function Table({ f, prefix, value, onChange, errors, guildId }) {
  const rows = value || [];
  const blank = Object.fromEntries((f.columns || []).map((c) => [c.name, c.type === "string" ? (c.options || [""])[0] : c.type === "boolean" ? false : c.widget === "duration" ? 0 : ""]));
  const setCell = (i, name, x) => onChange(rows.map((r, j) => (j === i ? { ...r, [name]: x } : r)));
  const full = f.maxItems && rows.length >= f.maxItems;
  const helpId = `${prefix}-${f.name}-help`;
  const tableErrs = errors.filter(([p]) => p === f.name);
  return html`<fieldset class="field table" data-field=${f.name}><legend>${f.label}</legend>
    <${Help} id=${helpId} text=${f.help} />
    ${rows.length === 0 ? html`<${Empty}>No rows yet: add one with “Add a row” below, then save.</${Empty}>` : html`<div class="scroll"><table>
      <thead><tr>${(f.columns || []).map((c) => html`<th scope="col">${c.label}</th>`)}<th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
      <tbody>${rows.map((r, i) => html`<tr key=${i} data-row=${i}>
        ${(f.columns || []).map((c) => {
          const path = `${f.name}[${i}].${c.name}`;
          const id = `${prefix}-${f.name}-${i}-${c.name}`;
          const errs = errors.filter(([p]) => p === path);
          return html`<td><label class="sr-only" for=${id}>${`Row ${i + 1} ${c.label}`}</label>
            <${Input} f=${c} id=${id} guildId=${guildId} value=${r[c.name]} onChange=${(x) => setCell(i, c.name, x)} invalid=${errs.length > 0}
              describedBy=${errs.length ? `${id}-err` : undefined} />
            <${FieldError} id=${`${id}-err`} errors=${errs} /></td>`;
        })}
        <td><button type="button" aria-label=${`Remove row ${i + 1}`} onClick=${() => onChange(rows.filter((_, j) => j !== i))}>Remove</button></td>
      </tr>`)}</tbody></table></div>`}
    <button type="button" data-add=${f.name} disabled=${full} onClick=${() => onChange([...rows, { ...blank }])}>Add a row</button>
    <${FieldError} id=${`${prefix}-${f.name}-err`} errors=${tableErrs} />
  </fieldset>`;
}

// SchemaField draws one top-level field with its label, help and errors.
export function SchemaField({ f, prefix, value, onChange, errors, guildId }) {
  const mine = errorsFor(errors, f.name);
  if (f.type === "map" && f.widget === "template") return html`<${Templates} f=${f} prefix=${prefix} value=${value} onChange=${onChange} errors=${mine} />`;
  if (f.type === "table") return html`<${Table} f=${f} prefix=${prefix} value=${value} onChange=${onChange} errors=${mine} guildId=${guildId} />`;
  const id = `${prefix}-${f.name}`;
  const describedBy = [f.help && `${id}-help`, mine.length && `${id}-err`].filter(Boolean).join(" ") || undefined;
  const input = html`<${Input} f=${f} id=${id} value=${value} onChange=${onChange} guildId=${guildId} invalid=${mine.length > 0} describedBy=${describedBy} />`;
  if (f.type === "boolean" && !f.widget) {
    return html`<div class="field check" data-schema-field=${f.name}>${input}<label for=${id}>${f.label}</label>
      <${Help} id=${`${id}-help`} text=${f.help} /><${FieldError} id=${`${id}-err`} errors=${mine} /></div>`;
  }
  return html`<div class="field" data-schema-field=${f.name}><label for=${id}>${f.label}</label>${input}
    <${Help} id=${`${id}-help`} text=${f.help} /><${FieldError} id=${`${id}-err`} errors=${mine} /></div>`;
}
