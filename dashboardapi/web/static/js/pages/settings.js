// The guild's dashboard settings: the settings document, who may open the
// dashboard (grants), and the audit log of every change made through it.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { useRealtimeData, asList, REFETCH } from "../data.js";
import { api, guildPath } from "../api.js";
import { ConfigForm } from "../configform.js";
import { ErrorBox, Loading, Page, toast } from "../ui.js";
import { Time } from "../dates.js";
import { EmptyRow } from "../empty.js";
import { pluginPages } from "../registry.js";
import { Member, Role } from "../names.js";
import { Picker } from "../picker.js";

function Grants({ guildId }) {
  const path = guildPath(guildId, "dashboard/grants");
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId,
    path,
    events: ["dashboard:permissions_updated"],
    patch: () => REFETCH,
  });
  const [kind, setKind] = useState("userId");
  const [subject, setSubject] = useState("");
  const [plugins, setPlugins] = useState([]);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState(null);
  const all = pluginPages().map((p) => p.id);

  const add = async (e) => {
    e.preventDefault();
    setBusy(true);
    setFormError(null);
    try {
      if (!subject) throw new Error(`Choose the ${kind === "userId" ? "member" : "role"} to grant access to.`);
      await api(path, { method: "POST", body: { [kind]: subject, plugins: plugins.length ? plugins : null } });
      setSubject("");
      setPlugins([]);
      toast({ title: "Access granted" });
    } catch (err) {
      setFormError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (g) => {
    try {
      await api(`${path}/${encodeURIComponent(g.id)}`, { method: "DELETE" });
      toast({ title: "Access removed" });
    } catch (err) {
      setFormError(err);
    }
  };

  return html`<div class="card" data-testid="grants"><h2>Dashboard access</h2>
    <p class="muted">Owners, administrators and members with Manage Server always have access. Grant it to others here.</p>
    ${loading ? html`<${Loading} />` : html`<${ErrorBox} error=${error} retry=${refetch} />
    <table><caption class="sr-only">Grants</caption>
      <thead><tr><th scope="col">Who</th><th scope="col">Plugins</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${asList(data, "grants").length === 0 && html`<${EmptyRow} cols=${3} testid="grants" action=${{ label: "Grant access", focus: "grant-subject" }}>
        No grants yet: only the owner, administrators and members with Manage Server can open this dashboard. Grant a member or a role access below, to every plugin or only some.</${EmptyRow}>`}
      ${asList(data, "grants").map((g) => html`<tr key=${g.id}>
        <td>${g.userId ? html`<${Member} guildId=${guildId} id=${g.userId} />` : html`<${Role} guildId=${guildId} id=${g.roleId} />`}</td>
        <td>${g.plugins && g.plugins.length ? g.plugins.join(", ") : "all"}</td>
        <td><button onClick=${() => remove(g)} aria-label=${`Remove access of ${g.userId || g.roleId}`}>Remove</button></td></tr>`)}
      </tbody></table>`}
    <form class="inline" onSubmit=${add}>
      <label for="grant-kind">Grant to</label>
      <select id="grant-kind" value=${kind} onChange=${(e) => { setKind(e.currentTarget.value); setSubject(""); }}>
        <option value="userId">a member</option><option value="roleId">a role</option></select>
      <label for="grant-subject" class="sr-only">${kind === "userId" ? "Member" : "Role"}</label>
      <${Picker} key=${kind} guildId=${guildId} kind=${kind === "userId" ? "member" : "role"} id="grant-subject" value=${subject} onChange=${setSubject} />
      <fieldset class="plugins"><legend>Only these plugins (none checked: all)</legend>
        ${all.map((id) => html`<label key=${id}><input type="checkbox" checked=${plugins.includes(id)}
          onChange=${(e) => setPlugins(e.currentTarget.checked ? [...plugins, id] : plugins.filter((x) => x !== id))} /> ${id}</label>`)}
      </fieldset>
      <button class="primary" disabled=${busy}>Grant</button>
    </form>
    <${ErrorBox} error=${formError} />
  </div>`;
}

function Audit({ guildId }) {
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId,
    path: guildPath(guildId, "dashboard/audit"),
    events: ["*"],
    patch: (_cur, ev) => (/:(config_updated|settings_updated|permissions_updated|rule_|preset_)/.test(ev) ? REFETCH : undefined),
  });
  const [older, setOlder] = useState([]);
  const [cursor, setCursor] = useState(undefined);
  const entries = [...asList(data, "entries"), ...older];
  const next = cursor === undefined ? data && (data.nextCursor || data.next) : cursor;
  const more = async () => {
    const res = await api(guildPath(guildId, `dashboard/audit?cursor=${encodeURIComponent(next)}`));
    setOlder((xs) => [...xs, ...asList(res, "entries")]);
    setCursor(res.nextCursor || res.next || null);
  };
  return html`<div class="card" data-testid="audit"><h2>Audit log</h2>
    ${loading ? html`<${Loading} />` : html`<${ErrorBox} error=${error} retry=${refetch} />
    <table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Change</th></tr></thead>
      <tbody>${entries.length === 0 && html`<${EmptyRow} cols=${4} testid="audit" action=${{ label: "Change a setting", focus: "settings-locale" }}>
        No changes yet. Every change made through the dashboard (settings, access, plugin settings, rules, cases) is recorded here with who made it, when, and the values before and after.</${EmptyRow}>`}
      ${entries.map((a) => html`<tr key=${a.id}><td><${Time} t=${a.at} /></td><td data-col="who"><${Member} guildId=${guildId} id=${a.userId} /></td>
        <td>${a.plugin}: ${a.action}</td>
        <td>${(a.before || a.after) && html`<details><summary>before / after</summary>
          <pre>${JSON.stringify(a.before, null, 1)}</pre><pre>${JSON.stringify(a.after, null, 1)}</pre></details>`}</td></tr>`)}
      </tbody></table>
    ${next && html`<button onClick=${more}>Older entries</button>`}`}
  </div>`;
}

export function SettingsPage({ guildId }) {
  return html`<${Page} title="Settings">
    <${ConfigForm} guildId=${guildId} path=${guildPath(guildId, "dashboard/settings")} event="dashboard:settings_updated" title="Dashboard settings" prefix="settings"
      schemaPath=${guildPath(guildId, "dashboard/settings/schema")} />
    <${Grants} guildId=${guildId} />
    <${Audit} guildId=${guildId} />
  </${Page}>`;
}
