// The panel editor: the guild's panels (live), and a form to design one
// with a preview of the Discord message it posts. Saving posts the panel,
// or edits its message in place.
import { useState } from "preact/hooks";
import { html } from "warden/html.js";
import { Empty } from "warden/empty.js";
import { useRealtimeData, asList, upsertById, removeById, REFETCH } from "warden/data.js";
import { api, guildPath } from "warden/api.js";
import { ErrorBox, Loading, Toggle, toast } from "warden/ui.js";
import { Channel } from "warden/names.js";
import { Picker } from "warden/picker.js";

const blankCategory = () => ({ key: "", label: "", emoji: "", description: "", mode: "channel", parentId: "", overflowParentId: "",
  staffRoles: [], nameTemplate: "ticket-{number}", allowMultiple: false, closed: false, welcome: "", questions: [] });
const blankPanel = () => ({ name: "", channelId: "", title: "Need help?", description: "Open a ticket and staff will answer you privately.",
  color: 0, style: "buttons", categories: [{ ...blankCategory(), key: "support", label: "Support" }] });

// Preview draws the panel as Discord will show it.
function Preview({ p }) {
  const colour = "#" + (p.color || 0x5865f2).toString(16).padStart(6, "0");
  return html`<div class="panel-preview" data-testid="panel-preview" aria-label="Preview of the panel message">
    <div style=${`border-left:4px solid ${colour};padding:6px 10px;border-radius:4px;background:var(--panel2)`}>
      <strong>${p.title || "(no title)"}</strong><div style="white-space:pre-wrap">${p.description}</div></div>
    <div class="actions" style="margin-top:6px">${p.style === "select"
      ? html`<select aria-label="Preview menu"><option>Choose what your ticket is about</option>${p.categories.filter((c) => !c.closed).map((c) => html`<option>${c.label}</option>`)}</select>`
      : p.categories.map((c) => html`<button type="button" disabled=${c.closed} class="primary">${c.emoji} ${c.label || "(label)"}</button>`)}</div>
  </div>`;
}

function QuestionRow({ q, i, set, remove, prefix }) {
  const f = (k) => (e) => set({ ...q, [k]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.type === "number" ? Number(e.currentTarget.value) : e.currentTarget.value });
  return html`<li>
    <label>Question ${i + 1} <input id=${`${prefix}-q${i}`} maxlength="45" required value=${q.label} onInput=${f("label")} /></label>
    <label>Placeholder <input maxlength="100" value=${q.placeholder} onInput=${f("placeholder")} /></label>
    <label>Max length <input type="number" min="0" max="4000" value=${q.maxLength} onInput=${f("maxLength")} /></label>
    <label class="field check"><input type="checkbox" checked=${q.required} onChange=${f("required")} /> required</label>
    <label class="field check"><input type="checkbox" checked=${q.paragraph} onChange=${f("paragraph")} /> long answer</label>
    <button type="button" onClick=${remove} aria-label=${`Remove question ${i + 1}`}>Remove</button></li>`;
}

function CategoryEditor({ guildId, c, i, set, remove }) {
  const prefix = `tp-c${i}`;
  const f = (k) => (e) => set({ ...c, [k]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value });
  const setQ = (j) => (q) => set({ ...c, questions: c.questions.map((x, k) => (k === j ? q : x)) });
  return html`<fieldset class="card" data-category=${c.key}><legend>Category ${i + 1}: ${c.label || "(new)"}</legend>
    <div class="two">
      <div class="field"><label for=${prefix + "-label"}>Button label</label><input id=${prefix + "-label"} maxlength="80" required value=${c.label} onInput=${f("label")} /></div>
      <div class="field"><label for=${prefix + "-key"}>Key (a-z, 0-9, -)</label><input id=${prefix + "-key"} maxlength="20" pattern="[a-z0-9-]+" required value=${c.key} onInput=${f("key")} /></div>
      <div class="field"><label for=${prefix + "-emoji"}>Emoji</label><input id=${prefix + "-emoji"} value=${c.emoji} onInput=${f("emoji")} /></div>
      <div class="field"><label for=${prefix + "-desc"}>Description (menu)</label><input id=${prefix + "-desc"} maxlength="100" value=${c.description} onInput=${f("description")} /></div>
      <div class="field"><label for=${prefix + "-mode"}>Each ticket is</label><select id=${prefix + "-mode"} value=${c.mode} onChange=${f("mode")}>
        <option value="channel">a private channel</option><option value="thread">a private thread</option></select></div>
      <div class="field"><label for=${prefix + "-tpl"}>Channel name ({number} {user} {category})</label><input id=${prefix + "-tpl"} maxlength="90" value=${c.nameTemplate} onInput=${f("nameTemplate")} /></div>
      <div class="field"><label for=${prefix + "-parent"}>${c.mode === "thread" ? "Channel holding the threads (empty: the panel's)" : "Discord category"}</label>
        <${Picker} guildId=${guildId} kind="channel" channelType=${c.mode === "thread" ? "text" : "category"} id=${prefix + "-parent"} value=${c.parentId} onChange=${(id) => set({ ...c, parentId: id || "" })} /></div>
      ${c.mode === "channel" && html`<div class="field"><label for=${prefix + "-over"}>Overflow category (when the first has 50 channels)</label>
        <${Picker} guildId=${guildId} kind="channel" channelType="category" id=${prefix + "-over"} value=${c.overflowParentId} onChange=${(id) => set({ ...c, overflowParentId: id || "" })} /></div>`}
      <div class="field"><label for=${prefix + "-roles"}>Staff roles</label><${Picker} guildId=${guildId} kind="role" multiple id=${prefix + "-roles"} value=${c.staffRoles} onChange=${(ids) => set({ ...c, staffRoles: ids || [] })} /></div>
      <div class="field"><label for=${prefix + "-welcome"}>Welcome message ({user})</label><textarea id=${prefix + "-welcome"} maxlength="2000" value=${c.welcome} onInput=${f("welcome")}></textarea></div>
    </div>
    <label class="field check"><${Toggle} checked=${!c.allowMultiple} label="One open ticket per member" onChange=${(on) => set({ ...c, allowMultiple: !on })} /> One open ticket per member</label>
    <label class="field check"><${Toggle} checked=${c.closed} label="Closed to new tickets" onChange=${(on) => set({ ...c, closed: on })} /> Closed to new tickets</label>
    <h4>Questions (a modal; at most 5)</h4>
    <ul class="rows">${c.questions.map((q, j) => html`<${QuestionRow} key=${j} q=${q} i=${j} prefix=${prefix} set=${setQ(j)} remove=${() => set({ ...c, questions: c.questions.filter((_, k) => k !== j) })} />`)}</ul>
    <div class="actions">${c.questions.length < 5 && html`<button type="button" onClick=${() => set({ ...c, questions: [...c.questions, { label: "", placeholder: "", paragraph: false, required: true, maxLength: 0 }] })}>Add a question</button>`}
      <button type="button" onClick=${remove}>Remove this category</button></div>
  </fieldset>`;
}

function Editor({ guildId, initial, onDone }) {
  const [p, setP] = useState(initial);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const f = (k) => (e) => setP({ ...p, [k]: e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    setErr(null);
    setBusy(true);
    const { id, messageId, createdAt, updatedAt, updatedBy, guildId: _g, ...body } = p;
    try {
      const saved = await api(guildPath(guildId, "tickets/panels" + (id ? `/${encodeURIComponent(id)}` : "")), { method: id ? "PUT" : "POST", body });
      toast({ title: id ? `Panel ${saved.name} saved and its message updated` : `Panel ${saved.name} posted` });
      onDone(saved);
    } catch (e2) {
      setErr(e2);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card" onSubmit=${save} data-testid="panel-editor" aria-labelledby="pe-title"><h2 id="pe-title">${p.id ? `Edit panel ${initial.name}` : "New panel"}</h2>
    <div class="two"><div>
      <div class="field"><label for="tp-name">Name (for staff)</label><input id="tp-name" maxlength="80" required value=${p.name} onInput=${f("name")} /></div>
      <div class="field"><label for="tp-channel">Post in</label><${Picker} guildId=${guildId} kind="channel" channelType="text" id="tp-channel" value=${p.channelId} onChange=${(id) => setP({ ...p, channelId: id || "" })} /></div>
      <div class="field"><label for="tp-title">Title</label><input id="tp-title" maxlength="256" required value=${p.title} onInput=${f("title")} /></div>
      <div class="field"><label for="tp-desc">Text</label><textarea id="tp-desc" maxlength="4000" value=${p.description} onInput=${f("description")}></textarea></div>
      <div class="field"><label for="tp-colour">Colour</label><input id="tp-colour" type="color" value=${"#" + (p.color || 0x5865f2).toString(16).padStart(6, "0")} onInput=${(e) => setP({ ...p, color: parseInt(e.currentTarget.value.slice(1), 16) })} /></div>
      <div class="field"><label for="tp-style">Members choose with</label><select id="tp-style" value=${p.style} onChange=${f("style")}><option value="buttons">a button per category</option><option value="select">a menu</option></select></div>
    </div><div><h3>Preview</h3><${Preview} p=${p} /></div></div>
    ${p.categories.map((c, i) => html`<${CategoryEditor} key=${i} guildId=${guildId} c=${c} i=${i}
      set=${(next) => setP({ ...p, categories: p.categories.map((x, k) => (k === i ? next : x)) })}
      remove=${() => setP({ ...p, categories: p.categories.filter((_, k) => k !== i) })} />`)}
    ${p.categories.length < 25 && html`<button type="button" onClick=${() => setP({ ...p, categories: [...p.categories, blankCategory()] })}>Add a category</button>`}
    <${ErrorBox} error=${err} />
    <div class="actions"><button class="primary" disabled=${busy}>${busy ? "Posting…" : p.id ? "Save and update the message" : "Post the panel"}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

export function Panels({ guildId }) {
  const path = guildPath(guildId, "tickets/panels");
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path, events: ["tickets:panel_created", "tickets:panel_updated", "tickets:panel_deleted"],
    patch: (cur, ev, d) => (ev.endsWith("_deleted") ? removeById(asList(cur), d.id) : d && d.id ? upsertById(asList(cur), d) : REFETCH),
  });
  const [editing, setEditing] = useState(null);
  const [err, setErr] = useState(null);
  const remove = async (p) => {
    if (!window.confirm(`Delete the panel ${p.name} and its message? Its tickets stay.`)) return;
    try {
      await api(`${path}/${encodeURIComponent(p.id)}`, { method: "DELETE" });
    } catch (e) {
      setErr(e);
    }
  };
  if (editing) return html`<${Editor} guildId=${guildId} initial=${editing} onDone=${() => setEditing(null)} />`;
  const panels = asList(data);
  return html`<div class="card" data-testid="panels"><h2>Panels</h2>
    <${ErrorBox} error=${error || err} retry=${refetch} />
    ${loading ? html`<${Loading} what="Loading panels" />` : panels.length === 0
      ? html`<${Empty} testid="no-panels" action=${{ label: "New panel", onClick: () => setEditing(blankPanel()) }}>No panel yet. Design one: members open tickets with its buttons.</${Empty}>`
      : html`<ul class="rows">${panels.map((p) => html`<li key=${p.id} data-panel=${p.name}><span class="grow"><strong>${p.name}</strong>
        <span class="muted"> in <${Channel} guildId=${guildId} id=${p.channelId} />, ${p.categories.length} categor${p.categories.length === 1 ? "y" : "ies"}</span></span>
        <button onClick=${() => setEditing(p)}>Edit</button><button class="danger" onClick=${() => remove(p)}>Delete</button></li>`)}</ul>`}
    <div class="actions"><button class="primary" id="new-panel" onClick=${() => setEditing(blankPanel())} data-testid="new-panel">New panel</button></div>
  </div>`;
}
