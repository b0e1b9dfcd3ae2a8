// Share buttons of a post: copy the link (theme.js's copyText, else a field to copy by hand)
// and the system share sheet where the browser has one. The Weibo and X links work without it.
(function () {
  "use strict";
  function say(box, text) {
    var status = box.querySelector(".share-status");
    if (status) status.textContent = text;
    return status;
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
        window.boke.copyText(url).then(function (done) {
          if (done) say(box, copy.getAttribute("data-copied"));
          else showForHand(box, copy, url);
        });
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
