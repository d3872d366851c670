// The tickets figures: opened and closed per day, the median time to
// claim and to close, per category and per staff member. Live from
// tickets:stats_updated.
import { html } from "warden/html.js";
import { Empty } from "warden/empty.js";
import { useRealtimeData } from "warden/data.js";
import { guildPath } from "warden/api.js";
import { ErrorBox, Loading, StatCard } from "warden/ui.js";
import { Member } from "warden/names.js";

// span says a number of seconds the way people say it.
export function span(s) {
  if (!s) return "—";
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}

function Groups({ title, rows, name }) {
  return html`<h3>${title}</h3>${rows.length === 0 ? html`<${Empty}>No tickets yet: the figures fill as tickets are opened, claimed and closed.</${Empty}>` : html`<table>
    <thead><tr><th scope="col">${title.startsWith("By staff") ? "Staff member" : "Category"}</th><th scope="col">Tickets</th><th scope="col">Closed</th><th scope="col">Median to claim</th><th scope="col">Median to close</th></tr></thead>
    <tbody>${rows.map((g) => html`<tr key=${g.key}><td>${name(g)}</td><td>${g.tickets}</td><td>${g.closed}</td><td>${span(g.medianClaimSeconds)}</td><td>${span(g.medianCloseSeconds)}</td></tr>`)}</tbody></table>`}`;
}

export function Stats({ guildId }) {
  const { data: st, loading, error, refetch } = useRealtimeData({
    room: guildId, path: guildPath(guildId, "tickets/stats"), events: ["tickets:stats_updated"], patch: (cur, ev, d) => d,
  });
  if (loading) return html`<${Loading} what="Loading ticket figures" />`;
  if (!st) return html`<div class="card"><${ErrorBox} error=${error} retry=${refetch} /></div>`;
  const days = st.perDay || [];
  const max = Math.max(1, ...days.map((d) => Math.max(d.opened, d.closed)));
  const week = days.slice(-7);
  return html`<div class="card" data-testid="ticket-stats"><h2>Figures, last 30 days</h2>
    <div class="cards">
      <${StatCard} label="Open now" value=${st.open} testid="stat-open" />
      <${StatCard} label="Median time to claim" value=${span(st.medianClaimSeconds)} />
      <${StatCard} label="Median time to close" value=${span(st.medianCloseSeconds)} />
    </div>
    <table aria-label="Tickets opened and closed, last 7 days"><thead><tr><th scope="col">Day</th><th scope="col">Opened</th><th scope="col">Closed</th></tr></thead>
      <tbody>${week.map((d) => html`<tr key=${d.date}><td>${d.date}</td>
        <td><span class="bar" style=${`display:inline-block;height:8px;width:${(60 * d.opened) / max}px;background:currentColor;opacity:.5`}></span> ${d.opened}</td>
        <td>${d.closed}</td></tr>`)}</tbody></table>
    <${Groups} title="By category" rows=${st.byCategory || []} name=${(g) => g.label || g.key} />
    <${Groups} title="By staff member" rows=${st.byStaff || []} name=${(g) => html`<${Member} guildId=${guildId} id=${g.key} />`} />
  </div>`;
}
