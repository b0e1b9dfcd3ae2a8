// Moderation page: logs in for a session token kept in sessionStorage and sends it as a
// Bearer header (never a cookie), so other sites cannot forge moderator requests.
// Every reader-supplied string is shown with textContent, never as HTML.
"use strict";
(function () {
  var tokenKey = "boke-social-admin";
  var status = "pending";
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $("message").textContent = text; }

  function api(method, path, body) {
    var headers = { "Authorization": "Bearer " + (sessionStorage.getItem(tokenKey) || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (response.status === 401) { sessionStorage.removeItem(tokenKey); show(false); throw new Error("请重新登录 / Please log in again"); }
        if (!response.ok) return response.json().then(function (e) { throw new Error(e.error || response.statusText); });
        return response.status === 204 ? null : response.json();
      });
  }

  function el(tag, text) { var node = document.createElement(tag); if (text !== undefined) node.textContent = text; return node; }

  function button(label, action) {
    var b = el("button", label); b.type = "button";
    b.addEventListener("click", function () { action().then(load).catch(function (e) { say(e.message); }); });
    return b;
  }

  function renderComment(c) {
    var article = el("article");
    var head = el("header", "#" + c.id + " · " + c.author + (c.email ? " <" + c.email + ">" : "") + " · " + c.page +
      " · " + new Date(c.created_at * 1000).toLocaleString() + (c.parent_id ? " · ↩ #" + c.parent_id : ""));
    article.appendChild(head);
    if (c.website) article.appendChild(el("div", c.website));
    article.appendChild(el("pre", c.body));
    var actions = el("div"); actions.className = "actions";
    if (c.status !== "approved") actions.appendChild(button("通过 / Approve", function () { return api("POST", "/api/admin/comments/" + c.id + "/status", { status: "approved" }); }));
    if (c.status !== "spam") actions.appendChild(button("垃圾 / Spam", function () { return api("POST", "/api/admin/comments/" + c.id + "/status", { status: "spam" }); }));
    actions.appendChild(button("删除 / Delete", function () { return api("DELETE", "/api/admin/comments/" + c.id); }));
    actions.appendChild(button("屏蔽 IP / Block IP", function () { return api("POST", "/api/admin/blocks", { kind: "ip", comment_id: c.id }); }));
    if (c.email) actions.appendChild(button("屏蔽邮箱 / Block email", function () { return api("POST", "/api/admin/blocks", { kind: "email", comment_id: c.id }); }));
    article.appendChild(actions);
    return article;
  }

  function load() {
    return api("GET", "/api/admin/comments?status=" + status).then(function (comments) {
      var list = $("list"); list.textContent = "";
      if (!comments.length) list.appendChild(el("p", "没有评论 / Nothing here"));
      comments.forEach(function (c) { list.appendChild(renderComment(c)); });
    }).catch(function (e) { say(e.message); });
  }

  function loadBlocks() {
    api("GET", "/api/admin/blocks").then(function (blocks) {
      var list = $("list"); list.textContent = "";
      if (!blocks.length) list.appendChild(el("p", "屏蔽列表为空 / No blocks"));
      blocks.forEach(function (b) {
        var article = el("article", b.kind + ": " + b.value + " ");
        article.appendChild(button("解除 / Remove", function () { return api("DELETE", "/api/admin/blocks/" + b.id).then(loadBlocks); }));
        list.appendChild(article);
      });
    }).catch(function (e) { say(e.message); });
  }

  function show(loggedIn) { $("login").hidden = loggedIn; $("panel").hidden = !loggedIn; if (loggedIn) load(); }

  $("login").addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/api/admin/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password: $("password").value }) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error); return j; }); })
      .then(function (j) { sessionStorage.setItem(tokenKey, j.token); $("password").value = ""; say(""); show(true); })
      .catch(function (e) { say(e.message); });
  });
  document.querySelectorAll("nav button[data-status]").forEach(function (b) {
    b.addEventListener("click", function () {
      status = b.getAttribute("data-status");
      document.querySelectorAll("nav button[data-status]").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      say(""); load();
    });
  });
  $("show-blocks").addEventListener("click", loadBlocks);
  // The session ends on the server too, so a token copied from this tab stops working.
  $("logout").addEventListener("click", function () {
    api("POST", "/api/admin/logout").catch(function () {}).then(function () {
      sessionStorage.removeItem(tokenKey); $("list").textContent = ""; say(""); show(false);
    });
  });
  show(!!sessionStorage.getItem(tokenKey));
})();
