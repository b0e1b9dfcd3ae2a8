/* boke social: comments, reactions, page views and the subscribe form, talking to a
 * `boke social serve` endpoint. Plain JS, no dependencies. When the service cannot be
 * reached, every container stays as the page rendered it (with its reserved space), and
 * nothing is thrown. Comment HTML arrives sanitized by the service (Markdown with raw HTML
 * off, then an allow-list); every other reader-supplied string is set as text. */
(function () {
  "use strict";

  var STRINGS = {
    "zh-CN": {
      reactions: "表态", views: "阅读", comments: "条评论", name: "昵称", email: "邮箱（选填，不公开，用于回复提醒）",
      website: "网站（选填）", text: "评论（支持 Markdown）", submit: "发表评论", sending: "发送中…",
      pending: "谢谢！评论审核后显示。", approved: "评论已发表。", failed: "发送失败：", reply: "回复",
      cancel: "取消回复", replyingTo: "回复 ", newest: "最新在前", oldest: "最早在前", more: "加载更多评论",
      none: "还没有评论，来说两句吧。", anonymous: "匿名", subscribe: "订阅新文章", subscribeEmail: "邮箱地址",
      subscribeButton: "订阅", subscribed: "请查收确认邮件，点击其中的链接完成订阅。", leave: "发表评论",
      unavailable: "评论服务暂时无法连接。", honeypot: "请勿填写此项", order: "排序"
    },
    en: {
      reactions: "Reactions", views: "views", comments: "comments", name: "Name", email: "Email (optional, never shown; for reply notices)",
      website: "Website (optional)", text: "Comment (Markdown)", submit: "Post comment", sending: "Sending…",
      pending: "Thanks! Your comment will appear after review.", approved: "Your comment is posted.", failed: "Could not send: ",
      reply: "Reply", cancel: "Cancel reply", replyingTo: "Replying to ", newest: "Newest first", oldest: "Oldest first",
      more: "Load more comments", none: "No comments yet.", anonymous: "Anonymous", subscribe: "Subscribe to new posts",
      subscribeEmail: "Email address", subscribeButton: "Subscribe", subscribed: "Check your inbox and open the confirmation link.",
      leave: "Leave a comment", unavailable: "Comments are unavailable right now.", honeypot: "Leave this empty", order: "Order"
    }
  };
  var PAGE_SIZE = 20;
  var uid = 0;

  function strings(lang) { return /^zh/i.test(lang || "") ? STRINGS["zh-CN"] : STRINGS.en; }
  function clean(endpoint) { return String(endpoint || "").replace(/\/+$/, ""); }

  function api(endpoint, method, path, body) {
    var options = { method: method, headers: {}, credentials: "omit", mode: "cors" };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(clean(endpoint) + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(data.error || String(response.status)); error.status = response.status; throw error; }
        return data;
      });
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function field(form, t, name, label, type, required) {
    var id = "social-" + name + "-" + (++uid);
    var wrap = el("p", { "class": "social-field social-field-" + name });
    wrap.appendChild(el("label", { "for": id }, label));
    var input = type === "textarea"
      ? el("textarea", { id: id, name: name, rows: "5", maxlength: "5000" })
      : el("input", { id: id, name: name, type: type, autocomplete: { author: "nickname", email: "email", website: "url" }[name] || "off" });
    if (required) input.required = true;
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  function honeypot(form, t) {
    var id = "social-homepage-" + (++uid);
    var wrap = el("div", { "class": "social-hp", "aria-hidden": "true" });
    wrap.appendChild(el("label", { "for": id }, t.honeypot));
    wrap.appendChild(el("input", { id: id, name: "homepage", type: "text", tabindex: "-1", autocomplete: "off" }));
    form.appendChild(wrap);
  }

  function formatDate(seconds, lang) {
    var date = new Date(seconds * 1000);
    try { return date.toLocaleDateString(lang || undefined, { year: "numeric", month: "long", day: "numeric" }); }
    catch (e) { return date.toISOString().slice(0, 10); }
  }

  /* ---- reactions and views ---- */
  function reactionsBar(root, endpoint, page, t) {
    var bar = el("div", { "class": "social-reactions", role: "group", "aria-label": t.reactions });
    var views = el("span", { "class": "social-views" });
    root.appendChild(bar);
    function paint(data) {
      bar.textContent = "";
      (data.kinds || []).forEach(function (kind) {
        var count = (data.counts && data.counts[kind.key]) || 0;
        var button = el("button", { type: "button", "class": "social-reaction", "aria-pressed": String(data.mine === kind.key), "data-kind": kind.key, title: kind.key });
        button.appendChild(el("span", { "aria-hidden": "true" }, kind.emoji));
        button.appendChild(el("span", { "class": "social-reaction-count" }, String(count)));
        button.setAttribute("aria-label", kind.key + " " + count);
        button.addEventListener("click", function () {
          api(endpoint, "POST", "/api/reactions", { page: page, kind: data.mine === kind.key ? null : kind.key }).then(paint).catch(function () {});
        });
        bar.appendChild(button);
      });
      bar.appendChild(views);
    }
    api(endpoint, "GET", "/api/reactions?page=" + encodeURIComponent(page)).then(paint).catch(function () {});
    var seenKey = "boke-social-viewed:" + page;
    var seen = false;
    try { seen = sessionStorage.getItem(seenKey) === "1"; sessionStorage.setItem(seenKey, "1"); } catch (e) { seen = false; }
    var request = seen
      ? api(endpoint, "GET", "/api/counts?page=" + encodeURIComponent(page)).then(function (counts) { return { views: (counts[page] || {}).views || 0 }; })
      : api(endpoint, "POST", "/api/views", { page: page });
    request.then(function (data) { views.textContent = data.views + " " + t.views; }).catch(function () {});
  }

  /* ---- comments ---- */
  function renderComment(comment, t, lang, onReply) {
    var item = el("li", { id: "comment-" + comment.id, "class": "social-comment" });
    var article = el("article", { "aria-labelledby": "comment-" + comment.id + "-author" });
    var header = el("header", { "class": "social-comment-meta" });
    var author = comment.website
      ? el("a", { href: comment.website, rel: "nofollow ugc noopener noreferrer", id: "comment-" + comment.id + "-author" }, comment.author)
      : el("strong", { id: "comment-" + comment.id + "-author" }, comment.author);
    header.appendChild(author);
    var time = el("time", { datetime: new Date(comment.created_at * 1000).toISOString() }, formatDate(comment.created_at, lang));
    header.appendChild(time);
    article.appendChild(header);
    var body = el("div", { "class": "social-comment-body" });
    body.innerHTML = comment.html; // sanitized by the service's allow-list
    article.appendChild(body);
    var reply = el("button", { type: "button", "class": "social-reply" }, t.reply);
    reply.addEventListener("click", function () { onReply(comment, item); });
    article.appendChild(reply);
    item.appendChild(article);
    if (comment.replies && comment.replies.length) {
      var list = el("ol", { "class": "social-replies" });
      comment.replies.forEach(function (child) { list.appendChild(renderComment(child, t, lang, onReply)); });
      item.appendChild(list);
    }
    return item;
  }

  function commentsSection(root, endpoint, page, t, lang) {
    var state = { order: "oldest", offset: 0, parent: null };
    var toolbar = el("div", { "class": "social-toolbar" });
    var summary = el("span", { "class": "social-summary" });
    var order = el("select", { "aria-label": t.order });
    order.appendChild(el("option", { value: "oldest" }, t.oldest));
    order.appendChild(el("option", { value: "newest" }, t.newest));
    toolbar.appendChild(summary);
    toolbar.appendChild(order);
    var list = el("ol", { "class": "social-comments" });
    var more = el("button", { type: "button", "class": "social-more", hidden: "" }, t.more);
    var form = el("form", { "class": "social-form", novalidate: "" });
    var formHeading = el("h3", { "class": "social-form-heading" }, t.leave);
    form.appendChild(formHeading);
    var replying = el("p", { "class": "social-replying", hidden: "" });
    var cancel = el("button", { type: "button", "class": "social-cancel" }, t.cancel);
    form.appendChild(replying);
    var author = field(form, t, "author", t.name, "text", false);
    var email = field(form, t, "email", t.email, "email", false);
    var website = field(form, t, "website", t.website, "url", false);
    var text = field(form, t, "body", t.text, "textarea", true);
    honeypot(form, t);
    var submit = el("button", { type: "submit", "class": "social-submit" }, t.submit);
    var status = el("p", { "class": "social-status", role: "status", "aria-live": "polite" });
    form.appendChild(submit);
    form.appendChild(status);
    try {
      var saved = JSON.parse(localStorage.getItem("boke-social-author") || "{}");
      author.value = saved.author || ""; email.value = saved.email || ""; website.value = saved.website || "";
    } catch (e) { /* storage may be disabled */ }

    function setParent(comment, item) {
      state.parent = comment;
      replying.hidden = !comment;
      replying.textContent = comment ? t.replyingTo + comment.author + " " : "";
      if (comment) { replying.appendChild(cancel); item.appendChild(form); text.focus(); }
      else { root.appendChild(form); }
    }
    cancel.addEventListener("click", function () { setParent(null); });

    function load(reset) {
      if (reset) { state.offset = 0; }
      var query = "/api/comments?page=" + encodeURIComponent(page) + "&order=" + state.order + "&offset=" + state.offset + "&limit=" + PAGE_SIZE;
      return api(endpoint, "GET", query).then(function (data) {
        if (reset) list.textContent = "";
        summary.textContent = data.total + " " + t.comments;
        if (!data.total) list.appendChild(el("li", { "class": "social-empty" }, t.none));
        data.comments.forEach(function (comment) { list.appendChild(renderComment(comment, t, lang, setParent)); });
        state.offset += data.comments.length;
        more.hidden = state.offset >= data.threads;
      });
    }
    order.addEventListener("change", function () { state.order = order.value; load(true).catch(function () {}); });
    more.addEventListener("click", function () { load(false).catch(function () {}); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) { text.focus(); return; }
      submit.disabled = true;
      status.textContent = t.sending;
      var body = {
        page: page, author: author.value, email: email.value, website: website.value, body: text.value,
        parent_id: state.parent ? state.parent.id : null, homepage: form.elements.homepage.value
      };
      try { localStorage.setItem("boke-social-author", JSON.stringify({ author: author.value, email: email.value, website: website.value })); } catch (e) { /* ignore */ }
      api(endpoint, "POST", "/api/comments", body).then(function (result) {
        status.textContent = result.status === "approved" ? t.approved : t.pending;
        text.value = "";
        setParent(null);
        if (result.status === "approved") return load(true);
      }).catch(function (error) {
        status.textContent = t.failed + error.message;
      }).then(function () { submit.disabled = false; });
    });

    return load(true).then(function () {
      root.appendChild(toolbar);
      root.appendChild(list);
      root.appendChild(more);
      root.appendChild(form);
    });
  }

  function initComments(root) {
    var endpoint = root.getAttribute("data-endpoint");
    var page = root.getAttribute("data-page");
    if (!endpoint || !page || !window.fetch) return;
    var lang = root.getAttribute("data-lang") || document.documentElement.lang || "zh-CN";
    var t = strings(lang);
    root.classList.add("social-loading");
    reactionsBar(root, endpoint, page, t);
    commentsSection(root, endpoint, page, t, lang).catch(function () {
      var note = el("p", { "class": "social-unavailable" }, t.unavailable);
      root.appendChild(note);
    }).then(function () { root.classList.remove("social-loading"); });
  }

  /* ---- subscribe ---- */
  function initSubscribe(root) {
    var endpoint = root.getAttribute("data-endpoint");
    if (!endpoint || !window.fetch || root.querySelector("form")) return;
    var lang = root.getAttribute("data-lang") || document.documentElement.lang || "zh-CN";
    var t = strings(lang);
    var form = el("form", { "class": "subscribe-form" });
    form.appendChild(el("p", { "class": "subscribe-title" }, t.subscribe));
    var email = field(form, t, "subscribe-email", t.subscribeEmail, "email", true);
    honeypot(form, t);
    var button = el("button", { type: "submit" }, t.subscribeButton);
    var status = el("p", { "class": "social-status", role: "status", "aria-live": "polite" });
    form.appendChild(button);
    form.appendChild(status);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      api(endpoint, "POST", "/api/subscribe", { email: email.value, lang: lang, homepage: form.elements.homepage.value })
        .then(function () { status.textContent = t.subscribed; email.value = ""; })
        .catch(function (error) { status.textContent = t.failed + error.message; })
        .then(function () { button.disabled = false; });
    });
    root.appendChild(form);
  }

  /* ---- counts on list pages ---- */
  function initCounts() {
    var spans = document.querySelectorAll(".comment-count[data-page], .view-count[data-page]");
    if (!spans.length || !window.fetch) return;
    var source = document.querySelector("[data-endpoint]");
    var endpoint = source && source.getAttribute("data-endpoint");
    if (!endpoint) return;
    var pages = [];
    Array.prototype.forEach.call(spans, function (span) {
      var page = span.getAttribute("data-page");
      if (pages.indexOf(page) < 0 && pages.length < 100) pages.push(page);
    });
    var query = pages.map(function (page) { return "page=" + encodeURIComponent(page); }).join("&");
    api(endpoint, "GET", "/api/counts?" + query).then(function (counts) {
      Array.prototype.forEach.call(spans, function (span) {
        var entry = counts[span.getAttribute("data-page")];
        if (!entry) return;
        span.textContent = String(span.classList.contains("comment-count") ? entry.comments : entry.views);
      });
    }).catch(function () {});
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("section.social[data-endpoint]"), initComments);
    Array.prototype.forEach.call(document.querySelectorAll(".subscribe[data-endpoint]"), initSubscribe);
    initCounts();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
