// Comments and page views imported from a LeanCloud export, as the default theme shows them;
// run by crates/boke/tests/live/browser.rs after `boke social import`:
//
//   node imported.mjs SITE_URL EXPECTED_JSON
//
// EXPECTED_JSON maps each post path to {total, threads, views, replies: [[nick, parent nick]],
// hidden: [nick]}, worked out from the export itself. The home page and the pages after it
// show each post's imported views and comment count; the post with the most comments shows all
// of its approved ones after "load more", each reply inside its parent's item, and none of the
// comments that wait for a moderator or were spam.
import { readFileSync } from "node:fs";
import { DESKTOP, PHONE, Report, launch } from "./common.mjs";

const [siteArg, expectedFile] = process.argv.slice(2);
if (!siteArg || !expectedFile) {
  console.error("usage: node imported.mjs SITE_URL EXPECTED_JSON");
  process.exit(2);
}
const site = siteArg.replace(/\/$/, "");
const expected = JSON.parse(readFileSync(expectedFile, "utf8"));
const report = new Report();
const browser = await launch();

async function listCounts(context) {
  const page = await context.newPage();
  const seen = {};
  let url = `${site}/`;
  for (let hops = 0; url && hops < 20; hops += 1) {
    await page.goto(url);
    await page.waitForFunction(
      () => [...document.querySelectorAll(".social-counts[data-page]")].every((span) => span.classList.contains("is-loaded")),
      null,
      { timeout: 15000 },
    );
    const rows = await page.$$eval(".social-counts[data-page]", (spans) =>
      spans.map((span) => ({
        page: span.getAttribute("data-page"),
        views: span.querySelector(".view-count").textContent.trim(),
        comments: span.querySelector(".comment-count").textContent.trim(),
      })),
    );
    for (const row of rows) seen[decodeURI(row.page)] = row;
    url = await page.$eval("a[rel=next]", (a) => a.href).catch(() => null);
  }
  await page.close();
  return seen;
}

try {
  const context = await browser.newContext({ viewport: DESKTOP });
  const seen = await listCounts(context);
  for (const [path, want] of Object.entries(expected)) {
    const row = seen[path];
    if (!row) {
      report.fail(`${path} is listed with its counts`, `listed: ${Object.keys(seen).join(", ")}`);
    } else if (row.views !== String(want.views) || row.comments !== String(want.total)) {
      report.fail(
        `${path} shows ${want.views} views and ${want.total} comments`,
        `      shown: ${row.views} views, ${row.comments} comments`,
      );
    } else {
      report.ok(`${path} lists ${want.views} views and ${want.total} comments`);
    }
  }

  const [busiest, want] = Object.entries(expected).sort((a, b) => b[1].total - a[1].total)[0];
  const page = await context.newPage();
  await page.goto(`${site}${busiest}`);
  await page.waitForSelector("section.social.social-ready", { timeout: 15000 });
  for (let clicks = 0; clicks < 100; clicks += 1) {
    const more = page.locator("button.social-more");
    if (!(await more.isVisible())) break;
    const before = await page.locator("ol.social-comments > li.social-comment").count();
    await more.click();
    await page.waitForFunction(
      (n) => document.querySelectorAll("ol.social-comments > li.social-comment").length > n,
      before,
      { timeout: 15000 },
    );
  }
  const shown = await page.$$eval("li.social-comment", (items) =>
    items.map((item) => ({
      nick: item.querySelector(":scope > article .social-comment-author").textContent.trim(),
      parent: item.parentElement.closest("li.social-comment")
        ?.querySelector(":scope > article .social-comment-author").textContent.trim() ?? null,
      top: item.parentElement.classList.contains("social-comments"),
    })),
  );
  const summary = (await page.textContent(".social-summary")) || "";
  if (summary.includes(String(want.total))) report.ok(`${busiest} says ${want.total} comments`);
  else report.fail(`${busiest} says ${want.total} comments`, `      summary: ${summary}`);
  if (shown.length === want.total) report.ok(`${busiest} shows all ${want.total} approved comments`);
  else report.fail(`${busiest} shows all ${want.total} approved comments`, `      shown: ${shown.length}`);
  const tops = shown.filter((item) => item.top).length;
  if (tops === want.threads) report.ok(`${busiest} has ${want.threads} threads`);
  else report.fail(`${busiest} has ${want.threads} threads`, `      top-level: ${tops}`);
  const byNick = new Map(shown.map((item) => [item.nick, item]));
  const misplaced = want.replies.filter(([nick, parent]) => byNick.get(nick)?.parent !== parent);
  if (!misplaced.length) report.ok(`${busiest}: all ${want.replies.length} replies sit under their parents`);
  else report.fail(`${busiest}: replies sit under their parents`, `      misplaced: ${JSON.stringify(misplaced.slice(0, 5))}`);
  const leaked = want.hidden.filter((nick) => byNick.has(nick));
  if (!leaked.length) report.ok(`${busiest}: none of ${want.hidden.length} held or spam comments is shown`);
  else report.fail(`${busiest}: held and spam comments stay hidden`, `      shown: ${leaked.join(", ")}`);
  const pictures = await page.$$eval("li.social-comment", (items) =>
    items.map((item) => {
      const body = item.querySelector(":scope > article .social-comment-body");
      const img = body.querySelector("img.social-emoji");
      return {
        nick: item.querySelector(":scope > article .social-comment-author").textContent.trim(),
        img: img && { alt: img.alt, src: new URL(img.src).pathname, loaded: img.complete && img.naturalWidth > 0 },
        code: [...body.querySelectorAll("code")].map((code) => code.textContent).join(" "),
      };
    }),
  );
  const wrong = want.emoji.filter((nick) => {
    const item = pictures.find((entry) => entry.nick === nick);
    return !item || !item.img || item.img.alt !== "微笑" || decodeURI(item.img.src) !== "/emoji/boke/smile.svg" || item.code !== ":点赞:";
  });
  if (want.emoji.length && !wrong.length) report.ok(`${busiest}: :微笑: shows as the pack's picture in ${want.emoji.length} comments, \`:点赞:\` stays code`);
  else report.fail(`${busiest}: emoji codes show as pictures outside code`, `      wrong: ${JSON.stringify(pictures.filter((p) => wrong.includes(p.nick)).slice(0, 3))}`);
  const stray = pictures.filter((entry) => entry.img && !want.emoji.includes(entry.nick)).length;
  if (!stray) report.ok(`${busiest}: no picture where no code was written`);
  else report.fail(`${busiest}: no picture where no code was written`, `      ${stray} comments`);
  // Pictures load lazily: the first is scrolled to and must draw; every one must be on the site.
  await page.locator("li.social-comment img.social-emoji").first().scrollIntoViewIfNeeded();
  const drawn = await page
    .waitForFunction(() => document.querySelector("li.social-comment img.social-emoji").naturalWidth > 0, null, { timeout: 10000 })
    .then(() => true, () => false);
  const sources = await page.$$eval("img.social-emoji", (imgs) => [...new Set(imgs.map((img) => img.src))]);
  const missing = [];
  for (const src of sources) {
    const ok = await page.evaluate((url) => fetch(url).then((r) => r.ok && new URL(url).origin === location.origin), src);
    if (!ok) missing.push(src);
  }
  if (drawn && !missing.length) report.ok(`${busiest}: emoji pictures draw, from the site itself`);
  else report.fail(`${busiest}: emoji pictures draw, from the site itself`, `      drawn: ${drawn}, missing: ${missing.join(", ")}`);

  await page.click("button.social-emoji-toggle");
  await page.click(".social-emoji-panel .social-emoji-item >> nth=0");
  await page.click(".social-emoji-tab >> nth=1");
  await page.click(".social-emoji-grid:not([hidden]) .social-emoji-item >> nth=0");
  const typed = await page.inputValue(".social-form textarea");
  if (typed === ":微笑:(｡･ω･｡)") report.ok("the picker inserts a picture's code and a kaomoji at the caret");
  else report.fail("the picker inserts a picture's code and a kaomoji at the caret", `      textarea: ${typed}`);

  // For a person to look at: BOKE_SHOTS_DIR=/tmp/shots keeps the comments with the picker open.
  if (process.env.BOKE_SHOTS_DIR) {
    for (const [name, viewport, scheme] of [["phone-light", PHONE, "light"], ["desktop-dark", DESKTOP, "dark"]]) {
      const shot = await browser.newPage({ viewport, colorScheme: scheme });
      await shot.goto(`${site}${busiest}`);
      await shot.waitForSelector("section.social.social-ready", { timeout: 15000 });
      await shot.click("button.social-emoji-toggle");
      await shot.locator("li.social-comment img.social-emoji").first().scrollIntoViewIfNeeded();
      await shot.screenshot({ path: `${process.env.BOKE_SHOTS_DIR}/comments-${name}.png` });
      await shot.locator(".social-emoji-panel").scrollIntoViewIfNeeded();
      await shot.screenshot({ path: `${process.env.BOKE_SHOTS_DIR}/picker-${name}.png` });
      await shot.close();
    }
  }

  const body = await page.locator("li.social-comment .social-comment-body strong").first().textContent();
  if (body === "多模态") report.ok("an imported Waline body renders its Markdown");
  else report.fail("an imported Waline body renders its Markdown", `      first <strong>: ${body}`);
} catch (error) {
  report.fail("the imported comments check ran to its end", String(error && error.stack || error));
} finally {
  await browser.close();
}
report.finish();
