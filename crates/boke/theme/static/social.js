/* boke social: comments, reactions, page views and the subscribe form, talking to the
 * `boke social serve` endpoint named on this script's data-endpoint. Plain JS, no dependencies.
 * The page renders every container with its space reserved; this script only fills them.
 * When the service cannot be reached or is slow, requests give up after a few seconds, a
 * quiet note replaces the loading line, and nothing is thrown. Comment HTML arrives sanitized
 * by the service (Markdown with raw HTML off, then an allow-list); every other string a reader
 * sent is set as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  var ENDPOINT = String((script && script.getAttribute("data-endpoint")) || "").replace(/\/+$/, "");
  /* Reads give up sooner than writes: a reader waits for a comment they sent, not for a list. */
  var READ_TIMEOUT_MS = 6000;
  var WRITE_TIMEOUT_MS = 15000;
  var PAGE_SIZE = 20;

  var STRINGS = {
    "zh-CN": {
      reactions: "表态", name: "昵称", email: "邮箱（选填，不公开）",
      website: "网站（选填）", text: "评论（支持 Markdown）", submit: "发表评论", sending: "正在发送……",
      pending: "谢谢！评论审核通过后就会显示。", approved: "评论已发表。", failed: "没有发送成功：", reply: "回复",
      cancel: "取消回复", replyingTo: "回复 ", newest: "最新在前", oldest: "最早在前", more: "载入更多评论",
      none: "还没有评论，来说两句吧。", leave: "发表评论", honeypot: "请勿填写此项", order: "排序",
      count: "{n} 条评论", unavailable: "评论服务暂时连不上，文章不受影响，稍后再来看看。",
      subscribed: "请查收确认邮件，点开其中的链接即完成订阅。", unreachable: "服务暂时连不上，请稍后再试",
      required: "请先写点什么。", emoji: "表情", emojiPanel: "选择表情", from: "来自 ", checking: "正在验证浏览器……",
      github: "用 GitHub 登录（登录后发的评论无需审核）", byEmail: "用邮箱验证（发一封登录链接）",
      linkSent: "请查收邮件，打开其中的链接即可登录。", emailFirst: "请先填写邮箱。",
      kinds: { like: "赞", love: "喜欢", laugh: "哈哈", hooray: "撒花", thinking: "思考", eyes: "关注" }
    },
    en: {
      reactions: "Reactions", name: "Name", email: "Email (optional, never shown)",
      website: "Website (optional)", text: "Comment (Markdown)", submit: "Post comment", sending: "Sending…",
      pending: "Thanks! Your comment will appear after review.", approved: "Your comment is posted.", failed: "Not sent: ",
      reply: "Reply", cancel: "Cancel reply", replyingTo: "Replying to ", newest: "Newest first", oldest: "Oldest first",
      more: "Load more comments", none: "No comments yet.", leave: "Leave a comment", honeypot: "Leave this empty",
      order: "Order", count: "{n} comments", unavailable: "Comments cannot be reached right now; the post is all here.",
      subscribed: "Check your inbox and open the confirmation link.", unreachable: "the service cannot be reached; try again later",
      required: "Write something first.", emoji: "Emoji", emojiPanel: "Choose an emoji", from: "from ", checking: "Checking this browser…",
      github: "Sign in with GitHub (your comments then need no review)", byEmail: "Verify by email (get a sign-in link)",
      linkSent: "Check your inbox and open the link to sign in.", emailFirst: "Fill in your email first.",
      kinds: { like: "Like", love: "Love", laugh: "Laugh", hooray: "Hooray", thinking: "Thinking", eyes: "Watching" }
    }
  };
  var uid = 0;

  function strings(lang) { return /^zh/i.test(lang || "") ? STRINGS["zh-CN"] : STRINGS.en; }
  function pageLang(node) { return (node && node.getAttribute("data-lang")) || document.documentElement.lang || "zh-CN"; }

  /* One JSON call; rejects with an Error whose message is the service's or a network note. */
  function api(method, path, body, timeout) {
    var options = { method: method, headers: {}, credentials: "omit", mode: "cors" };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    var timer = null;
    if (window.AbortController) {
      var controller = new AbortController();
      options.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, timeout || READ_TIMEOUT_MS);
    }
    return fetch(ENDPOINT + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(data.error || String(response.status)); error.status = response.status; throw error; }
        return data;
      });
    }, function () {
      var error = new Error("unreachable"); error.unreachable = true; throw error;
    }).then(function (data) { clearTimeout(timer); return data; }, function (error) { clearTimeout(timer); throw error; });
  }

  function failure(t, error) { return t.failed + (error && error.unreachable ? t.unreachable : (error && error.message) || ""); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function field(form, name, label, type, autocomplete) {
    var id = "social-" + name + "-" + (++uid);
    var wrap = el("p", { "class": "social-field social-field-" + name });
    wrap.appendChild(el("label", { "for": id }, label));
    var input = type === "textarea"
      ? el("textarea", { id: id, name: name, rows: "5", maxlength: "5000" })
      : el("input", { id: id, name: name, type: type, autocomplete: autocomplete || "off" });
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

  /* ---- reactions ---- */
  function reactionsBar(t, page) {
    var bar = el("div", { "class": "social-reactions", role: "group", "aria-label": t.reactions });
    function paint(data) {
      bar.textContent = "";
      (data.kinds || []).forEach(function (kind) {
        var count = (data.counts && data.counts[kind.key]) || 0;
        var name = t.kinds[kind.key] || kind.key;
        var button = el("button", {
          type: "button", "class": "social-reaction", "aria-pressed": String(data.mine === kind.key),
          "data-kind": kind.key
        });
        button.appendChild(el("span", { "class": "social-reaction-emoji", "aria-hidden": "true" }, kind.emoji));
        button.appendChild(el("span", { "class": "social-reaction-name" }, name));
        button.appendChild(el("span", { "class": "social-reaction-count" }, String(count)));
        button.addEventListener("click", function () {
          button.disabled = true;
          api("POST", "/api/reactions", { page: page, kind: data.mine === kind.key ? null : kind.key }, WRITE_TIMEOUT_MS)
            .then(paint, function () { button.disabled = false; });
        });
        bar.appendChild(button);
      });
    }
    return { node: bar, load: function () { return api("GET", "/api/reactions?page=" + encodeURIComponent(page)).then(paint); } };
  }

  /* ---- emoji: the site's packs (`[social] emoji`), pictures written as :code: ---- */
  var NO_EMOJI = { packs: [], pictures: {} };

  /* The packs at the section's data-emoji, from the site itself; none when absent or broken. */
  function loadEmoji(section) {
    var url = section.getAttribute("data-emoji");
    if (!url) return Promise.resolve(NO_EMOJI);
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (packs) {
      var pictures = {};
      packs.forEach(function (pack) {
        pack.items.forEach(function (item) { if (item.kind === "image") pictures[item.code] = item.src; });
      });
      return { packs: packs, pictures: pictures };
    }).catch(function () { return NO_EMOJI; });
  }

  function emojiImage(code, src) {
    return el("img", { "class": "social-emoji", src: src, alt: code, title: code, width: "28", height: "28", loading: "lazy", decoding: "async" });
  }

  /* Replaces each :code: of a known picture in the comment's text (not inside code) by it. */
  function showEmoji(body, pictures) {
    if (!body.textContent.includes(":")) return;
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentNode.closest("code, pre")) nodes.push(walker.currentNode);
    }
    nodes.forEach(function (node) {
      var parts = node.nodeValue.split(/:([^:\s]{1,40}):/);
      if (parts.length < 3) return;
      var fragment = document.createDocumentFragment();
      var changed = false;
      parts.forEach(function (part, index) {
        if (index % 2 === 1 && Object.prototype.hasOwnProperty.call(pictures, part)) {
          fragment.appendChild(emojiImage(part, pictures[part]));
          changed = true;
        } else {
          fragment.appendChild(document.createTextNode(index % 2 === 1 ? ":" + part + ":" : part));
        }
      });
      if (changed) node.parentNode.replaceChild(fragment, node);
    });
  }

  /* A button that opens the packs under the form; a pick goes in at the caret. */
  function emojiPicker(emoji, textarea, t) {
    var wrap = el("div", { "class": "social-emoji-picker" });
    var panelId = "social-emoji-" + (++uid);
    var toggle = el("button", { type: "button", "class": "social-emoji-toggle", "aria-expanded": "false", "aria-controls": panelId }, t.emoji);
    var panel = el("div", { id: panelId, "class": "social-emoji-panel", role: "group", "aria-label": t.emojiPanel, hidden: "" });
    var tabs = el("div", { "class": "social-emoji-tabs" });
    var grids = [];
    emoji.packs.forEach(function (pack, index) {
      var tab = el("button", { type: "button", "class": "social-emoji-tab", "aria-pressed": index ? "false" : "true" }, pack.name);
      var wide = pack.items.some(function (item) { return item.kind === "text" && item.text.length > 2; });
      var grid = el("div", { "class": "social-emoji-grid" + (wide ? " is-wide" : "") });
      if (index) grid.hidden = true;
      pack.items.forEach(function (item) {
        var picture = item.kind === "image";
        var button = el("button", { type: "button", "class": "social-emoji-item", title: picture ? item.code : item.label }, picture ? "" : item.text);
        if (picture) button.appendChild(emojiImage(item.code, item.src));
        button.addEventListener("click", function () { insertAtCaret(textarea, picture ? ":" + item.code + ":" : item.text); });
        grid.appendChild(button);
      });
      tab.addEventListener("click", function () {
        grids.forEach(function (other, at) { other.hidden = at !== index; });
        Array.prototype.forEach.call(tabs.children, function (other) { other.setAttribute("aria-pressed", other === tab ? "true" : "false"); });
      });
      tabs.appendChild(tab);
      grids.push(grid);
    });
    if (emoji.packs.length > 1) panel.appendChild(tabs);
    grids.forEach(function (grid) { panel.appendChild(grid); });
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
    });
    wrap.appendChild(toggle);
    wrap.appendChild(panel);
    return wrap;
  }

  function insertAtCaret(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + text.length;
    textarea.focus();
  }

  /* ---- comments ---- */
  /* A commenter's picture: a 5×5 mirrored pattern drawn from the service's salted seed (no
   * request to anyone), or the operator's picture service, falling back to the pattern. */
  function pattern(seed) {
    var SVG = "http://www.w3.org/2000/svg";
    var bits = parseInt(String(seed).slice(0, 8), 16) || 0;
    var hue = (parseInt(String(seed).slice(8, 12), 16) || 0) % 360;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 5 5");
    svg.setAttribute("class", "social-avatar");
    svg.setAttribute("aria-hidden", "true");
    var back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", "5"); back.setAttribute("height", "5"); back.setAttribute("fill", "hsl(" + hue + ",45%,92%)");
    svg.appendChild(back);
    for (var cell = 0; cell < 15; cell++) {
      if (!((bits >>> cell) & 1)) continue;
      var x = Math.floor(cell / 5), y = cell % 5;
      [x, 4 - x].forEach(function (column, i) {
        if (i && column === x) return;
        var dot = document.createElementNS(SVG, "rect");
        dot.setAttribute("x", String(column)); dot.setAttribute("y", String(y));
        dot.setAttribute("width", "1"); dot.setAttribute("height", "1"); dot.setAttribute("fill", "hsl(" + hue + ",55%,45%)");
        svg.appendChild(dot);
      });
    }
    return svg;
  }

  function avatar(comment) {
    if (!comment.avatar_url) return pattern(comment.avatar || "");
    var image = el("img", { "class": "social-avatar", src: comment.avatar_url, alt: "", width: "28", height: "28", loading: "lazy", referrerpolicy: "no-referrer" });
    image.addEventListener("error", function () { if (image.parentNode) image.parentNode.replaceChild(pattern(comment.avatar || ""), image); });
    return image;
  }

  function renderComment(comment, t, lang, onReply, pictures) {
    var item = el("li", { id: "comment-" + comment.id, "class": "social-comment" });
    var article = el("article", { "aria-labelledby": "comment-" + comment.id + "-author" });
    var header = el("header", { "class": "social-comment-meta" });
    var author = comment.website
      ? el("a", { href: comment.website, rel: "nofollow ugc noopener noreferrer", id: "comment-" + comment.id + "-author", "class": "social-comment-author" }, comment.author)
      : el("span", { id: "comment-" + comment.id + "-author", "class": "social-comment-author" }, comment.author);
    header.appendChild(avatar(comment));
    header.appendChild(author);
    header.appendChild(el("time", { datetime: new Date(comment.created_at * 1000).toISOString() }, formatDate(comment.created_at, lang)));
    // IP属地, present when the service has a region database (region names stay as stored).
    if (comment.region) header.appendChild(el("span", { "class": "social-comment-region" }, t.from + comment.region));
    // Present only when the service shows them (boke social serve --show-user-agent).
    var agent = [comment.browser, comment.os].filter(function (part) { return part; }).join(" · ");
    if (agent) header.appendChild(el("span", { "class": "social-comment-agent" }, agent));
    article.appendChild(header);
    var body = el("div", { "class": "social-comment-body" });
    body.innerHTML = comment.html; // sanitized by the service's allow-list
    showEmoji(body, pictures);
    article.appendChild(body);
    var reply = el("button", { type: "button", "class": "social-reply" }, t.reply);
    reply.addEventListener("click", function () { onReply(comment, item); });
    article.appendChild(reply);
    item.appendChild(article);
    if (comment.replies && comment.replies.length) {
      var list = el("ol", { "class": "social-replies" });
      comment.replies.forEach(function (child) { list.appendChild(renderComment(child, t, lang, onReply, pictures)); });
      item.appendChild(list);
    }
    return item;
  }

  /* ---- the checks a new comment passes: a proof of work, a Turnstile widget ---- */
  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer), bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i]) return bits + Math.clz32(bytes[i]) - 24;
      bits += 8;
    }
    return bits;
  }

  /* Finds a nonce whose SHA-256 of "challenge:nonce" starts with `bits` zero bits. Digests go
   * in batches, one await a batch: an await per hash costs a phone more than the hash. */
  function solve(pow) {
    var encoder = new TextEncoder(), prefix = pow.challenge + ":", BATCH = 512, start = 0;
    function round() {
      var jobs = [];
      for (var n = start; n < start + BATCH; n++) jobs.push(crypto.subtle.digest("SHA-256", encoder.encode(prefix + n)));
      return Promise.all(jobs).then(function (hashes) {
        for (var i = 0; i < hashes.length; i++) if (zeroBits(hashes[i]) >= pow.bits) return String(start + i);
        start += BATCH;
        return round();
      });
    }
    return round();
  }

  /* What `/api/challenge` asks for. The first answer arrives with the comments; solving starts
   * when the reader turns to the form, so readers who only read spend nothing. */
  function commentGuard(page, t) {
    var offered = null, solving = null, widget = null;
    var box = el("div", { "class": "social-turnstile", hidden: "" });
    var signIn = el("a", { "class": "social-sign-in", hidden: "" }, t.github);
    var byEmail = el("button", { type: "button", "class": "social-sign-in", hidden: "" }, t.byEmail);
    function fresh() {
      var pow = offered && offered.pow;
      offered = null;
      if (pow && pow.expires_at * 1000 > Date.now() + 60000) return Promise.resolve({ pow: pow });
      return api("GET", "/api/challenge");
    }
    function prepare() {
      if (!solving) {
        solving = fresh().then(function (data) {
          if (!data.pow) return null;
          if (!window.crypto || !crypto.subtle) throw new Error("SubtleCrypto");
          return solve(data.pow).then(function (nonce) { return { challenge: data.pow.challenge, nonce: nonce, expires_at: data.pow.expires_at }; });
        });
        solving.catch(function () { solving = null; });
      }
      return solving;
    }
    function showTurnstile(sitekey) {
      box.hidden = false;
      window.bokeTurnstileReady = function () {
        widget = window.turnstile.render(box, { sitekey: sitekey, language: /^zh/i.test(document.documentElement.lang) ? "zh-cn" : "auto" });
      };
      var tag = document.createElement("script");
      tag.src = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit&onload=bokeTurnstileReady";
      tag.async = true;
      document.head.appendChild(tag);
    }
    return {
      node: box,
      signIn: signIn,
      byEmail: byEmail,
      offer: function (data) {
        offered = data || {};
        if (offered.turnstile && offered.turnstile.sitekey) showTurnstile(offered.turnstile.sitekey);
        // The service sends the reader back here with their commenter secret in the fragment.
        if (offered.sign_in && offered.sign_in.github) { signIn.href = offered.sign_in.github + "?page=" + encodeURIComponent(page); signIn.hidden = false; }
        if (offered.sign_in && offered.sign_in.email) byEmail.hidden = false;
      },
      prepare: function () { prepare().catch(function () {}); },
      /* The fields to send with one comment; each answer serves one comment. */
      answer: function () {
        return prepare().then(function (pow) {
          solving = null;
          if (pow && pow.expires_at * 1000 < Date.now() + 5000) return this.answer();
          var fields = { pow: pow ? { challenge: pow.challenge, nonce: pow.nonce } : null };
          if (widget !== null && window.turnstile) { fields.turnstile = window.turnstile.getResponse(widget) || ""; window.turnstile.reset(widget); }
          return fields;
        }.bind(this));
      }
    };
  }

  function commentForm(section, page, t, afterPost, guard, emoji) {
    var form = el("form", { "class": "social-form", novalidate: "" });
    form.appendChild(el("h3", { "class": "social-form-heading" }, t.leave));
    form.appendChild(guard.signIn);
    var replying = el("p", { "class": "social-replying", hidden: "" });
    var cancel = el("button", { type: "button", "class": "social-cancel" }, t.cancel);
    form.appendChild(replying);
    var fields = el("div", { "class": "social-fields" });
    form.appendChild(fields);
    var author = field(fields, "author", t.name, "text", "nickname");
    var email = field(fields, "email", t.email, "email", "email");
    var website = field(fields, "website", t.website, "url", "url");
    var text = field(form, "body", t.text, "textarea");
    if (emoji.packs.length) form.appendChild(emojiPicker(emoji, text, t));
    form.appendChild(guard.node);
    form.addEventListener("focusin", guard.prepare);
    honeypot(form, t);
    var actions = el("div", { "class": "social-actions" });
    var submit = el("button", { type: "submit", "class": "social-submit" }, t.submit);
    var status = el("p", { "class": "social-status", role: "status", "aria-live": "polite" });
    actions.appendChild(submit);
    actions.appendChild(guard.byEmail);
    actions.appendChild(status);
    form.appendChild(actions);
    guard.byEmail.addEventListener("click", function () {
      if (!email.value || !email.checkValidity()) { status.textContent = t.emailFirst; email.focus(); return; }
      guard.byEmail.disabled = true;
      api("POST", "/api/auth/email", { email: email.value, page: page, lang: pageLang(section) }, WRITE_TIMEOUT_MS)
        .then(function () { status.textContent = t.linkSent; }, function (error) { status.textContent = failure(t, error); })
        .then(function () { guard.byEmail.disabled = false; });
    });
    try {
      var saved = JSON.parse(localStorage.getItem("boke-social-author") || "{}");
      author.value = saved.author || ""; email.value = saved.email || ""; website.value = saved.website || "";
    } catch (e) { /* storage may be disabled */ }

    var parent = null;
    function replyTo(comment, item) {
      parent = comment;
      replying.hidden = !comment;
      replying.textContent = comment ? t.replyingTo + comment.author + " " : "";
      if (comment) { replying.appendChild(cancel); item.appendChild(form); text.focus(); }
      else { section.appendChild(form); }
    }
    cancel.addEventListener("click", function () { replyTo(null); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) { status.textContent = t.required; text.focus(); return; }
      submit.disabled = true;
      status.textContent = t.sending;
      var body = {
        page: page, author: author.value, email: email.value, website: website.value, body: text.value,
        parent_id: parent ? parent.id : null, homepage: form.elements.homepage.value
      };
      // The secret the service gave this browser with its first comment: once a moderator
      // approves one comment, it is what lets the next ones through (an email proves nothing).
      try { body.commenter = localStorage.getItem("boke-social-commenter") || null; } catch (e) { /* ignore */ }
      try { localStorage.setItem("boke-social-author", JSON.stringify({ author: author.value, email: email.value, website: website.value })); } catch (e) { /* ignore */ }
      var checked = false;
      setTimeout(function () { if (!checked) status.textContent = t.checking; }, 300);
      guard.answer().then(function (fields) {
        checked = true;
        status.textContent = t.sending;
        body.pow = fields.pow;
        if (fields.turnstile !== undefined) body.turnstile = fields.turnstile;
        return api("POST", "/api/comments", body, WRITE_TIMEOUT_MS);
      }).then(function (result) {
        try { if (result.commenter) localStorage.setItem("boke-social-commenter", result.commenter); } catch (e) { /* ignore */ }
        text.value = "";
        replyTo(null);
        status.textContent = result.status === "approved" ? t.approved : t.pending;
        if (result.status === "approved") return afterPost();
      }).catch(function (error) {
        checked = true;
        status.textContent = failure(t, error);
      }).then(function () { submit.disabled = false; });
    });
    return { node: form, replyTo: replyTo };
  }

  function initComments(section) {
    var page = section.getAttribute("data-page");
    var lang = pageLang(section);
    var t = strings(lang);
    var note = section.querySelector(".social-note");
    note.textContent = note.getAttribute("data-loading") || "";
    var state = { order: "oldest", offset: 0 };
    var reactions = reactionsBar(t, page);
    var toolbar = el("div", { "class": "social-toolbar" });
    var summary = el("p", { "class": "social-summary" });
    var order = el("select", { "aria-label": t.order });
    order.appendChild(el("option", { value: "oldest" }, t.oldest));
    order.appendChild(el("option", { value: "newest" }, t.newest));
    toolbar.appendChild(summary);
    toolbar.appendChild(order);
    var list = el("ol", { "class": "social-comments" });
    var more = el("button", { type: "button", "class": "social-more", hidden: "" }, t.more);
    var form;
    var emoji = NO_EMOJI;

    function load(reset) {
      if (reset) state.offset = 0;
      var query = "/api/comments?page=" + encodeURIComponent(page) + "&order=" + state.order + "&offset=" + state.offset + "&limit=" + PAGE_SIZE;
      return api("GET", query).then(function (data) {
        if (reset) list.textContent = "";
        summary.textContent = t.count.replace("{n}", data.total);
        if (!data.total) list.appendChild(el("li", { "class": "social-empty" }, t.none));
        data.comments.forEach(function (comment) { list.appendChild(renderComment(comment, t, lang, form.replyTo, emoji.pictures)); });
        state.offset += data.comments.length;
        more.hidden = state.offset >= data.threads;
        fillCounts(page, { comments: data.total });
      });
    }
    var guard = commentGuard(page, t);
    order.addEventListener("change", function () { state.order = order.value; load(true).catch(function () {}); });
    more.addEventListener("click", function () { load(false).catch(function () {}); });

    /* Both reads must answer before anything is shown, so the section changes once; the
       emoji packs come first, so that the comments are drawn with their pictures and the form
       has its picker. A service without the challenge endpoint asks for nothing. */
    var challenge = api("GET", "/api/challenge").catch(function () { return {}; });
    return loadEmoji(section).then(function (packs) {
      emoji = packs;
      form = commentForm(section, page, t, function () { return load(true); }, guard, emoji);
      return Promise.all([reactions.load(), load(true), challenge]);
    }).then(function (answers) {
      guard.offer(answers[2]);
      section.insertBefore(reactions.node, note);
      section.removeChild(note);
      section.appendChild(toolbar);
      section.appendChild(list);
      section.appendChild(more);
      section.appendChild(form.node);
      section.classList.add("social-ready");
    }, function () {
      note.textContent = t.unavailable;
      section.classList.add("social-unavailable");
    });
  }

  /* A view counts once per browser session and page. */
  function recordView(page) {
    var key = "boke-social-viewed:" + page;
    var seen = false;
    try { seen = sessionStorage.getItem(key) === "1"; sessionStorage.setItem(key, "1"); } catch (e) { seen = false; }
    return seen ? Promise.resolve() : api("POST", "/api/views", { page: page });
  }

  /* ---- counts beside post titles and in the post header ---- */
  function fillCounts(page, entry) {
    Array.prototype.forEach.call(document.querySelectorAll(".social-counts[data-page]"), function (span) {
      if (span.getAttribute("data-page") !== page) return;
      var views = span.querySelector(".view-count");
      var comments = span.querySelector(".comment-count");
      if (views && entry.views !== undefined) views.textContent = String(entry.views);
      if (comments && entry.comments !== undefined) comments.textContent = String(entry.comments);
      if (views && views.textContent !== "–" && comments && comments.textContent !== "–") span.classList.add("is-loaded");
    });
  }

  function initCounts() {
    var spans = document.querySelectorAll(".social-counts[data-page]");
    var pages = [];
    Array.prototype.forEach.call(spans, function (span) {
      var page = span.getAttribute("data-page");
      if (pages.indexOf(page) < 0 && pages.length < 100) pages.push(page);
    });
    if (!pages.length) return Promise.resolve();
    var query = pages.map(function (page) { return "page=" + encodeURIComponent(page); }).join("&");
    return api("GET", "/api/counts?" + query).then(function (counts) {
      pages.forEach(function (page) { if (counts[page]) fillCounts(page, counts[page]); });
    });
  }

  /* ---- subscribe ---- */
  function initSubscribe(form) {
    var t = strings(pageLang(form));
    var status = form.querySelector(".subscribe-status");
    var button = form.querySelector("button[type=submit]");
    var row = form.querySelector("fieldset");
    if (row) row.disabled = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.elements.email.value || !form.elements.email.checkValidity()) { form.elements.email.focus(); form.reportValidity && form.reportValidity(); return; }
      button.disabled = true;
      status.textContent = "";
      api("POST", "/api/subscribe", { email: form.elements.email.value, lang: pageLang(form), homepage: form.elements.homepage.value }, WRITE_TIMEOUT_MS)
        .then(function () { status.textContent = t.subscribed; form.elements.email.value = ""; })
        .catch(function (error) { status.textContent = failure(t, error); })
        .then(function () { button.disabled = false; });
    });
  }

  /* Back from signing in: keep the secret the service put in the fragment, and drop it from
   * the address bar (and so from bookmarks and shared links). */
  function keepSignIn() {
    var match = /^#boke-commenter=([0-9a-f]{64})$/.exec(location.hash);
    if (!match) return;
    try { localStorage.setItem("boke-social-commenter", match[1]); } catch (e) { /* storage may be disabled */ }
    if (window.history && history.replaceState) history.replaceState(null, "", location.pathname + location.search + "#comments");
  }

  function start() {
    if (!ENDPOINT || !window.fetch || !window.Promise) return;
    keepSignIn();
    Array.prototype.forEach.call(document.querySelectorAll("form.subscribe"), initSubscribe);
    var section = document.querySelector("section.social[data-page]");
    var viewed = Promise.resolve();
    if (section) {
      initComments(section);
      viewed = recordView(section.getAttribute("data-page")).catch(function () {});
    }
    // After the view is recorded, so the post header counts this reader too.
    viewed.then(initCounts).catch(function () { /* counts stay hidden; their space stays reserved */ });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
