// The sign-in page: Discord OAuth2, and in demo mode a one-click demo login.
import { html } from "../html.js";
import { routes, session } from "../session.js";

export function LoginPage() {
  const demo = !!session.config.demo;
  return html`<main class="login" id="main">
    <div class="card login-card">
      <h1><span class="logo" aria-hidden="true">🛡</span> Warden</h1>
      <p>Sign in to manage the Discord servers you moderate.</p>
      <a class="button primary discord" href=${routes.login} data-testid="login-discord">Sign in with Discord</a>
      ${demo &&
      html`<div class="demo-box" role="note">
        <p><strong>Demo mode.</strong> This Warden runs against a simulated Discord with made-up servers.
        Nothing here touches a real Discord account.</p>
        <form method="post" action=${routes.demoLogin}>
          <button class="button" type="submit" data-testid="login-demo">Log in as the demo admin (demo mode)</button>
        </form>
      </div>`}
    </div>
  </main>`;
}
