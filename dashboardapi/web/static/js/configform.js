// ConfigForm edits a plugin's versioned config document
// (GET|PUT /api/guilds/{guildId}/{plugin}/config) and keeps it live: a save
// in another tab replaces the form while it is untouched, and marks it
// stale while it holds unsaved edits. A stale save is a 409: the form then
// says who changed it and shows their values beside the user's.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { useRealtimeData, REFETCH } from "./data.js";
import { api } from "./api.js";
import { ErrorBox, Loading, toast, humanize } from "./ui.js";
import { Time, formatAgo as ago } from "./dates.js";
import { userId } from "./session.js";
import { SchemaField, validate, topField } from "./schemaform.js";

// useSchema loads a config schema (core.ConfigSchema) once; null while
// loading or when the plugin declares none.
const schemas = new Map();
function useSchema(path) {
  const [schema, setSchema] = useState(() => (path ? schemas.get(path) : null) || null);
  const [failed, setFailed] = useState(null);
  useEffect(() => {
    if (!path || schemas.has(path)) return;
    api(path).then((s) => {
      schemas.set(path, s);
      setSchema(s);
    }, setFailed);
  }, [path]);
  return { schema, failed, loading: !!path && !schema && !failed };
}

const metaKeys = new Set(["version", "updatedBy", "updatedAt"]);
const listKey = /(roles|channels|ids|words|domains|users)$/i;

function who(id) {
  if (!id) return "someone";
  if (id === userId()) return "you (in another tab or window)";
  return `user ${id}`;
}

function body(doc) {
  const out = {};
  for (const [k, v] of Object.entries(doc)) if (k !== "updatedBy" && k !== "updatedAt") out[k] = v;
  return out;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(v) {
  if (typeof v === "string") return v === "" ? "(empty)" : v;
  return JSON.stringify(v);
}

// Field renders one value as the input its type calls for.
function Field({ name, value, onChange, prefix }) {
  const id = `${prefix}-${name}`;
  const label = humanize(name);
  if (typeof value === "boolean") {
    return html`<div class="field check"><input id=${id} type="checkbox" data-field=${name} checked=${value}
      onChange=${(e) => onChange(e.currentTarget.checked)} /><label for=${id}>${label}</label></div>`;
  }
  if (typeof value === "number") {
    return html`<div class="field"><label for=${id}>${label}</label><input id=${id} type="number" data-field=${name}
      value=${value} onInput=${(e) => onChange(e.currentTarget.value === "" ? 0 : Number(e.currentTarget.value))} /></div>`;
  }
  if (typeof value === "string" || value === null) {
    return html`<div class="field"><label for=${id}>${label}</label><input id=${id} type="text" data-field=${name}
      value=${value ?? ""} onInput=${(e) => onChange(e.currentTarget.value)} /></div>`;
  }
  if (Array.isArray(value) && value.every((x) => typeof x === "string") && (value.length > 0 || listKey.test(name))) {
    return html`<div class="field"><label for=${id}>${label} <span class="muted">(comma-separated)</span></label>
      <input id=${id} type="text" data-field=${name} value=${value.join(", ")}
        onInput=${(e) => onChange(e.currentTarget.value.split(",").map((s) => s.trim()).filter(Boolean))} /></div>`;
  }
  return html`<${JsonField} id=${id} name=${name} label=${label} value=${value} onChange=${onChange} />`;
}

// JsonField edits a nested value as JSON, keeping the text while it does
// not parse.
function JsonField({ id, name, label, value, onChange }) {
  const [text, setText] = useState(null);
  const [bad, setBad] = useState(false);
  const shown = text ?? JSON.stringify(value, null, 2);
  return html`<div class="field"><label for=${id}>${label} <span class="muted">(JSON)</span></label>
    <textarea id=${id} data-field=${name} rows="3" aria-invalid=${bad} onInput=${(e) => {
      const t = e.currentTarget.value;
      setText(t);
      try {
        onChange(JSON.parse(t));
        setBad(false);
      } catch {
        setBad(true);
      }
    }}>${shown}</textarea>${bad && html`<small class="bad">Not valid JSON yet.</small>`}</div>`;
}

// ConfigForm edits the document at path. With schemaPath (the plugin's
// declared form, GET .../config/schema) it draws the declared fields with
// their widgets, checks their limits before sending, and shows the
// server's errors beside the field they name; without, it guesses an
// input from each value.
export function ConfigForm({ guildId, path, event, title = "Settings", prefix = "cfg", schemaPath }) {
  const sch = useSchema(schemaPath);
  const [fieldErrors, setFieldErrors] = useState({});
  const { data, loading, error, refetch, setData } = useRealtimeData({
    room: guildId,
    path,
    events: [event],
    patch: (cur, _ev, payload) => (payload && typeof payload.version === "number" ? { ...cur, ...payload } : REFETCH),
  });
  const [draft, setDraft] = useState(null);
  const [conflict, setConflict] = useState(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState(null);
  // resets remounts the fields (JSON fields keep their own text) whenever
  // the draft is dropped.
  const [resets, setResets] = useState(0);
  const reset = (nextDraft = null) => {
    setDraft(nextDraft);
    setConflict(null);
    setSaveError(null);
    setFieldErrors({});
    setResets((n) => n + 1);
  };

  if (loading || sch.loading) return html`<${Loading} what=${`Loading ${title.toLowerCase()}`} />`;
  if (!data) return html`<${ErrorBox} error=${error} retry=${refetch} />`;
  const doc = draft ?? data;
  const stale = draft && data.version !== draft.version;
  const edit = (k) => (v) => {
    setDraft({ ...doc, [k]: v });
    setSaveError(null);
    if (Object.keys(fieldErrors).some((p) => topField(p) === k)) {
      setFieldErrors(Object.fromEntries(Object.entries(fieldErrors).filter(([p]) => topField(p) !== k)));
    }
  };

  const save = async (e) => {
    e.preventDefault();
    if (!draft) return;
    if (sch.schema) {
      const errs = validate(sch.schema, draft);
      setFieldErrors(errs);
      if (Object.keys(errs).length) {
        setSaveError(new Error(`Not saved: ${Object.keys(errs).length === 1 ? "one field needs" : "some fields need"} fixing.`));
        return;
      }
    }
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api(path, { method: "PUT", body: body(draft) });
      setData(saved);
      reset();
      toast({ title: `${title} saved`, body: `Now version ${saved.version}.` });
    } catch (err) {
      if (err.status === 409 && err.current) {
        setData(err.current);
        setConflict({ current: err.current, mine: draft });
      } else if (err.field && sch.schema && sch.schema.fields.some((f) => f.name === topField(err.field))) {
        setFieldErrors({ [err.field]: err.message.replace(/^[^:]+: /, "") });
        setSaveError(new Error("Not saved: the server refused a field (see below)."));
      } else setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const diffs = conflict
    ? Object.keys({ ...conflict.current, ...conflict.mine })
        .filter((k) => !metaKeys.has(k) && !same(conflict.current[k], conflict.mine[k]))
    : [];

  return html`<form class="card config" noValidate onSubmit=${save} aria-labelledby=${`${prefix}-title`} data-version=${data.version}>
    <h2 id=${`${prefix}-title`}>${title}</h2>
    <p class="muted">Version ${data.version}${data.updatedBy && html`, last changed by ${who(data.updatedBy)} <${Time} t=${data.updatedAt} />`}.</p>
    ${conflict &&
    html`<div class="conflict" role="alert" data-testid="conflict">
      <strong>Not saved: changed by ${who(conflict.current.updatedBy)} ${ago(conflict.current.updatedAt)}</strong>
      (now version ${conflict.current.version}). Their values:
      <ul>${diffs.length
        ? diffs.map((k) => html`<li key=${k}><b>${humanize(k)}</b>: ${show(conflict.current[k])} <span class="muted">(yours: ${show(conflict.mine[k])})</span></li>`)
        : html`<li>the same values as yours</li>`}</ul>
      <button type="button" onClick=${() => reset()}>Use their version</button>
      <button type="button" onClick=${() => reset({ ...conflict.mine, version: conflict.current.version })}>Keep my edits and save again</button>
    </div>`}
    ${!conflict && stale && html`<p class="notice" role="status">Changed by ${who(data.updatedBy)} ${ago(data.updatedAt)} while you were editing (now version ${data.version}). Saving will ask you to choose.</p>`}
    <${ErrorBox} error=${saveError} />
    ${sch.schema
      ? sch.schema.fields.map((f) => html`<${SchemaField} key=${`${f.name}:${resets}`} f=${f} prefix=${prefix} guildId=${guildId}
          value=${doc[f.name]} onChange=${edit(f.name)} errors=${fieldErrors} />`)
      : Object.entries(doc).filter(([k]) => !metaKeys.has(k)).map(([k, v]) => html`<${Field} key=${`${k}:${resets}`} name=${k} value=${v} onChange=${edit(k)} prefix=${prefix} />`)}
    <div class="actions">
      <button type="submit" class="primary" disabled=${!draft || saving}>${saving ? "Saving…" : "Save"}</button>
      <button type="button" disabled=${!draft || saving} onClick=${() => reset()}>Discard changes</button>
    </div>
  </form>`;
}
