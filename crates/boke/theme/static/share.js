// Share buttons of a post: copy the link (Clipboard API, else a selection copy, else a field to
// copy by hand) and the system share sheet where the browser has one. The Weibo and X links work
// without this script.
(function () {
  "use strict";
  function say(box, text) {
    var status = box.querySelector(".share-status");
    if (status) status.textContent = text;
    return status;
  }
  function copyBySelection(text) {
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
  }
  function showForHand(box, button, url) {
    var status = say(box, button.getAttribute("data-copy-failed"));
    if (!status) return;
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = url;
    field.setAttribute("aria-label", button.textContent);
    status.appendChild(field);
    field.focus();
    field.select();
  }
  function bind(box) {
    var copy = box.querySelector(".share-copy");
    if (copy) {
      copy.addEventListener("click", function () {
        var url = copy.getAttribute("data-url");
        var copied = function () { say(box, copy.getAttribute("data-copied")); };
        var fallback = function () {
          if (copyBySelection(url)) copied(); else showForHand(box, copy, url);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(copied, fallback);
        } else {
          fallback();
        }
      });
    }
    var native = box.querySelector(".share-native");
    if (native && typeof navigator.share === "function") {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({
          title: native.getAttribute("data-title"),
          text: native.getAttribute("data-text"),
          url: native.getAttribute("data-url"),
        }).catch(function () { /* the reader closed the share sheet */ });
      });
    }
  }
  var boxes = document.querySelectorAll(".share");
  for (var i = 0; i < boxes.length; i++) bind(boxes[i]);
})();
