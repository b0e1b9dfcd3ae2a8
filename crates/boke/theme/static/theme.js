// Colour scheme: follows the system unless the reader chose one; set before first paint.
(function () {
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("boke-theme"); } catch (e) { /* storage may be off */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  document.addEventListener("DOMContentLoaded", function () {
    makeContentAccessible();
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

  // Markdown output that needs a touch for keyboards and screen readers: a code block wider
  // than the page can be scrolled from the keyboard, and a task-list box is named by its item.
  function makeContentAccessible() {
    var blocks = document.querySelectorAll(".post-content pre");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].scrollWidth > blocks[i].clientWidth) blocks[i].tabIndex = 0;
    }
    var boxes = document.querySelectorAll(".post-content li > input[type=checkbox]");
    for (var j = 0; j < boxes.length; j++) {
      if (!boxes[j].hasAttribute("aria-label")) {
        boxes[j].setAttribute("aria-label", boxes[j].parentNode.textContent.trim());
      }
    }
  }
})();
