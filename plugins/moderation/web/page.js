// The moderation page: config, automod rules and presets, the infractions
// table with filters, and a form for a manual action. Everything on it is
// live: rules, presets and cases change as the room's events arrive.
import { useEffect, useState } from "preact/hooks";
import { html } from "warden/html.js";
import { registerPluginPage } from "warden/registry.js";
import { useRealtimeData, asList, upsertById, removeById, REFETCH } from "warden/data.js";
import { api, guildPath } from "warden/api.js";
import { ConfigForm } from "warden/configform.js";
import { ErrorBox, Loading, Page, Toggle, toast } from "warden/ui.js";
import { Time } from "warden/dates.js";
import { Empty, EmptyRow } from "warden/empty.js";
import { Member, displayName } from "warden/names.js";
import { Picker } from "warden/picker.js";

const types = ["warn", "note", "timeout", "kick", "ban", "unban", "softban"];
const statuses = ["active", "pending", "failed", "expired", "pardoned", "appealed"];

// listPatch keeps a list of documents current from created, updated and
// deleted events.
function listPatch(prefix) {
  return (cur, ev, data) => {
    const list = asList(cur, "rules", "presets");
    if (ev === `moderation:${prefix}_deleted`) return removeById(list, data.id);
    if (data && data.id) return upsertById(list, data);
    return REFETCH;
  };
}

function Rules({ guildId }) {
  const path = guildPath(guildId, "moderation/rules");
  const ev = (a) => `moderation:rule_${a}`;
  const { data, loading, error, refetch, setData } = useRealtimeData({
    room: guildId, path, events: [ev("created"), ev("updated"), ev("deleted")], patch: listPatch("rule"),
  });
  const [err, setErr] = useState(null);
  const toggle = async (rule, enabled) => {
    setErr(null);
    try {
      const saved = await api(`${path}/${encodeURIComponent(rule.id)}`, { method: "PATCH", body: { enabled } });
      if (saved && saved.id) setData((cur) => upsertById(asList(cur, "rules"), saved));
    } catch (e) {
      setErr(e);
    }
  };
  if (loading) return html`<${Loading} what="Loading automod rules" />`;
  const rules = asList(data, "rules");
  return html`<div class="card" data-testid="rules"><h2>Automod rules</h2>
    <${ErrorBox} error=${error || err} retry=${refetch} />
    ${rules.length === 0 ? html`<${Empty} testid="rules" action=${{ label: "Go to presets", focus: "presets-title" }}>
      No automod rules yet. Rules delete spam, links or bad words and act on their authors as messages arrive: apply a preset below to start with a tested set.</${Empty}>` : html`
    <ul class="rows">${rules.map((r) => html`<li key=${r.id} data-rule=${r.name}>
      <${Toggle} checked=${r.enabled} label=${`Rule ${r.name} enabled`} onChange=${(on) => toggle(r, on)} />
      <span class="grow"><strong>${r.name}</strong> <span class="muted">${r.trigger && (r.trigger.type || r.trigger.kind)}</span></span>
      <span class="badge ${r.enabled ? "success" : "info"}">${r.enabled ? "on" : "off"}</span></li>`)}</ul>`}
  </div>`;
}

function Presets({ guildId }) {
  const path = guildPath(guildId, "moderation/presets");
  const ev = (a) => `moderation:preset_${a}`;
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path, events: [ev("created"), ev("updated"), ev("deleted")], patch: listPatch("preset"),
  });
  const [err, setErr] = useState(null);
  const apply = async (p) => {
    setErr(null);
    try {
      await api(`${path}/${encodeURIComponent(p.id)}/apply`, { method: "POST", body: {} });
      toast({ title: `Preset ${p.name} applied` });
    } catch (e) {
      setErr(e);
    }
  };
  const toggle = async (p, enabled) => {
    setErr(null);
    try {
      const { id, version, updatedBy, updatedAt, createdAt, ...rest } = p;
      await api(`${path}/${encodeURIComponent(p.id)}`, { method: "PUT", body: { ...rest, ...(version !== undefined && { version }), enabled } });
    } catch (e) {
      setErr(e);
    }
  };
  if (loading) return html`<${Loading} what="Loading presets" />`;
  const presets = asList(data, "presets");
  return html`<div class="card" data-testid="presets"><h2 id="presets-title" tabindex="-1">Presets</h2>
    <${ErrorBox} error=${error || err} retry=${refetch} />
    ${presets.length === 0 && html`<${Empty} testid="presets">No presets are available. Presets are ready-made sets of automod rules that ship with Warden's moderation plugin; once loaded, each can be applied here with one click.</${Empty}>`}
    <ul class="rows">${presets.map((p) => html`<li key=${p.id}>
      ${typeof p.enabled === "boolean" && html`<${Toggle} checked=${p.enabled} label=${`Preset ${p.name} enabled`} onChange=${(on) => toggle(p, on)} />`}
      <span class="grow"><strong>${p.name}</strong> <span class="muted">${p.description || ""}</span></span>
      <button onClick=${() => apply(p)}>Apply</button></li>`)}</ul>
  </div>`;
}

function matches(inf, f) {
  return (!f.user || inf.targetId === f.user) && (!f.type || inf.type === f.type) && (!f.status || inf.status === f.status);
}

// Infractions lists the cases; focus is a case number to show (the live
// feed links to #/g/{guildId}/p/moderation?case=42), highlighted and
// scrolled into view.
function Infractions({ guildId, focus }) {
  const [filters, setFilters] = useState({ user: "", type: "", status: "" });
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId,
    path: guildPath(guildId, "moderation/infractions" + (q ? "?" + q : "")),
    events: ["moderation:infraction_created", "moderation:infraction_updated"],
    patch: (cur, ev, inf) => {
      const list = asList(cur, "infractions");
      const next = ev.endsWith("_created") && !matches(inf, filters) ? list : upsertById(list, inf);
      return Array.isArray(cur) || !cur ? next : { ...cur, items: next, infractions: next };
    },
  });
  const set = (k) => (e) => setFilters({ ...filters, [k]: e.currentTarget.value.trim() });
  const filtered = Object.values(filters).some(Boolean);
  const setUser = (id) => setFilters({ ...filters, user: id || "" });
  const rows = asList(data, "infractions");
  const focused = focus && rows.some((i) => String(i.number) === String(focus));
  useEffect(() => {
    if (focused) document.querySelector(`tr[data-case="${CSS.escape(String(focus))}"]`)?.scrollIntoView({ block: "center" });
  }, [focused, focus]);
  return html`<div class="card" data-testid="infractions"><h2>Infractions</h2>
    <form class="inline filters" onSubmit=${(e) => e.preventDefault()} aria-label="Filter infractions">
      <div class="filter-member"><label for="inf-user">Member</label><${Picker} guildId=${guildId} kind="member" id="inf-user" value=${filters.user} onChange=${setUser} /></div>
      <label>Type <select value=${filters.type} onChange=${set("type")}><option value="">any</option>${types.map((t) => html`<option>${t}</option>`)}</select></label>
      <label>Status <select value=${filters.status} onChange=${set("status")}><option value="">any</option>${statuses.map((t) => html`<option>${t}</option>`)}</select></label>
    </form>
    <${ErrorBox} error=${error} retry=${refetch} />
    ${loading ? html`<${Loading} />` : html`<div class="scroll"><table>
      <thead><tr><th scope="col">Case</th><th scope="col">Type</th><th scope="col">Member</th><th scope="col">By</th><th scope="col">Reason</th><th scope="col">Status</th><th scope="col">When</th></tr></thead>
      <tbody>${rows.length === 0 && (filtered
        ? html`<${EmptyRow} cols=${7} testid="infractions-filtered" action=${{ label: "Clear the filters", onClick: () => setFilters({ user: "", type: "", status: "" }) }}>
            No cases match these filters.</${EmptyRow}>`
        : html`<${EmptyRow} cols=${7} testid="infractions" action=${{ label: "Take action", focus: "ma-type" }}>
            No cases yet. Cases appear here when a moderator uses /warn, /timeout, /kick or /ban in Discord, when automod acts on a rule, or when you take action below.</${EmptyRow}>`)}
      ${rows.map((i) => html`<tr key=${i.id} data-case=${i.number} class=${String(i.number) === String(focus) ? "focus" : undefined}
        aria-current=${String(i.number) === String(focus) ? "true" : undefined}>
        <td>#${i.number}</td><td>${i.type}</td><td data-col="member"><${Member} guildId=${guildId} id=${i.targetId} /></td>
        <td data-col="by">${i.moderatorId ? html`<${Member} guildId=${guildId} id=${i.moderatorId} />` : i.ruleName ? `automod: ${i.ruleName}` : i.source}</td>
        <td>${i.reason}</td><td><span class="badge ${i.status}">${i.status}</span></td><td><${Time} t=${i.createdAt} /></td></tr>`)}
      </tbody></table></div>`}
  </div>`;
}

function ManualAction({ guildId }) {
  const blank = { type: "warn", targetId: "", reason: "", durationMinutes: "", deleteMessageDays: "" };
  const [f, setF] = useState(blank);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    if (!f.targetId) {
      setErr(new Error("Choose the member to act on."));
      setBusy(false);
      return;
    }
    const body = { type: f.type, userId: f.targetId, reason: f.reason };
    if (f.durationMinutes) body.durationSeconds = Number(f.durationMinutes) * 60;
    if (f.deleteMessageDays) body.deleteMessageDays = Number(f.deleteMessageDays);
    try {
      const inf = await api(guildPath(guildId, "moderation/infractions"), { method: "POST", body });
      setF(blank);
      toast({ title: `Case #${inf.number} created`, body: `${inf.type} for ${displayName(guildId, inf.targetId)}: ${inf.status}` });
    } catch (e2) {
      setErr(e2);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card manual" onSubmit=${submit} aria-labelledby="manual-title"><h2 id="manual-title">Take action</h2>
    <div class="field"><label for="ma-type">Action</label><select id="ma-type" value=${f.type} onChange=${set("type")}>${types.map((t) => html`<option>${t}</option>`)}</select></div>
    <div class="field"><label for="ma-target">Member</label><${Picker} guildId=${guildId} kind="member" id="ma-target" value=${f.targetId}
      onChange=${(id) => setF({ ...f, targetId: id })} /></div>
    <div class="field"><label for="ma-reason">Reason</label><input id="ma-reason" maxlength="512" value=${f.reason} onInput=${set("reason")} /></div>
    ${(f.type === "timeout" || f.type === "ban") && html`<div class="field"><label for="ma-dur">Duration in minutes${f.type === "ban" ? " (empty: permanent)" : ""}</label>
      <input id="ma-dur" type="number" min="1" value=${f.durationMinutes} onInput=${set("durationMinutes")} /></div>`}
    ${(f.type === "ban" || f.type === "softban") && html`<div class="field"><label for="ma-del">Delete messages of the last days</label>
      <input id="ma-del" type="number" min="0" max="7" value=${f.deleteMessageDays} onInput=${set("deleteMessageDays")} /></div>`}
    <${ErrorBox} error=${err} />
    <div class="actions"><button class="primary" disabled=${busy}>${busy ? "Working…" : "Carry out"}</button></div>
  </form>`;
}

function ModerationPage({ guildId, query }) {
  return html`<${Page} title="Moderation">
    <div class="two">
      <${ConfigForm} guildId=${guildId} path=${guildPath(guildId, "moderation/config")} event="moderation:config_updated" title="Moderation settings" prefix="mod"
        schemaPath=${guildPath(guildId, "moderation/config/schema")} />
      <div><${Rules} guildId=${guildId} /><${Presets} guildId=${guildId} /></div>
    </div>
    <${Infractions} guildId=${guildId} focus=${query && query.case} />
    <${ManualAction} guildId=${guildId} />
  </${Page}>`;
}

registerPluginPage({
  id: "moderation",
  title: "Moderation",
  order: 10,
  component: ModerationPage,
  toasts: {
    "moderation:infraction_created": (i, msg) => ({
      title: `New case #${i.number}: ${i.type}`,
      body: html`<${Member} guildId=${msg && msg.guildId} id=${i.targetId} />${i.ruleName ? ` (automod: ${i.ruleName})` : ""}${i.reason ? `: ${i.reason}` : ""}`,
      kind: "warn",
    }),
  },
});
