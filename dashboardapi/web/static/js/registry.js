// The plugin page registry. A plugin's page lives in its own folder,
// plugins/<plugin>/web/page.js in the source tree, served at
// /plugins/<plugin>/page.js; it imports the dashboard's modules as
// "warden/<module>.js" (the import map) and calls registerPluginPage. The
// page loads every plugin page listed in js/plugins/index.json, which the
// Go side generates from the running plugins that have a page
// (core.WebPager), so adding a page edits nothing here.
//
//   registerPluginPage({
//     id: "moderation",          // the plugin id: API routes and events
//     title: "Moderation",       // the nav label
//     order: 10,                 // nav position
//     component: ModerationPage, // receives {guildId, me}
//   });
import { useEffect, useState } from "preact/hooks";

const pages = new Map();
const listeners = new Set();

export function registerPluginPage(page) {
  if (!page || !page.id || !page.component) throw new Error("registerPluginPage: id and component are required");
  if (pages.has(page.id)) throw new Error(`registerPluginPage: ${page.id} is registered twice`);
  pages.set(page.id, { order: 100, title: page.id, ...page });
  for (const fn of listeners) fn();
}

export function pluginPages() {
  return [...pages.values()].sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

export function pluginPage(id) {
  return pages.get(id);
}

// usePluginPages re-renders when a page registers.
export function usePluginPages() {
  const [, bump] = useState(0);
  useEffect(() => {
    const fn = () => bump((n) => n + 1);
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return pluginPages();
}

// loadPluginPages imports every plugin page module the server lists.
export async function loadPluginPages() {
  let names = [];
  try {
    const res = await fetch("/js/plugins/index.json", { credentials: "same-origin" });
    if (res.ok) names = await res.json();
  } catch {
    names = [];
  }
  await Promise.all(
    names.map((n) =>
      import(`/plugins/${n}/page.js`).catch((err) => console.error(`plugin page ${n} failed to load:`, err)),
    ),
  );
}
