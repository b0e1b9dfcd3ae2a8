// The default theme's reading layout, measured in Chromium from computed styles and boxes; run
// by crates/boke/tests/live/browser.rs:
//
//   node theme.mjs http://127.0.0.1:PORT
//
// 1. At 390×844 the seed post's first line of text ends in the top half of the first screen.
// 2. At 320, 390 and 430 px no line of body text (paragraphs and list items of the seed post
//    and of a post with long Latin words) opens a gap wider than 0.5em between two characters:
//    each character's box, from Range.getClientRects, against its width set alone.
// 3. At 1280 px the table of contents is shown in the margin and sticky: its top stays put
//    while the post scrolls under it, and the link of the section being read is marked.
// 4. The 相关文章 heading is no larger than a section heading (h2) of the post, phone and desktop.
// 5. The back-to-top control is out of sight on the first screen and there after scrolling;
//    nothing on the seed post moves while it loads (layout shifts add up to 0).
// 6. Nothing moves either when the seed post's HTML arrives in pieces, as on a slow network or
//    a busy machine where Chromium paints a half-parsed page: a proxy sends it cut inside the
//    header's nav, before the search form and the buttons, after the header and mid-article,
//    pausing between the pieces.
import http from "node:http";
import { DESKTOP, PHONE, Report, launch } from "./common.mjs";

const base = (process.argv[2] || "").replace(/\/$/, "");
if (!base) {
  console.error("usage: node theme.mjs BASE_URL");
  process.exit(2);
}
const SEED = "/posts/2026-ai-trends/";
// Posts whose paragraphs hold long Latin words among Chinese: what justification spread wide.
const GAP_PAGES = [SEED, "/posts/open-weights-in-practice/", "/posts/rust-tokenizer/"];
const report = new Report();
const check = (ok, what, detail) => (ok ? report.ok(what) : report.fail(what, detail));

// In the page: every gap wider than `limit` em between two characters on one line of the body
// text. A character's own width is measured alone in a span with its element's font, so the
// gap is the space justification (or anything else) added after it.
function wideGaps(limit) {
  const probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;left:-9999px;top:0";
  document.body.appendChild(probe);
  const widths = new Map();
  const alone = (ch, style) => {
    const key = `${style.font}|${style.letterSpacing}|${ch}`;
    if (!widths.has(key)) {
      probe.style.font = style.font;
      probe.style.letterSpacing = style.letterSpacing;
      probe.textContent = ch;
      widths.set(key, probe.getBoundingClientRect().width);
    }
    return widths.get(key);
  };
  const found = [];
  const blocks = document.querySelectorAll(".post-content p, .post-content li");
  const range = document.createRange();
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("code, pre, math, svg")) continue;
      const style = getComputedStyle(parent);
      const em = parseFloat(style.fontSize);
      const text = node.data;
      let previous = null;
      for (let i = 0; i < text.length; i++) {
        const code = text.codePointAt(i);
        const ch = String.fromCodePoint(code);
        range.setStart(node, i);
        range.setEnd(node, i + ch.length);
        const rects = range.getClientRects();
        if (code > 0xffff) i++;
        if (rects.length !== 1 || rects[0].width === 0) {
          previous = null;
          continue;
        }
        const box = rects[0];
        const here = { ch, box, width: alone(ch, style) };
        // One line: the boxes overlap vertically.
        if (previous && Math.abs(previous.box.top - box.top) < em * 0.5) {
          const gap = box.left - (previous.box.left + previous.width);
          if (gap > limit * em) {
            const around = text.slice(Math.max(0, i - 8), i + 8).replace(/\s+/g, " ");
            found.push(`${(gap / em).toFixed(2)}em after "${previous.ch}" in "…${around}…"`);
          }
        }
        previous = here;
      }
    }
  }
  probe.remove();
  return found;
}

const browser = await launch();
try {
  // 1. The first screen of a phone reaches the text.
  {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}${SEED}`, { waitUntil: "load" });
    const line = await page.evaluate(() => {
      const first = document.querySelector(".post-content p");
      const walker = document.createTreeWalker(first, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode();
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, 1);
      const box = range.getClientRects()[0];
      return { top: box.top + window.scrollY, bottom: box.bottom + window.scrollY, height: window.innerHeight };
    });
    check(
      line.bottom <= line.height / 2,
      `phone: the seed post's first line of text ends at ${Math.round(line.bottom)} px, in the top half of ${line.height}`,
      `it ends at ${Math.round(line.bottom)} px`,
    );
    await context.close();
  }

  // 2. No wide gaps inside lines at phone widths.
  for (const width of [320, 390, 430]) {
    const context = await browser.newContext({ viewport: { width, height: 844 } });
    const page = await context.newPage();
    for (const path of GAP_PAGES) {
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      const gaps = await page.evaluate(wideGaps, 0.5);
      check(
        gaps.length === 0,
        `${width} px ${decodeURI(path)}: no gap wider than 0.5em between characters of a line`,
        gaps.slice(0, 8).map((g) => `     ${g}`).join("\n") + (gaps.length > 8 ? `\n     … ${gaps.length - 8} more` : ""),
      );
    }
    await context.close();
  }

  // 3. The sticky TOC of a wide screen, and the section it marks.
  {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${base}${SEED}`, { waitUntil: "load" });
    const place = async (y) => {
      await page.evaluate((top) => window.scrollTo({ top, behavior: "instant" }), y);
      await page.waitForTimeout(150);
      return page.evaluate(() => {
        const toc = document.querySelector(".toc > details");
        const list = toc.querySelector("ol");
        const text = document.querySelector(".post-content").getBoundingClientRect();
        const box = toc.getBoundingClientRect();
        return {
          position: getComputedStyle(toc).position,
          top: Math.round(box.top),
          left: Math.round(box.left),
          right: Math.round(box.right),
          textRight: Math.round(text.right),
          listShown: list.checkVisibility() && list.getBoundingClientRect().height > 0,
          current: toc.querySelector("a[aria-current]")?.textContent ?? null,
        };
      });
    };
    const first = await place(1200);
    const later = await place(2600);
    check(
      first.position === "sticky" && first.top === later.top && first.top >= 0 && first.top < 100,
      `desktop: the TOC is sticky, its top at ${first.top} px after scrolling 1200 and 2600 px`,
      `position ${first.position}, top ${first.top} then ${later.top}`,
    );
    check(
      first.listShown && first.left > first.textRight && first.right <= DESKTOP.width,
      "desktop: the TOC's list is shown in the right margin, within the window",
      JSON.stringify(first),
    );
    const heading = await page.evaluate(() => {
      const h = document.querySelectorAll(".post-content h2")[4];
      window.scrollTo({ top: h.getBoundingClientRect().top + window.scrollY - 40, behavior: "instant" });
      return h.textContent.trim();
    });
    await page.waitForTimeout(300);
    const marked = await page.evaluate(() => document.querySelector(".toc a[aria-current]")?.textContent.trim() ?? null);
    check(
      marked !== null && heading.startsWith(marked),
      `desktop: the TOC marks the section being read (${marked})`,
      `reading "${heading}", marked "${marked}"`,
    );
    await context.close();
  }

  // 4. The related block's heading against the post's section headings.
  for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${base}${SEED}`, { waitUntil: "load" });
    const sizes = await page.evaluate(() => {
      const size = (el) => el && parseFloat(getComputedStyle(el).fontSize);
      return {
        related: size(document.querySelector("nav.related h2")),
        section: size(document.querySelector(".post-content h2")),
        bullets: getComputedStyle(document.querySelector("nav.related li")).listStyleType,
      };
    });
    check(
      sizes.related !== null && sizes.section !== null && sizes.related <= sizes.section && sizes.bullets === "none",
      `${name}: the 相关文章 heading (${sizes.related} px) is no larger than a section heading (${sizes.section} px), no bullets`,
      JSON.stringify(sizes),
    );
    await context.close();
  }

  // 5. Back to top, and no layout shift while the seed post loads.
  for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    const page = await context.newPage();
    await page.goto(`${base}${SEED}`, { waitUntil: "load" });
    await page.waitForTimeout(500);
    const shift = await page.evaluate(() => window.__shift);
    check(shift === 0, `${name}: no layout shift while the seed post loads`, `cumulative shift ${shift}`);
    const seen = () => page.evaluate(() => {
      const link = document.querySelector(".back-to-top");
      if (!link) return null;
      const style = getComputedStyle(link);
      const box = link.getBoundingClientRect();
      const onScreen = box.bottom > 0 && box.top < window.innerHeight;
      return onScreen && style.visibility === "visible" && parseFloat(style.opacity) > 0.5;
    });
    const atTop = await seen();
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight / 2, behavior: "instant" }));
    await page.waitForTimeout(200);
    const halfway = await seen();
    check(atTop === false && halfway === true, `${name}: back to top is hidden on the first screen and shown halfway down`, `first screen ${atTop}, halfway ${halfway}`);
    await context.close();
  }

  // 6. The seed post arriving in pieces.
  const proxy = await piecewiseProxy(SEED);
  try {
    for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
      const context = await browser.newContext({ viewport });
      await context.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            const moved = entry.sources.map((s) => `${(s.node && (s.node.className || s.node.nodeName)) || "?"} x ${s.previousRect.x}→${s.currentRect.x}, y ${s.previousRect.y}→${s.currentRect.y}`);
            window.__shifts.push(`${entry.value.toFixed(4)}: ${moved.join("; ")}`);
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      const page = await context.newPage();
      await page.goto(`${proxy.url}${SEED}`, { waitUntil: "load" });
      await page.waitForTimeout(300);
      const shifts = await page.evaluate(() => window.__shifts);
      check(
        proxy.pieces >= 5 && shifts.length === 0,
        `${name}: nothing moves while the seed post arrives in ${proxy.pieces} pieces`,
        shifts.map((s) => `     ${s}`).join("\n") || `     only ${proxy.pieces} pieces`,
      );
      await context.close();
    }
  } finally {
    proxy.server.close();
  }
} finally {
  await browser.close();
}
report.finish();

// A local server in front of `base` that sends `path`'s HTML in pieces, 400 ms apart, and
// everything else as it is. `pieces` is how many the page was cut into.
async function piecewiseProxy(path) {
  const html = await (await fetch(`${base}${path}`)).text();
  const cuts = new Set();
  const nav = html.indexOf('class="site-nav"');
  const navEnd = html.indexOf("</nav>", nav);
  for (let at = html.indexOf("</li>", nav); at !== -1 && at < navEnd; at = html.indexOf("</li>", at + 1)) cuts.add(at + 5);
  for (const marker of ['<form class="header-search"', '<button class="theme-toggle"', "</header>"]) {
    const at = html.indexOf(marker);
    if (at !== -1) cuts.add(at + (marker === "</header>" ? marker.length : 0));
  }
  cuts.add(Math.floor((html.indexOf("</header>") + html.length) / 2));
  const bytes = Buffer.from(html);
  // Cut on characters, not bytes: the offsets above count UTF-16 units.
  const offsets = [...cuts].filter((at) => at > 0).sort((a, b) => a - b).map((at) => Buffer.byteLength(html.slice(0, at)));
  const pieces = [];
  let from = 0;
  for (const to of offsets) {
    pieces.push(bytes.subarray(from, to));
    from = to;
  }
  pieces.push(bytes.subarray(from));
  const server = http.createServer(async (request, response) => {
    if (request.url === path) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      for (const piece of pieces) {
        response.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      response.end();
      return;
    }
    const upstream = await fetch(`${base}${request.url}`);
    const type = upstream.headers.get("content-type");
    response.writeHead(upstream.status, type ? { "content-type": type } : {});
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}`, pieces: pieces.length };
}
