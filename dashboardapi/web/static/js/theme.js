// The colour theme: the system's (prefers-color-scheme) until staff choose
// one with the header's toggle; the choice is kept in localStorage and set
// as <html data-theme="light|dark">, which app.css reads. js/theme-init.js
// applies a kept choice before the first paint.
import { useEffect, useState } from "preact/hooks";
import { html } from "./html.js";

const KEY = "warden-theme";
const systemLight = matchMedia("(prefers-color-scheme: light)");

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

// currentTheme is the theme in effect: the kept choice, else the system's.
export function currentTheme() {
  return stored() || (systemLight.matches ? "light" : "dark");
}

function apply() {
  const t = stored();
  if (t) document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
}

// setTheme keeps the choice and applies it.
export function setTheme(t) {
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Not kept (storage refused), still applied for this page.
  }
  document.documentElement.dataset.theme = t;
  for (const fn of listeners) fn();
}

const listeners = new Set();

// useTheme answers the theme in effect, following the system, the toggle
// and a choice made in another tab.
export function useTheme() {
  const [theme, set] = useState(currentTheme);
  useEffect(() => {
    const on = () => set(currentTheme());
    const onStorage = (e) => {
      if (e.key === KEY) {
        apply();
        on();
      }
    };
    listeners.add(on);
    systemLight.addEventListener("change", on);
    window.addEventListener("storage", onStorage);
    return () => {
      listeners.delete(on);
      systemLight.removeEventListener("change", on);
      window.removeEventListener("storage", onStorage);
    };
  }, []);
  return theme;
}

// ThemeToggle is the header's switch between the dark and light theme: a
// toggle button ("Dark theme", pressed when dark).
export function ThemeToggle() {
  const theme = useTheme();
  const dark = theme === "dark";
  return html`<button type="button" class="theme-toggle" data-testid="theme-toggle" aria-pressed=${dark ? "true" : "false"}
    title=${dark ? "Dark theme (press for light)" : "Light theme (press for dark)"} onClick=${() => setTheme(dark ? "light" : "dark")}>
    <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
      ${dark
        ? html`<path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />`
        : html`<circle cx="12" cy="12" r="4" /><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />`}
    </svg>
    <span class="sr-only">Dark theme</span>
  </button>`;
}
