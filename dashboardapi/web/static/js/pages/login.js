// The sign-in page: Discord OAuth2, and in demo mode a one-click demo login.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { api } from "../api.js";
import { routes, session } from "../session.js";
import { ErrorBox } from "../ui.js";

async function demoLogin(setState) {
  setState({ busy: true, error: null });
  try {
    await api(routes.demoLogin, { method: "POST", body: {} });
    location.hash = "#/";
    location.reload();
  } catch (error) {
    setState({ busy: false, error });
  }
}

// loginErrorMessages explains the errors the callback sends back in
// ?login_error=, so that a cancelled or failed sign-in says why.
const loginErrorMessages = {
  access_denied: "You cancelled the Discord sign-in, so you are not signed in.",
};

// takeLoginError reads ?login_error= once and removes it from the address.
function takeLoginError() {
  const params = new URLSearchParams(location.search);
  const code = params.get("login_error");
  if (!code) return null;
  params.delete("login_error");
  const query = params.toString();
  history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  return { message: loginErrorMessages[code] || `Discord sign-in failed (${code}). Please try again.` };
}

export function LoginPage() {
  const demo = !!session.config.demo;
  const [state, setState] = useState(() => ({ busy: false, error: takeLoginError() }));
  return html`<main class="login" id="main">
    <div class="card login-card">
      <h1><img class="logo" src="/logo.svg" alt="" width="32" height="32" /> Warden</h1>
      <p>Sign in to manage the Discord servers you moderate.</p>
      <a class="button primary discord" href=${routes.login} data-testid="login-discord">Sign in with Discord</a>
      <${ErrorBox} error=${state.error} />
      ${demo &&
      html`<div class="demo-box" role="note">
        <p><strong>Demo mode.</strong> This Warden runs against a simulated Discord with made-up servers.
        Nothing here touches a real Discord account.</p>
        <button class="button" data-testid="login-demo" disabled=${state.busy} onClick=${() => demoLogin(setState)}>
          Log in as the demo admin (demo mode)</button>
      </div>`}
    </div>
  </main>`;
}
