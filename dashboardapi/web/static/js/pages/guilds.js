// The guild picker: the servers the signed-in user may open.
import { html } from "../html.js";
import { useRealtimeData } from "../data.js";
import { Page } from "../ui.js";
import { Empty } from "../empty.js";
import { href } from "../router.js";

export function GuildIcon({ guild }) {
  const icon = guild.icon || "";
  if (/^(https:|data:|\/)/.test(icon)) return html`<img class="gicon" src=${icon} alt="" />`;
  const initials = (guild.name || "?").split(/\s+/).map((w) => w[0]).join("").slice(0, 3);
  return html`<span class="gicon" aria-hidden="true">${initials}</span>`;
}

export function GuildsPage() {
  const { data, loading, error, refetch } = useRealtimeData({ path: "/api/guilds" });
  const guilds = data || [];
  return html`<${Page} title="Your servers" loading=${loading} error=${error} retry=${refetch}>
    ${guilds.length === 0
      ? html`<${Empty} testid="guilds">You do not manage any server Warden is in yet. Servers appear here when Warden is in a server you own or hold Administrator or Manage Server in, or where staff granted you dashboard access: invite Warden to your server, or ask its staff for access.</${Empty}>`
      : html`<ul class="guilds" data-testid="guild-list">
          ${guilds.map(
            (g) => html`<li key=${g.id}><a class="card guild" href=${href({ name: "overview", guildId: g.id })}>
              <${GuildIcon} guild=${g} /><span>${g.name}</span></a></li>`,
          )}
        </ul>`}
  </${Page}>`;
}
