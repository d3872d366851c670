// The tickets page: the live ticket list with filters, a ticket's live
// view with the same actions as in Discord and its transcript, the panel
// editor with a preview, the figures, and the settings. Everything on it
// follows the room's events; names are shown, never ids.
import { useEffect, useState } from "preact/hooks";
import { html } from "warden/html.js";
import { registerPluginPage } from "warden/registry.js";
import { useRealtimeData, useOlderPages, asList, upsertById, removeById, REFETCH } from "warden/data.js";
import { api, guildPath } from "warden/api.js";
import { ConfigForm } from "warden/configform.js";
import { ErrorBox, Loading, Page, Time, toast } from "warden/ui.js";
import { Empty } from "warden/empty.js";
import { Member, Channel, displayName } from "warden/names.js";
import { Picker } from "warden/picker.js";
import { Panels } from "./panels.js";
import { Stats } from "./stats.js";

const ticketEvents = ["created", "claimed", "updated", "closed", "deleted"].map((a) => `tickets:ticket_${a}`);
const statuses = ["open", "closed", "deleted"];

const ticketHash = (guildId, n) => `#/g/${encodeURIComponent(guildId)}/p/tickets${n ? `?ticket=${n}` : ""}`;

function matches(t, f, me) {
  return (!f.status || t.status === f.status) && (!f.category || t.category === f.category) && (!f.mine || (me && t.claimedBy === me));
}

// TicketList is the guild's tickets, newest first, live.
function TicketList({ guildId, focus }) {
  const [f, setF] = useState({ status: "open", category: "", mine: false });
  const [me, setMe] = useState(null);
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.category) q.set("category", f.category);
  if (f.mine) q.set("claimedBy", "me");
  const path = guildPath(guildId, "tickets/tickets?" + q.toString());
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path, events: ticketEvents,
    patch: (cur, ev, t) => {
      if (!t || !t.id || !cur) return REFETCH;
      const list = asList(cur, "items");
      const next = matches(t, f, me) ? upsertById(list, t) : removeById(list, t.id);
      next.sort((a, b) => b.number - a.number);
      return { ...(cur || {}), items: next };
    },
  });
  useEffect(() => {
    if (f.mine && me === null) api("/api/auth/me").then((u) => setMe((u && u.id) || "")).catch(() => setMe(""));
  }, [f.mine, me]);
  const older = useOlderPages(path, data);
  const rows = older.rows;
  const categories = [...new Set(rows.map((t) => t.category))];
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value });
  return html`<div class="card" data-testid="ticket-list"><h2>Tickets</h2>
    <form class="inline filters" onSubmit=${(e) => e.preventDefault()} aria-label="Filter tickets">
      <label>Status <select value=${f.status} onChange=${set("status")}><option value="">any</option>${statuses.map((s) => html`<option>${s}</option>`)}</select></label>
      <label>Category <input list="ticket-cats" value=${f.category} onInput=${set("category")} placeholder="any" size="10" /></label>
      <datalist id="ticket-cats">${categories.map((c) => html`<option value=${c} />`)}</datalist>
      <label class="field check"><input type="checkbox" checked=${f.mine} onChange=${set("mine")} /> Claimed by me</label>
    </form>
    <${ErrorBox} error=${error} retry=${refetch} />
    ${loading ? html`<${Loading} what="Loading tickets" />` : rows.length === 0 ? html`<${Empty} testid="tickets-empty"
      action=${f.status === "open" && !f.category && !f.mine ? { label: "Design a panel", focus: "new-panel" } : { label: "Clear the filters", onClick: () => setF({ status: "", category: "", mine: false }) }}>${f.status === "open" && !f.category && !f.mine
      ? "No open tickets. Members open one from a panel below (post one first), or with /ticket open."
      : "No tickets match these filters."}</${Empty}>` : html`<div class="scroll"><table>
      <thead><tr><th scope="col">#</th><th scope="col">Category</th><th scope="col">Member</th><th scope="col">Claimed by</th><th scope="col">Status</th><th scope="col">Opened</th></tr></thead>
      <tbody>${rows.map((t) => html`<tr key=${t.id} data-ticket=${t.number} class=${String(t.number) === String(focus) ? "focus" : undefined}>
        <td><a href=${ticketHash(guildId, t.number)}>#${t.number} ${t.name}</a></td><td>${t.categoryLabel}</td>
        <td><${Member} guildId=${guildId} id=${t.openerId} /></td>
        <td>${t.claimedBy ? html`<${Member} guildId=${guildId} id=${t.claimedBy} />` : html`<span class="muted">nobody yet</span>`}</td>
        <td><span class="badge ${t.status === "open" ? "active" : ""}">${t.status}</span></td><td><${Time} t=${t.createdAt} /></td></tr>`)}
      </tbody></table></div>`}
    <${ErrorBox} error=${older.error} retry=${older.loadMore} />
    ${older.more && html`<button disabled=${older.loading} onClick=${older.loadMore} data-testid="more-tickets">Load older tickets</button>`}
  </div>`;
}

// Text shows a message's text with user mentions as names.
function Text({ guildId, text }) {
  const parts = String(text || "").split(/<@!?(\d{17,20})>/);
  return parts.map((p, i) => (i % 2 === 1 ? html`<${Member} guildId=${guildId} id=${p} prefix="@" />` : p));
}

// Messages is a ticket's logged messages, live: the transcript viewer.
function Messages({ guildId, ticket }) {
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path: guildPath(guildId, `tickets/tickets/${ticket.number}/messages`), events: ["tickets:message_logged"],
    // An event that arrives while the first fetch is under way refetches:
    // that fetch may have been answered before the message was logged.
    patch: (cur, ev, m) => (!m || m.ticketId !== ticket.id ? undefined : cur ? upsertById(asList(cur), m) : REFETCH),
  });
  if (loading) return html`<${Loading} what="Loading messages" />`;
  const msgs = asList(data);
  return html`<div data-testid="ticket-messages"><${ErrorBox} error=${error} retry=${refetch} />
    ${msgs.length === 0 ? html`<p class="muted">No messages yet. What is written in the ticket's channel shows here as it happens.</p>` : html`
    <ol class="rows transcript">${msgs.map((m) => html`<li key=${m.id} class=${m.deleted ? "muted" : undefined}>
      <strong>${m.authorBot ? m.authorName || "bot" : html`<${Member} guildId=${guildId} id=${m.authorId} />`}</strong>
      <span class="muted"><${Time} t=${m.at} />${m.editedAt ? " (edited)" : ""}${m.deleted ? " (deleted)" : ""}</span>
      <div class="grow" style="white-space:pre-wrap"><${Text} guildId=${guildId} text=${m.content} />
        ${(m.embeds || []).map((e) => html`<blockquote>${e.title && html`<strong>${e.title}</strong>`}${e.description && html`<div><${Text} guildId=${guildId} text=${e.description} /></div>`}
          ${(e.fields || []).map((fl) => html`<div><em>${fl.name}</em>: ${fl.value}</div>`)}</blockquote>`)}
        ${(m.attachments || []).map((a) => html`<div class="muted">📎 ${a.name} (${a.contentType || "file"}, ${a.size} bytes)</div>`)}</div></li>`)}</ol>`}
  </div>`;
}

// TicketView is one ticket, live, with the actions staff have in Discord.
function TicketView({ guildId, number }) {
  const path = guildPath(guildId, `tickets/tickets/${number}`);
  const { data: t, loading, error, refetch, setData } = useRealtimeData({
    room: guildId, path, events: ticketEvents, patch: (cur, ev, d) => (!cur ? REFETCH : d && d.id === cur.id ? d : undefined),
  });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState("");
  const [name, setName] = useState("");
  const [adding, setAdding] = useState("");
  if (loading) return html`<${Loading} what=${`Loading ticket #${number}`} />`;
  if (!t) return html`<div class="card"><${ErrorBox} error=${error} retry=${refetch} /></div>`;
  const act = async (action, body, done) => {
    setErr(null);
    setBusy(true);
    try {
      const saved = await api(`${path}/${action}`, { method: "POST", body: body || {} });
      if (saved && saved.id) setData(saved);
      if (done) done();
      toast({ title: `Ticket #${number}: ${action} done` });
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const open = t.status === "open";
  const dl = (format) => `${path}/transcript?format=${format}`;
  return html`<div class="card" data-testid="ticket-view" aria-labelledby="tv-title">
    <h2 id="tv-title">Ticket #${t.number}: ${t.name} <span class="badge ${open ? "active" : ""}" data-testid="ticket-status">${t.status}</span></h2>
    <p class="muted">${t.categoryLabel} · opened by <${Member} guildId=${guildId} id=${t.openerId} /> <${Time} t=${t.createdAt} />
      ${t.channelId && html` · in <${Channel} guildId=${guildId} id=${t.channelId} />`}
      ${t.claimedBy ? html` · <span data-testid="claimed-by">claimed by <${Member} guildId=${guildId} id=${t.claimedBy} /></span>` : " · not claimed"}
      ${t.closedAt && html` · closed by ${t.closedBy === "system" ? "auto-close" : html`<${Member} guildId=${guildId} id=${t.closedBy} />`}${t.closeReason ? `: ${t.closeReason}` : ""}`}
      ${t.duePhase === "close" && html` · <strong>auto-close warned</strong>`}</p>
    ${t.answers && t.answers.length > 0 && html`<dl>${t.answers.map((a) => html`<dt>${a.question}</dt><dd style="white-space:pre-wrap">${a.answer || "—"}</dd>`)}</dl>`}
    <${ErrorBox} error=${err} />
    <div class="actions">
      ${open && !t.claimedBy && html`<button class="primary" disabled=${busy} onClick=${() => act("claim")} data-testid="claim">Claim</button>`}
      ${open && t.claimedBy && html`<button disabled=${busy} onClick=${() => act("unclaim")}>Unclaim</button>`}
      ${open && !closing && html`<button disabled=${busy} onClick=${() => setClosing(true)}>Close…</button>`}
      ${t.status === "closed" && html`<button disabled=${busy} onClick=${() => act("reopen")}>Reopen</button>`}
      ${t.status !== "deleted" && html`<button class="danger" disabled=${busy} onClick=${() => window.confirm(`Delete ticket #${t.number}'s channel? The transcript stays here.`) && act("delete")}>Delete channel</button>`}
      <a class="button" href=${dl("html")} download>Transcript (HTML)</a> <a class="button" href=${dl("text")} download>Transcript (text)</a>
    </div>
    ${closing && html`<form class="inline" onSubmit=${(e) => { e.preventDefault(); act("close", { reason }, () => setClosing(false)); }}>
      <label>Reason <input maxlength="512" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} /></label>
      <button class="danger" disabled=${busy}>Confirm close</button><button type="button" onClick=${() => setClosing(false)}>Cancel</button></form>`}
    ${open && html`<div class="two">
      <form class="inline" onSubmit=${(e) => { e.preventDefault(); adding && act("add", { userId: adding }, () => setAdding("")); }}>
        <div class="field"><label for="tv-add">Add a member</label><${Picker} guildId=${guildId} kind="member" id="tv-add" value=${adding} onChange=${(id) => setAdding(id || "")} /></div>
        <button disabled=${busy || !adding}>Add</button></form>
      <form class="inline" onSubmit=${(e) => { e.preventDefault(); name && act("rename", { name }, () => setName("")); }}>
        <label>Rename <input maxlength="100" value=${name} placeholder=${t.name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
        <button disabled=${busy || !name}>Rename</button></form></div>`}
    ${t.members && t.members.length > 0 && html`<p>Added: ${t.members.map((m) => html`<span class="badge"><${Member} guildId=${guildId} id=${m} />
      ${open && html` <button class="link" aria-label=${`Remove ${displayName(guildId, m)}`} onClick=${() => act("remove", { userId: m })}>×</button>`}</span> `)}</p>`}
    <h3>${open ? "Messages (live)" : "Transcript"}</h3>
    <${Messages} guildId=${guildId} ticket=${t} />
    <p><a href=${ticketHash(guildId)}>Back to the list</a></p>
  </div>`;
}

function TicketsPage({ guildId, query }) {
  const focus = query && query.ticket;
  return html`<${Page} title="Tickets">
    ${focus && html`<${TicketView} key=${focus} guildId=${guildId} number=${focus} />`}
    <${TicketList} guildId=${guildId} focus=${focus} />
    <${Panels} guildId=${guildId} />
    <div class="two">
      <${Stats} guildId=${guildId} />
      <${ConfigForm} guildId=${guildId} path=${guildPath(guildId, "tickets/config")} event="tickets:config_updated" title="Ticket settings" prefix="tk"
        schemaPath=${guildPath(guildId, "tickets/config/schema")} />
    </div>
  </${Page}>`;
}

registerPluginPage({
  id: "tickets",
  title: "Tickets",
  order: 20,
  component: TicketsPage,
  toasts: {
    "tickets:ticket_created": (t, msg) => ({ title: `New ticket #${t.number}: ${t.categoryLabel}`, body: html`by <${Member} guildId=${msg && msg.guildId} id=${t.openerId} />` }),
  },
});
