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
    followContents();
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

  // The table of contents on a wide screen: style.css shows it open in the margin; `open` is
  // set to match, its summary stops folding it, and the link of the section being read is
  // marked aria-current. Below the width it is the reader's own closed <details>.
  function followContents() {
    var details = document.querySelector(".post-body > .toc > details");
    if (!details || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 75rem)");
    var sync = function () { if (wide.matches) details.open = true; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    details.querySelector("summary").addEventListener("click", function (event) {
      if (wide.matches) event.preventDefault();
    });
    if (!("IntersectionObserver" in window)) return;
    var links = details.querySelectorAll("a[href^='#']");
    var headings = [];
    for (var i = 0; i < links.length; i++) {
      var id = links[i].getAttribute("href").slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* a literal % stays as written */ }
      var heading = document.getElementById(id);
      if (heading) headings.push({ heading: heading, link: links[i] });
    }
    if (!headings.length) return;
    var current = null;
    // The section being read is the last one whose heading is above a line 30% down the
    // window; it changes only when a heading crosses that line, which the observer reports.
    var mark = function () {
      var line = window.innerHeight * 0.3;
      var found = null;
      for (var j = 0; j < headings.length; j++) {
        if (headings[j].heading.getBoundingClientRect().top <= line) found = headings[j].link;
        else break;
      }
      if (found === current) return;
      if (current) current.removeAttribute("aria-current");
      if (found) found.setAttribute("aria-current", "true");
      current = found;
    };
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
    for (var k = 0; k < headings.length; k++) observer.observe(headings[k].heading);
    // A jump (a link, the End key) can carry a heading across the line without its crossing
    // the observed band; the end of a scroll catches that.
    window.addEventListener("scrollend", mark);
    window.addEventListener("hashchange", mark);
  }

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
