// ActivityChart draws the last 24 hours of activity with uPlot. Points are
// hourly objects with a time field (hour, timestamp or time) and one or more
// numeric series; each numeric field becomes a line.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { html } from "./html.js";
import { humanize } from "./ui.js";
import { useDateSettings } from "./dates.js";
import { Empty } from "./empty.js";

const timeKeys = ["hour", "timestamp", "time", "at"];
const colours = ["#5865f2", "#3ba55d", "#faa61a", "#ed4245"];

function toSeconds(v) {
  const ms = typeof v === "number" ? (v > 1e11 ? v : v * 1000) : Date.parse(v);
  return Math.round(ms / 1000);
}

// normalize returns {xs, series: [{name, ys}]} from the points.
export function normalize(points) {
  const list = Array.isArray(points) ? points : [];
  if (!list.length) return { xs: [], series: [] };
  const tk = timeKeys.find((k) => k in list[0]);
  const names = Object.keys(list[0]).filter((k) => k !== tk && typeof list[0][k] === "number");
  const xs = list.map((p, i) => (tk ? toSeconds(p[tk]) : i));
  return { xs, series: names.map((name) => ({ name, ys: list.map((p) => Number(p[name]) || 0) })) };
}

// ActivityChart draws the points with the hours in the guild's timezone;
// empty says what would fill an empty chart.
export function ActivityChart({ points, title = "Activity, last 24 hours", empty = "No activity in the last 24 hours yet." }) {
  const { timeZone } = useDateSettings();
  const el = useRef(null);
  const plot = useRef(null);
  const { xs, series } = normalize(points);
  const shape = series.map((s) => s.name).join(",");

  useEffect(() => {
    if (!el.current || !series.length) return undefined;
    const opts = {
      width: el.current.clientWidth || 600,
      height: 220,
      scales: { x: { time: true } },
      ...(timeZone && { tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone) }),
      axes: [{ stroke: "#9aa0a6" }, { stroke: "#9aa0a6" }],
      series: [{}, ...series.map((s, i) => ({ label: humanize(s.name), stroke: colours[i % colours.length], width: 2 }))],
    };
    plot.current = new uPlot(opts, [xs, ...series.map((s) => s.ys)], el.current);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: el.current.clientWidth, height: 220 }));
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, timeZone]);

  useEffect(() => {
    plot.current?.setData([xs, ...series.map((s) => s.ys)]);
  });

  const total = series.reduce((n, s) => n + s.ys.reduce((a, b) => a + b, 0), 0);
  return html`<figure class="card chart" data-testid="activity-chart">
    <figcaption>${title}${timeZone && html` <span class="muted">(${timeZone.replace(/_/g, " ")} time)</span>`}</figcaption>
    ${series.length ? html`<div ref=${el} class="plot" role="img" aria-label=${`${title}: ${total} in total`}></div>` : html`<${Empty} testid="activity">${empty}</${Empty}>`}
  </figure>`;
}
