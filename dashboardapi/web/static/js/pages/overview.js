// The guild overview: stats cards, recent events, the 24 h activity chart,
// and a feed of the live events reaching this guild's room.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { useRealtimeData, useRealtimeEvent, REFETCH } from "../data.js";
import { guildPath } from "../api.js";
import { ActivityChart } from "../chart.js";
import { Page, StatCard, Change, humanize } from "../ui.js";
import { Time } from "../dates.js";
import { Empty } from "../empty.js";
import { href } from "../router.js";
import { pluginPage } from "../registry.js";
import { FeedLine, isFeedEvent, useEventCatalog } from "../feed.js";

const listKeys = ["recentEvents", "activityOverview", "activity", "hourly"];

// cards turns the stats document's figures into cards: a number, or an
// object with a number and a change.
function cards(stats) {
  const out = [];
  for (const [k, v] of Object.entries(stats || {})) {
    if (listKeys.includes(k) || k === "guildId") continue;
    if (typeof v === "number") out.push({ key: k, value: v });
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      const numbers = Object.entries(v).filter(([, x]) => typeof x === "number");
      const main = numbers.find(([n]) => !/change/i.test(n));
      const change = numbers.find(([n]) => /change/i.test(n));
      if (main) out.push({ key: k, value: main[1], change: change && change[1], percent: change && /percent/i.test(change[0]) });
    }
  }
  return out;
}

// RecentEvents lists the latest recorded events; empty names what records
// them (guildId absent: the bot-wide list).
export function RecentEvents({ events, guildId }) {
  const list = Array.isArray(events) ? events : [];
  return html`<div class="card events" data-testid="recent-events"><h2>Recent events</h2>
    ${list.length === 0
      ? guildId
        ? html`<${Empty} testid="recent-events" action=${pluginPage("moderation") && { label: "Open moderation", href: href({ name: "plugin", guildId, plugin: "moderation" }) }}>
            Nothing has happened here yet. Moderation cases, automod hits and setting changes in this server are listed here: use a command such as /warn in Discord, or take an action on the moderation page.</${Empty}>`
        : html`<${Empty} testid="recent-events">Nothing has happened yet. Commands, moderation cases and errors from every server Warden is in are listed here as they happen.</${Empty}>`
      : html`<ul>${list.map((e, i) => html`<li key=${i} class="ev ${e.type || "info"}">
          <span class="badge ${e.type || "info"}">${e.type || "info"}</span> ${e.message} <${Time} t=${e.timestamp} /></li>`)}</ul>`}
  </div>`;
}

export function OverviewPage({ guildId }) {
  const stats = useRealtimeData({
    room: guildId,
    path: guildPath(guildId, "stats"),
    events: ["*"],
    patch: (_cur, ev) => (ev.endsWith(":stats_updated") ? REFETCH : undefined),
  });
  const [live, setLive] = useState([]);
  const catalog = useEventCatalog();
  useRealtimeEvent(guildId, "*", (data, msg) => {
    if (!isFeedEvent(msg.event, catalog)) return;
    setLive((xs) => [{ event: msg.event, data: data || {}, at: msg.timestamp, seq: msg.seq }, ...xs].slice(0, 15));
  });
  const s = stats.data || {};
  return html`<${Page} title="Overview" loading=${stats.loading} error=${stats.error} retry=${stats.refetch}>
    <div class="cards">
      ${cards(s).map((c) => html`<${StatCard} key=${c.key} label=${humanize(c.key)} value=${c.value} testid=${`stat-${c.key}`}>
        ${c.change !== undefined && html`<${Change} value=${c.change} suffix=${c.percent ? "%" : ""} label="vs last month" />`}
      </${StatCard}>`)}
    </div>
    <${ActivityChart} points=${s.activityOverview || s.activity || s.hourly}
      empty="No activity in the last 24 hours. Each hour's commands, cases and automod actions in this server are drawn here; the chart fills as members use Warden." />
    <div class="two">
      <${RecentEvents} events=${s.recentEvents} guildId=${guildId} />
      <div class="card events" data-testid="live-feed"><h2>Live</h2>
        ${live.length === 0
          ? html`<${Empty} testid="live-feed" action=${{ label: "Change a setting", href: href({ name: "settings", guildId }) }}>
              What staff and automod do in this server appears here as it happens, while this page is open: open a case or change a setting to see it.</${Empty}>`
          : html`<ul>${live.map((e) => html`<${FeedLine} key=${e.seq ?? e.at} guildId=${guildId} ev=${e} spec=${catalog.get(e.event)} />`)}</ul>`}
      </div>
    </div>
  </${Page}>`;
}
