// The tab's session: who is signed in, the server's public settings, and
// the one realtime client of the tab.
import { api, ApiError } from "./api.js";
import { RealtimeClient } from "./realtime.js";

// Routes of the dashboard API this page relies on (docs/api.md).
export const routes = {
  me: "/api/auth/me",
  config: "/config.json",
  wsToken: "/api/auth/ws-token",
  login: "/api/auth/login",
  demoLogin: "/api/auth/demo-login",
  logout: "/api/auth/logout",
};

// defaultWsUrl is used only when the API does not say where the gateway is.
function defaultWsUrl() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.hostname}:3002/ws`;
}

export const session = {
  me: null,
  config: { demo: false, wsUrl: "" },
};

// loadSession reads the public settings (config.json, served by the
// binary with the page) and the signed-in user (null when signed out).
export async function loadSession() {
  try {
    const cfg = await api(routes.config);
    session.config = { ...session.config, ...cfg };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
  try {
    session.me = await api(routes.me);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) session.me = null;
    else throw err;
  }
  if (session.me && session.me.demo !== undefined) session.config.demo = session.me.demo;
  return session;
}

export function userId(me = session.me) {
  return me ? me.id || me.userId || "" : "";
}

export function isSuperuser(me = session.me) {
  return !!(me && (me.superuser || me.isSuperuser));
}

export const realtime = new RealtimeClient({
  fetchToken: async () => {
    const res = await api(routes.wsToken);
    return res.token;
  },
  url: async () => session.config.wsUrl || defaultWsUrl(),
});

// Expose the client for debugging from the browser console.
globalThis.wardenRealtime = realtime;
