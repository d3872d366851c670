// A hash router: #/, #/login, #/stats, #/g/{guildId},
// #/g/{guildId}/settings and #/g/{guildId}/p/{plugin}, each with an
// optional ?query the page reads from route.query (the live feed links to
// #/g/{guildId}/p/moderation?case=42). Hash routes need no server-side
// fallback and survive the OAuth2 redirect back to "/".
import { useEffect, useState } from "preact/hooks";

export function parseRoute(hash = location.hash) {
  const [path, search = ""] = hash.split("?");
  const route = parseRoutePath(path);
  route.query = Object.fromEntries(new URLSearchParams(search));
  return route;
}

function parseRoutePath(hash) {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "login") return { name: "login" };
  if (parts[0] === "stats") return { name: "stats" };
  if (parts[0] === "g" && parts[1]) {
    const guildId = parts[1];
    if (parts[2] === "settings") return { name: "settings", guildId };
    if (parts[2] === "p" && parts[3]) return { name: "plugin", guildId, plugin: parts[3] };
    return { name: "overview", guildId };
  }
  return { name: "guilds" };
}

export function href(route) {
  switch (route.name) {
    case "login":
      return "#/login";
    case "stats":
      return "#/stats";
    case "overview":
      return `#/g/${encodeURIComponent(route.guildId)}`;
    case "settings":
      return `#/g/${encodeURIComponent(route.guildId)}/settings`;
    case "plugin":
      return `#/g/${encodeURIComponent(route.guildId)}/p/${encodeURIComponent(route.plugin)}`;
    default:
      return "#/";
  }
}

export function navigate(route) {
  location.hash = href(route);
}

export function useRoute() {
  const [route, setRoute] = useState(parseRoute());
  useEffect(() => {
    const fn = () => setRoute(parseRoute());
    window.addEventListener("hashchange", fn);
    return () => window.removeEventListener("hashchange", fn);
  }, []);
  return route;
}
