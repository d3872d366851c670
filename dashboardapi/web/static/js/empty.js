// Empty states that say what to do: every list, table or chart that can
// be empty shows what would fill it and how, with a link or a button to
// that action where the dashboard has one (docs/plugins.md, "Empty
// states").
import { html } from "./html.js";

// goTo scrolls to the element with id and focuses it (a form's first
// field, say), since the page's hash is the router's and "#id" links
// would navigate away.
export function goTo(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: "center" });
  el.focus({ preventScroll: true });
}

// Action is the empty state's one action: {label, href} (a link to
// another page) or {label, onClick}, or {label, focus: "element-id"} (a
// button that goes to a form on the same page).
function Action({ action }) {
  if (!action) return null;
  if (action.href) return html` <a class="empty-action" href=${action.href}>${action.label}</a>`;
  const click = action.onClick || (() => goTo(action.focus));
  return html` <button type="button" class="link empty-action" onClick=${click}>${action.label}</button>`;
}

// Empty is the empty state of a list or chart: children say what would
// fill it and how ("No cases yet. Cases appear here when ...").
export function Empty({ children, action, testid }) {
  return html`<div class="empty" data-empty=${testid || ""}><p>${children}<${Action} action=${action} /></p></div>`;
}

// EmptyRow is the empty state inside a table's body, across its cols
// columns, so the table keeps its headings.
export function EmptyRow({ cols, children, action, testid }) {
  return html`<tr class="empty-row"><td colspan=${cols}><${Empty} action=${action} testid=${testid}>${children}</${Empty}></td></tr>`;
}
