// Applies the theme chosen with the header's toggle (js/theme.js) before
// the first paint, so a light choice on a dark system does not flash.
// A classic script, loaded synchronously from index.html's <head>.
(function () {
  try {
    var t = localStorage.getItem("warden-theme");
    if (t === "light" || t === "dark") document.documentElement.setAttribute("data-theme", t);
  } catch (e) {
    // Storage refused (private mode): follow the system.
  }
})();
