// The page shell: sign-in gate, navigation, the connection indicator,
// toasts for important events, and the route's page.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";
import { api } from "./api.js";
import { loadSession, session, realtime, routes, isSuperuser } from "./session.js";
import { useRoute, href } from "./router.js";
import { usePluginPages, pluginPage, pluginPages, loadPluginPages } from "./registry.js";
import { useRealtimeEvent, useRealtimeData } from "./data.js";
import { ConnectionIndicator, Toaster, ErrorBox, Loading, toast } from "./ui.js";
import { LoginPage } from "./pages/login.js";
import { Member } from "./names.js";
import { ThemeToggle } from "./theme.js";
import { GuildDateSettings } from "./dates.js";
import { GuildsPage } from "./pages/guilds.js";
import { OverviewPage } from "./pages/overview.js";
import { StatsPage } from "./pages/stats.js";
import { SettingsPage } from "./pages/settings.js";

// GuildToasts turns a guild's important events into toasts, as each
// plugin page declares them.
function GuildToasts({ guildId }) {
  useRealtimeEvent(guildId, "*", (data, msg) => {
    for (const p of pluginPages()) {
      const make = p.toasts && p.toasts[msg.event];
      if (make) toast(make(data, msg));
    }
  });
  return null;
}

function GuildNav({ guildId, route }) {
  const pages = usePluginPages();
  const { data } = useRealtimeData({ path: "/api/guilds" });
  const guild = (data || []).find((g) => g.id === guildId);
  const link = (r, label) => {
    const cur = href(r) === href(route);
    return html`<a href=${href(r)} aria-current=${cur ? "page" : undefined}>${label}</a>`;
  };
  return html`<nav class="guild-nav" aria-label="Server">
    <span class="guild-name">${guild ? guild.name : guildId}</span>
    ${link({ name: "overview", guildId }, "Overview")}
    ${pages.map((p) => link({ name: "plugin", guildId, plugin: p.id }, p.title))}
    ${link({ name: "settings", guildId }, "Settings")}
  </nav>`;
}

function Content({ route }) {
  const me = session.me;
  switch (route.name) {
    case "stats":
      return isSuperuser(me) ? html`<${StatsPage} />` : html`<${ErrorBox} error=${new Error("Only Warden's operators (superusers) see the bot-wide overview.")} />`;
    case "overview":
      return html`<${OverviewPage} guildId=${route.guildId} key=${route.guildId} />`;
    case "settings":
      return html`<${SettingsPage} guildId=${route.guildId} key=${route.guildId} />`;
    case "plugin": {
      const p = pluginPage(route.plugin);
      if (!p) return html`<${ErrorBox} error=${new Error(`There is no page for plugin ${route.plugin}.`)} />`;
      return html`<${p.component} guildId=${route.guildId} me=${me} query=${route.query} key=${route.guildId} />`;
    }
    default:
      return html`<${GuildsPage} />`;
  }
}

async function logout() {
  try {
    await api(routes.logout, { method: "POST", body: {} });
  } finally {
    realtime.stop();
    location.hash = "#/";
    location.reload();
  }
}

export function App() {
  const [boot, setBoot] = useState({ loading: true, error: null });
  const route = useRoute();
  useEffect(() => {
    Promise.all([loadSession(), loadPluginPages()])
      .then(() => {
        if (session.me) realtime.start();
        setBoot({ loading: false, error: null });
      })
      .catch((error) => setBoot({ loading: false, error }));
  }, []);
  if (boot.loading) return html`<main id="main"><${Loading} what="Starting Warden" /></main>`;
  if (boot.error) return html`<main id="main"><${ErrorBox} error=${boot.error} retry=${() => location.reload()} /></main>`;
  if (!session.me) return html`<${LoginPage} />`;
  const me = session.me;
  return html`<div class="shell">
    <a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href="#/"><img class="logo" src="/logo.svg" alt="" width="24" height="24" /> Warden</a>
      ${session.config.demo && html`<span class="badge demo" title="Simulated Discord">Demo<span class="wide-only"> mode</span></span>`}
      <nav aria-label="Main" class="main-nav">
        <a href="#/" aria-current=${route.name === "guilds" ? "page" : undefined}>Servers</a>
        ${isSuperuser(me) && html`<a href="#/stats" aria-current=${route.name === "stats" ? "page" : undefined}>Bot overview</a>`}
      </nav>
      <${ConnectionIndicator} />
      <span class="me" data-testid="me">${me.globalName || me.username
        ? html`<span title=${`@${me.username || ""} · ${me.id}`}>${me.globalName || me.username}</span>`
        : route.guildId ? html`<${Member} guildId=${route.guildId} id=${me.id} />` : `User ${me.id}`}</span>
      <${ThemeToggle} />
      <button class="link" onClick=${logout}>Sign out</button>
    </header>
    ${route.guildId && html`<${GuildNav} guildId=${route.guildId} route=${route} /><${GuildToasts} guildId=${route.guildId} />
      <${GuildDateSettings} guildId=${route.guildId} key=${route.guildId} />`}
    <main id="main" tabindex="-1"><${Content} route=${route} /></main>
    <${Toaster} />
  </div>`;
}
