// Colour scheme: follows the system unless the reader chose one; set before first paint.
(function () {
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("boke-theme"); } catch (e) { /* storage may be off */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    var dark = function () {
      var chosen = root.getAttribute("data-theme");
      if (chosen) return chosen === "dark";
      return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    var show = function () { button.setAttribute("aria-pressed", dark() ? "true" : "false"); };
    show();
    button.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("boke-theme", next); } catch (e) { /* ignore */ }
      show();
    });
  });
})();
