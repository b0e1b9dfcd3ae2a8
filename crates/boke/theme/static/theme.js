// Colour scheme: follows the system unless the reader chose one; set before first paint. Also
// what every page's content needs from a script: copy buttons on code blocks, keyboard access.
(function () {
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("boke-theme"); } catch (e) { /* storage may be off */ }
  if (stored === "dark" || stored === "light") root.setAttribute("data-theme", stored);
  document.addEventListener("DOMContentLoaded", function () {
    makeContentAccessible();
    addCopyButtons();
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

  // Copies `text`: the Clipboard API where the page is a secure context, else a selection copy.
  // Resolves to whether it worked. share.js copies links with it too.
  function copyText(text) {
    var bySelection = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      return done;
    };
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, bySelection);
    }
    return Promise.resolve(bySelection());
  }
  window.boke = { copyText: copyText };

  // A button on each code block; its result is said in a live region, and when copying is not
  // allowed the code is selected for the reader to copy by hand.
  function addCopyButtons() {
    var main = document.getElementById("main");
    var blocks = document.querySelectorAll(".post-content pre > code");
    if (!main || !blocks.length) return;
    var label = main.getAttribute("data-copy-code") || "Copy";
    var status = document.createElement("span");
    status.className = "visually-hidden code-copy-status";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    var say = function (text) { status.textContent = ""; status.textContent = text; };
    for (var i = 0; i < blocks.length; i++) {
      var code = blocks[i];
      var pre = code.parentNode;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.textContent = label;
      var caption = pre.parentNode.matches("figure.code") && pre.parentNode.querySelector("figcaption");
      if (caption) {
        caption.appendChild(button);
      } else {
        var box = document.createElement("div");
        box.className = "code-box";
        pre.parentNode.insertBefore(box, pre);
        box.appendChild(pre);
        box.appendChild(button);
      }
      button.addEventListener("click", copyBlock(code, button, label, main, say));
    }
  }

  function copyBlock(code, button, label, main, say) {
    var timer = null;
    return function () {
      copyText(code.textContent).then(function (done) {
        if (done) {
          var copied = main.getAttribute("data-code-copied") || "Copied";
          button.textContent = copied;
          say(copied);
          clearTimeout(timer);
          timer = setTimeout(function () { button.textContent = label; }, 2000);
        } else {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          say(main.getAttribute("data-code-copy-failed") || "");
        }
      });
    };
  }
})();
