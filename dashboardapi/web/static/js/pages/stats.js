// The bot-wide overview for superusers: DashboardStats from /api/stats,
// kept live from room "global".
import { html } from "../html.js";
import { useRealtimeData } from "../data.js";
import { ActivityChart } from "../chart.js";
import { Page, StatCard, Change } from "../ui.js";
import { RecentEvents } from "./overview.js";

const events = ["dashboard:stats_updated", "dashboard:event_recorded"];

// patch merges a partial stats update, or adds a recorded event to the
// recent list and to the current hour of the chart.
export function patchStats(cur, ev, data) {
  if (!cur) return undefined;
  if (ev === "dashboard:stats_updated") return { ...cur, ...data };
  const recent = [{ type: data.type, message: data.message, timestamp: data.timestamp }, ...(cur.recentEvents || [])].slice(0, 10);
  return { ...cur, recentEvents: recent, activityOverview: bumpLastHour(cur.activityOverview, data) };
}

function bumpLastHour(points, ev) {
  if (!Array.isArray(points) || points.length === 0) return points;
  const last = points[points.length - 1];
  const key = ev.kind === "command" && "commands" in last ? "commands" : ["count", "events", "total"].find((k) => k in last);
  if (!key) return points;
  return [...points.slice(0, -1), { ...last, [key]: (Number(last[key]) || 0) + 1 }];
}

export function StatsPage() {
  const { data, loading, error, refetch } = useRealtimeData({ room: "global", path: "/api/stats", events, patch: patchStats });
  const s = data || {};
  const g = s.guilds || {}, u = s.users || {}, c = s.commands || {}, p = s.ping || {};
  return html`<${Page} title="Bot overview" loading=${loading} error=${error} retry=${refetch}>
    <div class="cards">
      <${StatCard} label="Total servers" value=${g.count} testid="stat-guilds"><${Change} value=${g.changeFromLastMonth} label="vs last month" /></${StatCard}>
      <${StatCard} label="Active users" value=${u.active} testid="stat-users"><${Change} value=${u.changePercentFromLastMonth} suffix="%" label="vs last month" /></${StatCard}>
      <${StatCard} label="Commands" value=${c.total} testid="stat-commands"><${Change} value=${c.changePercentFromLastMonth} suffix="%" label="vs last month" /></${StatCard}>
      <${StatCard} label="Average ping" value=${p.avg !== undefined ? `${Math.round(p.avg)} ms` : undefined} testid="stat-ping"><${Change} value=${p.changeFromLastHour} suffix=" ms" label="vs last hour" /></${StatCard}>
    </div>
    <${ActivityChart} points=${s.activityOverview}
      empty="No activity in the last 24 hours. Commands and events from every server Warden is in are drawn here by the hour." />
    <${RecentEvents} events=${s.recentEvents} />
  </${Page}>`;
}
