// Package e2e drives the dashboard in headless Chromium against the whole
// Warden app in demo mode (simulated Discord, embedded store, the API and
// the gateway), started in-process. Its tests are the browser-level proof
// that the page is live: login, cross-tab updates, automod toasts,
// reconnect with resume, 409 conflicts and no polling. They need Debian's
// chromium (scripts/test.sh installs it); the package holds no code that
// ships.
package e2e
