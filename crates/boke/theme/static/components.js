// Components that need a touch of script, loaded only on pages that use them. Without it,
// tabs read as sections one after another and a video poster is a link to the video's page.
(function () {
  // Video: the player comes from the other host only after the reader asks for it.
  var posters = document.querySelectorAll(".video-poster[data-player]");
  for (var i = 0; i < posters.length; i++) {
    posters[i].setAttribute("role", "button");
    posters[i].addEventListener("click", play);
    posters[i].addEventListener("keydown", function (event) {
      if (event.key === " ") play.call(this, event);
    });
  }
  function play(event) {
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = this.getAttribute("data-player");
    frame.title = this.getAttribute("data-title") || "";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    this.parentNode.replaceChild(frame, this);
    frame.focus();
  }

  // Tabs: a tab list with roles and arrow keys over the panels.
  var groups = document.querySelectorAll("[data-tabs]");
  for (var g = 0; g < groups.length; g++) setUpTabs(groups[g]);
  function setUpTabs(group) {
    var list = group.querySelector("[role=tablist]");
    var tabs = list ? list.querySelectorAll("[role=tab]") : [];
    if (!tabs.length) return;
    list.hidden = false;
    group.classList.add("tabs-ready");
    var select = function (index, focus) {
      for (var t = 0; t < tabs.length; t++) {
        var selected = t === index;
        tabs[t].setAttribute("aria-selected", selected ? "true" : "false");
        tabs[t].tabIndex = selected ? 0 : -1;
        var panel = document.getElementById(tabs[t].getAttribute("aria-controls"));
        if (panel) {
          panel.setAttribute("role", "tabpanel");
          panel.tabIndex = 0;
          panel.hidden = !selected;
        }
      }
      if (focus) tabs[index].focus();
    };
    for (var t = 0; t < tabs.length; t++) {
      (function (index) {
        tabs[index].addEventListener("click", function () { select(index, false); });
        tabs[index].addEventListener("keydown", function (event) {
          var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
          if (next === undefined) return;
          event.preventDefault();
          select((next + tabs.length) % tabs.length, true);
        });
      })(t);
    }
    select(0, false);
  }
})();
