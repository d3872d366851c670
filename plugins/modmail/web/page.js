// The modmail page: the live list of conversations (open, waiting for
// staff, claimed by me, closed), a conversation view whose messages
// stream in, and the staff's tools (reply, anonymous reply, note, snippet,
// claim, close) carried out on Discord. Blocks, search, figures and the
// settings form sit below. Names are shown, never raw ids.
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "warden/html.js";
import { registerPluginPage } from "warden/registry.js";
import { useRealtimeData, useOlderPages, asList, upsertById, REFETCH } from "warden/data.js";
import { api, guildPath } from "warden/api.js";
import { ConfigForm } from "warden/configform.js";
import { ErrorBox, Loading, Page, StatCard, Time, toast } from "warden/ui.js";
import { Empty } from "warden/empty.js";
import { Member, Role, displayName } from "warden/names.js";
import { Picker } from "warden/picker.js";

const convEvents = ["created", "updated", "closed", "claimed", "unclaimed"].map((a) => `modmail:conversation_${a}`);
const msgEvents = ["modmail:message_received", "modmail:message_sent"];
const views = [["open", "Open"], ["waiting", "Waiting for staff"], ["mine", "Claimed by me"], ["closed", "Closed"], ["all", "All"]];

function fits(view, c) {
  if (view === "open") return c.status === "open";
  if (view === "waiting") return c.status === "open" && c.waiting;
  if (view === "closed") return c.status === "closed";
  if (view === "mine") return null; // who "me" is: refetch
  return true;
}

function secs(s) {
  if (!s) return "—";
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function Figures({ guildId }) {
  const { data } = useRealtimeData({ room: guildId, path: guildPath(guildId, "modmail/stats"), events: ["modmail:stats_updated"], patch: (cur, ev, st) => st });
  if (!data) return null;
  return html`<div class="cards" data-testid="modmail-stats">
    <${StatCard} label="Open" value=${data.open} /><${StatCard} label="Waiting for staff" value=${data.waiting} />
    <${StatCard} label="Median first response" value=${secs(data.medianFirstResponseSeconds)} />
    <${StatCard} label="Median resolution" value=${secs(data.medianResolutionSeconds)} />
  </div>`;
}

// emptyText says, for each view of the list, what would fill it.
const emptyText = {
  open: "No open conversations. When a member sends the bot a direct message, their conversation appears here at once.",
  waiting: "No one is waiting for staff. A conversation waits here from a member's message until staff reply.",
  mine: "You have claimed no open conversation. Claim one from Open or Waiting (Claim in its view, or /modmail claim in its channel).",
  closed: "No closed conversations yet. Conversations come here when staff close them (Close in a conversation's view, or /modmail close).",
  all: "No conversations yet. When a member sends the bot a direct message, their conversation appears here at once.",
};

function List({ guildId, selected, onSelect }) {
  const [view, setView] = useState("open");
  const path = guildPath(guildId, `modmail/conversations?view=${view}`);
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path, events: convEvents,
    patch: (cur, ev, c) => {
      const ok = fits(view, c);
      if (ok === null) return REFETCH;
      const list = asList(cur).filter((x) => x.id !== c.id || ok);
      const next = ok ? upsertById(list, c) : list;
      next.sort((a, b) => String(b.lastMessageAt).localeCompare(String(a.lastMessageAt)));
      return { ...(cur || {}), items: next };
    },
  });
  const older = useOlderPages(path, data);
  const rows = older.rows;
  return html`<div class="card" data-testid="conversations"><h2>Conversations</h2>
    <div class="tabs" role="tablist">${views.map(([v, label]) => html`<button role="tab" aria-selected=${v === view} class=${v === view ? "primary" : ""}
      onClick=${() => setView(v)}>${label}</button>`)}</div>
    <${ErrorBox} error=${error} retry=${refetch} />
    ${loading ? html`<${Loading} what="Loading conversations" />` : rows.length === 0 ? html`<${Empty} testid="no-conversations">${emptyText[view]}</${Empty}>`
      : html`<ul class="rows">${rows.map((c) => html`<li key=${c.id} data-conversation=${c.number} class=${c.number === selected ? "focus" : ""}>
        <button class="link" aria-label=${`Open conversation #${c.number}`} onClick=${() => onSelect(c.number)}>#${c.number}</button>
        <span class="grow"><${Member} guildId=${guildId} id=${c.userId} /></span>
        ${c.waiting && c.status === "open" && html`<span class="badge warn">waiting</span>`}
        ${c.claimedBy && html`<span class="muted">claimed by <${Member} guildId=${guildId} id=${c.claimedBy} /></span>`}
        ${c.priority !== "normal" && html`<span class="badge">${c.priority}</span>`}
        <span class="badge ${c.status}">${c.status}</span> <${Time} t=${c.lastMessageAt} /></li>`)}</ul>`}
    <${ErrorBox} error=${older.error} retry=${older.loadMore} />
    ${older.more && html`<button disabled=${older.loading} onClick=${older.loadMore} data-testid="more-conversations">Load older conversations</button>`}
  </div>`;
}

function Card({ guildId, card }) {
  if (!card) return null;
  return html`<dl class="card-facts" data-testid="user-card">
    <dt>Member</dt><dd><${Member} guildId=${guildId} id=${card.userId} /> ${!card.member && html`<span class="badge">not in the server</span>`}</dd>
    <dt>Account created</dt><dd><${Time} t=${card.accountCreated} /></dd>
    ${card.joined && html`<dt>Joined the server</dt><dd><${Time} t=${card.joined} /></dd>`}
    <dt>Past conversations</dt><dd>${card.pastConversations}</dd>
    ${card.roles.length > 0 && html`<dt>Roles</dt><dd>${card.roles.map((r) => html`<${Role} guildId=${guildId} id=${r} /> `)}</dd>`}
    ${card.notes.length > 0 && html`<dt>Notes</dt><dd><ul>${card.notes.map((n) => html`<li>${n.link ? html`<a href=${`#/g/${guildId}/${n.link}`}>${n.text}</a>` : n.text}</li>`)}</ul></dd>`}
  </dl>`;
}

// staffKinds are the messages staff wrote, which they may edit or delete
// (on the member's side too, for replies).
const staffKinds = ["reply", "anonymous", "note"];

function Message({ guildId, m, base }) {
  const [err, setErr] = useState(null);
  const editable = base && staffKinds.includes(m.kind) && !m.deleted;
  const change = async (method, body) => {
    setErr(null);
    try { await api(`${base}/messages/${encodeURIComponent(m.id)}`, { method, body }); } catch (e) { setErr(e); }
  };
  const editText = () => {
    const next = prompt("Edit the message (the member's copy is edited too):", m.content);
    if (next !== null && next.trim() && next !== m.content) change("PATCH", { content: next });
  };
  const remove = () => window.confirm("Delete this message (the member's copy too)?") && change("DELETE");
  const who = m.kind === "user" ? html`<${Member} guildId=${guildId} id=${m.authorId} />` : m.kind === "system" ? "Warden"
    : html`<${Member} guildId=${guildId} id=${m.authorId} />${m.kind === "anonymous" ? " (anonymous)" : m.kind === "note" ? " (note)" : ""}`;
  return html`<li key=${m.id} class=${`msg ${m.kind}`} data-message=${m.seq} data-kind=${m.kind}>
    <div class="muted">${who} · <${Time} t=${m.createdAt} />${m.edits.length > 0 && !m.deleted ? " · edited" : ""}</div>
    <div class=${m.deleted ? "deleted" : ""}>${m.deleted ? html`<s>${m.content}</s> (deleted)` : m.content}</div>
    ${m.attachments.map((a) => html`<div class="muted">📎 ${a.skipped ? `${a.name}: ${a.skipped}` : html`<a href=${a.url} rel="noreferrer" target="_blank">${a.name}</a>`}</div>`)}
    ${editable && html`<div class="actions"><button class="link" onClick=${editText} aria-label=${`Edit message ${m.seq}`}>Edit</button>
      <button class="link" onClick=${remove} aria-label=${`Delete message ${m.seq}`}>Delete</button></div>`}
    <${ErrorBox} error=${err} />
  </li>`;
}

// durations are the choices for a scheduled close and a block's length.
const durations = [[900, "15 minutes"], [3600, "1 hour"], [21600, "6 hours"], [86400, "1 day"], [259200, "3 days"], [604800, "7 days"]];

function Composer({ guildId, conv, snippets }) {
  const [text, setText] = useState("");
  const [after, setAfter] = useState("3600");
  const [snippet, setSnippet] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const base = guildPath(guildId, `modmail/conversations/${conv.number}`);
  const run = async (path, body, method = "POST", done) => {
    setBusy(true);
    setErr(null);
    try {
      await api(`${base}${path}`, { method, body });
      if (done) done();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const send = (kind) => {
    if (kind !== "snippet" && !text.trim()) return setErr(new Error("Write a message first."));
    if (kind === "note") return run("/notes", { content: text }, "POST", () => setText(""));
    if (kind === "snippet") return run("/reply", { snippet }, "POST", () => setSnippet(""));
    return run("/reply", { content: text, anonymous: kind === "anonymous" }, "POST", () => setText(""));
  };
  const closeNow = () => {
    const reason = prompt("Reason for closing (sent to the member; empty for none):", "");
    if (reason !== null) run("/close", { reason });
  };
  const open = conv.status === "open";
  return html`<div class="composer">
    ${open && html`<label for="mm-text">Message</label>
    <textarea id="mm-text" maxlength="1800" rows="3" value=${text} onInput=${(e) => setText(e.currentTarget.value)}
      placeholder="Write to the member, or a note only staff see"></textarea>
    <div class="actions">
      <button class="primary" disabled=${busy} onClick=${() => send("reply")}>Reply</button>
      <button disabled=${busy} onClick=${() => send("anonymous")}>Reply anonymously</button>
      <button disabled=${busy} onClick=${() => send("note")}>Add note</button>
      ${snippets.length > 0 && html`<select aria-label="Snippet" value=${snippet} onChange=${(e) => setSnippet(e.currentTarget.value)}>
        <option value="">Snippet…</option>${snippets.map((s) => html`<option value=${s.name}>${s.name}</option>`)}</select>
        <button disabled=${busy || !snippet} onClick=${() => send("snippet")}>Send snippet</button>`}
    </div>
    <div class="actions">
      ${conv.claimedBy ? html`<button disabled=${busy} onClick=${() => run("/claim", undefined, "DELETE")}>Unclaim</button>`
        : html`<button disabled=${busy} onClick=${() => run("/claim", {})}>Claim</button>`}
      ${conv.closeAt ? html`<span>Closes <${Time} t=${conv.closeAt} /></span> <button disabled=${busy} onClick=${() => run("/close", undefined, "DELETE")}>Cancel close</button>`
        : html`<select aria-label="Close after" value=${after} onChange=${(e) => setAfter(e.currentTarget.value)}>
            ${durations.map(([secs, label]) => html`<option value=${secs}>${label}</option>`)}</select>
          <button disabled=${busy} onClick=${() => run("/close", { afterSeconds: Number(after) })} data-testid="close-later">Close later</button>`}
      <button class="danger" disabled=${busy} onClick=${closeNow}>Close now</button>
      <button disabled=${busy} onClick=${() => run("/close", { silent: true })}>Close silently</button>
    </div>`}
    ${!open && html`<p class="muted">This conversation is ${conv.status}${conv.closedBy ? html` (by ${conv.closedBy === "system" ? "Warden" : html`<${Member} guildId=${guildId} id=${conv.closedBy} />`})` : ""}.</p>`}
    <${ErrorBox} error=${err} />
  </div>`;
}

// Routing changes a conversation's priority or department.
function Routing({ guildId, conv, departments }) {
  const [err, setErr] = useState(null);
  const patch = async (body) => {
    setErr(null);
    try {
      await api(guildPath(guildId, `modmail/conversations/${conv.number}`), { method: "PATCH", body });
    } catch (e) {
      setErr(e);
    }
  };
  if (conv.status !== "open") return null;
  return html`<div class="inline">
    <label>Priority <select value=${conv.priority} onChange=${(e) => patch({ priority: e.currentTarget.value })}>
      ${["low", "normal", "high", "urgent"].map((p) => html`<option value=${p}>${p}</option>`)}</select></label>
    ${departments.length > 0 && html`<label>Department <select value=${conv.department} onChange=${(e) => patch({ department: e.currentTarget.value })}>
      <option value="">none</option>${departments.map((d) => html`<option value=${d.name}>${d.name}</option>`)}</select></label>`}
    <${ErrorBox} error=${err} />
  </div>`;
}

function View({ guildId, number, snippets, departments }) {
  const listRef = useRef(null);
  const { data, loading, error, refetch } = useRealtimeData({
    room: guildId, path: number ? guildPath(guildId, `modmail/conversations/${number}`) : null, skip: !number,
    events: [...convEvents, ...msgEvents],
    patch: (cur, ev, d) => {
      if (!cur || !cur.conversation) return REFETCH;
      if (ev.startsWith("modmail:message_")) {
        if (d.conversationId !== cur.conversation.id) return undefined;
        const messages = upsertById(cur.messages, d).sort((a, b) => a.seq - b.seq);
        return { ...cur, messages };
      }
      return d.id === cur.conversation.id ? { ...cur, conversation: d } : undefined;
    },
  });
  const count = data ? data.messages.length : 0;
  useEffect(() => { listRef.current?.lastElementChild?.scrollIntoView({ block: "nearest" }); }, [count]);
  if (!number) return html`<div class="card" data-testid="conversation"><p class="muted">Choose a conversation on the left to read it and answer.</p></div>`;
  if (loading) return html`<div class="card"><${Loading} what="Loading the conversation" /></div>`;
  if (error || !data) return html`<div class="card"><${ErrorBox} error=${error} retry=${refetch} /></div>`;
  const c = data.conversation;
  return html`<div class="card" data-testid="conversation" data-number=${c.number}>
    <h2>#${c.number} with <${Member} guildId=${guildId} id=${c.userId} /> <span class="badge ${c.status}">${c.status}</span></h2>
    <p class="muted">${c.department ? `${c.department} · ` : ""}priority ${c.priority}${c.claimedBy ? html` · claimed by <${Member} guildId=${guildId} id=${c.claimedBy} />` : ""}</p>
    <${Routing} guildId=${guildId} conv=${c} departments=${departments} />
    <${Card} guildId=${guildId} card=${data.card} />
    <ol class="thread" ref=${listRef} aria-live="polite" data-testid="messages">${data.messages.map((m) => html`<${Message} guildId=${guildId} m=${m}
      base=${data.conversation.status === "open" ? guildPath(guildId, `modmail/conversations/${data.conversation.number}`) : null} />`)}</ol>
    <${Composer} guildId=${guildId} conv=${c} snippets=${snippets} />
  </div>`;
}

function Blocks({ guildId }) {
  const path = guildPath(guildId, "modmail/blocks");
  const { data, error, refetch } = useRealtimeData({ room: guildId, path });
  const [user, setUser] = useState("");
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState("0");
  const [err, setErr] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    setErr(null);
    if (!user) return setErr(new Error("Choose the member to block."));
    try {
      await api(path, { method: "POST", body: { userId: user, reason, expiresInSeconds: Number(expires) } });
      setUser("");
      setReason("");
      setExpires("0");
      toast({ title: `${displayName(guildId, user)} is blocked from modmail` });
      refetch();
    } catch (e2) {
      setErr(e2);
    }
  };
  const remove = async (id) => {
    try { await api(`${path}/${encodeURIComponent(id)}`, { method: "DELETE" }); refetch(); } catch (e) { setErr(e); }
  };
  const rows = asList(data);
  return html`<div class="card" data-testid="blocks"><h2>Blocked members</h2>
    <${ErrorBox} error=${error || err} retry=${refetch} />
    ${rows.length === 0 ? html`<p class="muted">Nobody is blocked. Block a member below to stop their DMs from opening conversations.</p>`
      : html`<ul class="rows">${rows.map((b) => html`<li key=${b.id}><span class="grow"><${Member} guildId=${guildId} id=${b.userId} /> ${b.reason}
        ${b.expiresAt && html` (until <${Time} t=${b.expiresAt} />)`}</span><button onClick=${() => remove(b.userId)}>Unblock</button></li>`)}</ul>`}
    <form class="inline" onSubmit=${add}>
      <${Picker} guildId=${guildId} kind="member" id="mm-block-user" value=${user} onChange=${(id) => setUser(id || "")} />
      <input aria-label="Reason" maxlength="512" placeholder="Reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
      <select aria-label="Blocked for" value=${expires} onChange=${(e) => setExpires(e.currentTarget.value)}>
        ${durations.map(([secs, label]) => html`<option value=${secs}>${label}</option>`)}<option value="0">until lifted</option></select>
      <button>Block</button></form>
  </div>`;
}

function Search({ guildId, onSelect }) {
  const [user, setUser] = useState("");
  const [text, setText] = useState("");
  const [res, setRes] = useState(null);
  const [err, setErr] = useState(null);
  const go = async (e) => {
    e.preventDefault();
    setErr(null);
    const q = user ? `user=${encodeURIComponent(user)}` : text ? `text=${encodeURIComponent(text)}` : "";
    if (!q) return setErr(new Error("Choose a member or type some text to search for."));
    try { setRes(await api(guildPath(guildId, `modmail/search?${q}`))); } catch (e2) { setErr(e2); }
  };
  return html`<div class="card" data-testid="search"><h2>Search the logs</h2>
    <form class="inline" onSubmit=${go}>
      <${Picker} guildId=${guildId} kind="member" id="mm-search-user" value=${user} onChange=${(id) => setUser(id || "")} />
      <input aria-label="Text" placeholder="…or text" value=${text} onInput=${(e) => setText(e.currentTarget.value)} /><button>Search</button></form>
    <${ErrorBox} error=${err} />
    ${res && html`<ul class="rows">${[...res.conversations.map((c) => ({ n: c.number, label: `#${c.number}`, at: c.createdAt })),
      ...res.messages.map((m) => ({ n: m.conversationNumber, label: `#${m.conversationNumber}: ${m.content}`, at: m.createdAt }))]
      .map((r) => html`<li><button class="link grow" onClick=${() => onSelect(r.n)}>${r.label}</button> <${Time} t=${r.at} /></li>`)}</ul>
      ${res.conversations.length + res.messages.length === 0 && html`<p class="muted">Nothing found${res.scanned ? ` in the newest ${res.scanned} messages` : ""}.</p>`}`}
  </div>`;
}

function ModmailPage({ guildId, query }) {
  const [selected, setSelected] = useState(query && query.c ? Number(query.c) : null);
  useEffect(() => { if (query && query.c) setSelected(Number(query.c)); }, [query && query.c]);
  const { data: cfg } = useRealtimeData({ room: guildId, path: guildPath(guildId, "modmail/config"), events: ["modmail:config_updated"], patch: (c, e, d) => d });
  return html`<${Page} title="Modmail">
    ${cfg && !cfg.enabled && html`<p class="notice" data-testid="modmail-off">Modmail is off in this server: turn it on in the settings below and choose the category conversations open in.</p>`}
    <${Figures} guildId=${guildId} />
    <div class="two"><${List} guildId=${guildId} selected=${selected} onSelect=${setSelected} />
      <${View} guildId=${guildId} number=${selected} snippets=${(cfg && cfg.snippets) || []} departments=${(cfg && cfg.departments) || []} /></div>
    <div class="two"><${Search} guildId=${guildId} onSelect=${setSelected} /><${Blocks} guildId=${guildId} /></div>
    <${ConfigForm} guildId=${guildId} path=${guildPath(guildId, "modmail/config")} event="modmail:config_updated" title="Modmail settings" prefix="mm"
      schemaPath=${guildPath(guildId, "modmail/config/schema")} />
  </${Page}>`;
}

registerPluginPage({
  id: "modmail",
  title: "Modmail",
  order: 20,
  component: ModmailPage,
  toasts: {
    "modmail:conversation_created": (c, msg) => ({ title: `New modmail #${c.number}`, body: html`<${Member} guildId=${msg && msg.guildId} id=${c.userId} />` }),
  },
});
