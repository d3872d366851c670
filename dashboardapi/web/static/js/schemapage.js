// The settings page of a plugin that declares its config's form
// (core.ConfigSchemer) and has no page of its own: the dashboard
// generates its page.js, which calls registerSchemaPage.
import { html } from "./html.js";
import { registerPluginPage } from "./registry.js";
import { ConfigForm } from "./configform.js";
import { guildPath } from "./api.js";
import { Page } from "./ui.js";

export function registerSchemaPage({ id, title, order = 90 }) {
  const SettingsPage = ({ guildId }) => html`<${Page} title=${title}>
    <${ConfigForm} guildId=${guildId} path=${guildPath(guildId, `${id}/config`)} schemaPath=${guildPath(guildId, `${id}/config/schema`)}
      event=${`${id}:config_updated`} title=${`${title} settings`} prefix=${id} />
  </${Page}>`;
  registerPluginPage({ id, title, order, component: SettingsPage });
}
