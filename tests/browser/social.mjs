// The default theme's social UI against a running `boke social serve`, run by
// crates/boke/tests/live/browser.rs in three phases:
//
//   node social.mjs up   SITE_URL ENDPOINT ADMIN_PASSWORD   the service answers
//   node social.mjs down SITE_URL ENDPOINT                  nothing listens on the endpoint
//   node social.mjs slow SITE_URL ENDPOINT                  the endpoint accepts and never answers
//
// up: the seed post shows reactions and comments; a comment posted through the form waits for
// moderation (the form solved the service's proof of work first, and the service checked it),
// is approved through the admin JSON API and shows after a reload; a reply from the
// now-known commenter is published at once, nested; a reaction click changes its count; the
// subscribe form is accepted (the test checks the confirmation mail); a comment's region shows
// as 来自 广东 beside its date, and its commenter's drawn picture; axe finds nothing.
// down and slow: no uncaught error, no console error but the failed calls to the endpoint, the
// article whole and unmoved, a quiet note in place of the comments, axe finds nothing.
import { DESKTOP, PHONE, Report, axeRun, describeViolations, launch } from "./common.mjs";

const [phase, siteArg, endpointArg, password] = process.argv.slice(2);
if (!["up", "down", "slow"].includes(phase) || !siteArg || !endpointArg) {
  console.error("usage: node social.mjs up|down|slow SITE_URL ENDPOINT [ADMIN_PASSWORD]");
  process.exit(2);
}
const site = siteArg.replace(/\/$/, "");
const endpoint = endpointArg.replace(/\/$/, "");
const POST = "/posts/2026-ai-trends/";
const COMMENT = "浏览器里写的第一条评论：**多模态**那一节讲得清楚。";
const REPLY = "补充一句：期待下一篇评测。";
const SUBSCRIBER = "reader@example.com";
const report = new Report();

// Before any page script: remember where the article was when the DOM was ready, and every
// layout shift (Chromium's Layout Instability API) not caused by the reader's own input.
function watchLayout() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) {
        window.__shifts.push({
          value: entry.value,
          at: Math.round(entry.startTime),
          scrollY: window.scrollY,
          sources: entry.sources.map((s) => ({
            node: (s.node && (s.node.className || s.node.nodeName)) || "?",
            from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height],
            to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height],
          })),
        });
      }
    }
  }).observe({ type: "layout-shift", buffered: true });
  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector("article.post").getBoundingClientRect();
    window.__articleAtReady = { top: box.top + window.scrollY, left: box.left, width: box.width, height: box.height };
  });
}

async function openPost(browser, mode, { hash = "", allowEndpointErrors = false } = {}) {
  const context = await browser.newContext({ viewport: mode.viewport, colorScheme: mode.scheme });
  await context.addInitScript(watchLayout);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url || "";
    // A failed call to the service is expected when it is down; the browser logs it by itself.
    if (allowEndpointErrors && url.startsWith(endpoint)) return;
    if (url.endsWith("/favicon.ico")) return;
    problems.push(`console: ${message.text()} (${url})`);
  });
  await page.goto(`${site}${POST}${hash}`, { waitUntil: "load" });
  return { context, page, problems };
}

async function layoutReport(page) {
  return page.evaluate(() => {
    const box = document.querySelector("article.post").getBoundingClientRect();
    const now = { top: box.top + window.scrollY, left: box.left, width: box.width, height: box.height };
    const score = window.__shifts.reduce((sum, shift) => sum + shift.value, 0);
    return { before: window.__articleAtReady, now, score, shifts: window.__shifts };
  });
}

function checkLayout(label, layout) {
  const same = ["top", "left", "width", "height"].every((key) => Math.abs(layout.before[key] - layout.now[key]) < 0.5);
  if (same) report.ok(`${label}: the article kept its place and size`);
  else report.fail(`${label}: the article moved`, `     at DOM ready ${JSON.stringify(layout.before)}, now ${JSON.stringify(layout.now)}`);
  if (layout.score < 0.001) report.ok(`${label}: layout shift score ${layout.score.toFixed(4)}`);
  else report.fail(`${label}: layout shift score ${layout.score.toFixed(4)}`, `     ${JSON.stringify(layout.shifts)}`);
}

async function checkAxe(page, label) {
  const result = await axeRun(page);
  if (result.violations.length === 0) report.ok(`${label}: axe, ${result.passes.length} rules passed`);
  else report.fail(`${label}: ${result.violations.length} axe violation(s)`, describeViolations(result.violations));
}

function checkProblems(label, problems) {
  if (problems.length === 0) report.ok(`${label}: no uncaught errors, no unexpected console errors`);
  else report.fail(`${label}: errors in the page`, problems.map((p) => `     ${p}`).join("\n"));
}

/** Runs `check`, turning a thrown error (a timeout, a failed expectation) into a FAIL line. */
async function step(label, check) {
  try {
    await check();
  } catch (error) {
    report.fail(label, `     ${String(error).split("\n")[0]}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function admin(request) {
  const login = await request.post(`${endpoint}/api/admin/login`, { data: { password } });
  expect(login.ok(), `admin login: HTTP ${login.status()}`);
  const { token } = await login.json();
  return { Authorization: `Bearer ${token}` };
}

const MODES = [
  { name: "desktop light", viewport: DESKTOP, scheme: "light" },
  { name: "phone dark", viewport: PHONE, scheme: "dark" },
  { name: "desktop dark", viewport: DESKTOP, scheme: "dark" },
  { name: "phone light", viewport: PHONE, scheme: "light" },
];

async function up(browser) {
  const { context, page, problems } = await openPost(browser, MODES[0]);
  const section = page.locator("section#comments");
  await step("up: the comments section loads", async () => {
    await page.locator("section#comments.social-ready").waitFor({ timeout: 15000 });
    const buttons = await section.locator(".social-reaction").count();
    expect(buttons === 6, `${buttons} reaction buttons`);
    expect((await section.locator(".social-summary").textContent()) === "0 条评论", "summary is not “0 条评论”");
    await page.locator(".post-header .social-counts.is-loaded").waitFor({ timeout: 10000 });
    expect((await page.locator(".post-header .view-count").textContent()) === "1", "this visit is not counted as view 1");
    report.ok("up: reactions, an empty comment list, the form and the header counts");
  });
  checkLayout("up [desktop light]", await layoutReport(page));

  await step("up: a reaction click changes its count", async () => {
    const like = section.locator(".social-reaction[data-kind=like]");
    const before = Number(await like.locator(".social-reaction-count").textContent());
    await like.click();
    await page.waitForFunction(
      (n) => {
        const button = document.querySelector(".social-reaction[data-kind=like]");
        return button.getAttribute("aria-pressed") === "true" && button.querySelector(".social-reaction-count").textContent === String(n);
      },
      before + 1,
      { timeout: 10000 },
    );
    report.ok(`up: 赞 went from ${before} to ${before + 1} and is pressed`);
  });

  await step("up: a new comment waits for moderation, then shows once approved", async () => {
    const form = section.locator("form.social-form");
    const sent = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().startsWith(`${endpoint}/api/comments`)) sent.push(request.postDataJSON());
    });
    await form.locator("input[name=author]").fill("浏览器读者");
    await form.locator("input[name=email]").fill("first@example.com");
    await form.locator("textarea[name=body]").fill(COMMENT);
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(() => /审核/.test(document.querySelector("section#comments .social-status").textContent), null, { timeout: 10000 });
    expect((await section.locator(".social-comment").count()) === 0, "a pending comment is on the page");
    report.ok("up: the form says the comment waits for review");
    const offered = await (await page.request.get(`${endpoint}/api/challenge`)).json();
    expect(offered.pow && offered.pow.bits > 0, `the service asks for no proof of work: ${JSON.stringify(offered)}`);
    expect(sent.length === 1 && sent[0].pow && /^\d+$/.test(sent[0].pow.nonce) && sent[0].pow.challenge,
      `the form sent no proof-of-work answer: ${JSON.stringify(sent)}`);
    report.ok(`up: the form solved a ${offered.pow.bits}-bit proof of work, and the service took it`);

    const headers = await admin(page.request);
    const pending = await (await page.request.get(`${endpoint}/api/admin/comments?status=pending`, { headers })).json();
    const mine = pending.find((c) => c.body === COMMENT && c.page === POST);
    expect(mine, `the comment is not in the moderation queue: ${JSON.stringify(pending)}`);
    const approve = await page.request.post(`${endpoint}/api/admin/comments/${mine.id}/status`, { headers, data: { status: "approved" } });
    expect(approve.status() === 204, `approve: HTTP ${approve.status()}`);

    await page.reload({ waitUntil: "load" });
    await page.locator("section#comments.social-ready").waitFor({ timeout: 15000 });
    const body = section.locator(`#comment-${mine.id} .social-comment-body`);
    expect((await body.locator("strong").textContent()) === "多模态", "the Markdown bold did not render");
    expect((await body.textContent()).includes("浏览器里写的第一条评论"), "the approved comment is not shown");
    expect((await section.locator(".social-summary").textContent()) === "1 条评论", "summary is not “1 条评论”");
    expect((await page.locator(".post-header .comment-count").textContent()) === "1", "header comment count is not 1");
    report.ok("up: approved through the admin API, the comment shows after a reload");

    // The same email now has an approved comment: its reply is published at once, nested.
    await section.locator(`#comment-${mine.id} .social-reply`).first().click();
    const replyForm = section.locator(`#comment-${mine.id} form.social-form`);
    await replyForm.locator("textarea[name=body]").fill(REPLY);
    expect((await replyForm.locator("input[name=author]").inputValue()) === "浏览器读者", "the name was not remembered");
    await replyForm.locator("button[type=submit]").click();
    const nested = section.locator(`#comment-${mine.id} .social-replies .social-comment-body`, { hasText: "期待下一篇评测" });
    await nested.waitFor({ timeout: 10000 });
    report.ok("up: a reply from a returning commenter is published at once, nested under its parent");
  });

  await step("up: a comment's region shows beside its date", async () => {
    // The service here has no region database: its answer is given one region on the way.
    await page.route(`${endpoint}/api/comments?*`, async (route) => {
      const response = await route.fetch();
      const data = await response.json();
      data.comments[0].region = "广东";
      await route.fulfill({ response, json: data });
    });
    await page.reload({ waitUntil: "load" });
    await page.locator("section#comments.social-ready").waitFor({ timeout: 15000 });
    const meta = section.locator(".social-comment-meta").first();
    const region = await meta.locator(".social-comment-region").textContent();
    expect(region === "来自 广东", `the region reads “${region}”`);
    expect(await meta.evaluate((node) => node.querySelector("time").nextElementSibling.className === "social-comment-region"),
      "the region is not beside the date");
    await page.unroute(`${endpoint}/api/comments?*`);
    report.ok("up: 来自 广东 beside the date");
    expect((await meta.locator("svg.social-avatar rect").count()) > 1, "no drawn picture before the name");
    report.ok("up: the commenter's picture is drawn from its seed");
  });

  await step("up: back from signing in, the secret in the fragment is kept and dropped from the address", async () => {
    const secret = "ab".repeat(32);
    // Another address (a change of fragment alone loads nothing), as the redirect arrives.
    await page.goto(`${site}${POST}?from=github#boke-commenter=${secret}`, { waitUntil: "load" });
    await page.locator("section#comments.social-ready").waitFor({ timeout: 15000 });
    const kept = await page.evaluate(() => [localStorage.getItem("boke-social-commenter"), location.hash]);
    expect(kept[0] === secret && kept[1] === "#comments", `kept ${JSON.stringify(kept)}`);
    expect(await section.locator("a.social-sign-in").isHidden(), "a sign-in link without GitHub configured");
    report.ok("up: the commenter secret from the sign-in is kept, the address shows #comments");
    const form = section.locator("form.social-form");
    await form.locator("input[name=email]").fill("signin@example.com");
    await form.locator("button.social-sign-in").click();
    await page.waitForFunction(() => /查收邮件/.test(document.querySelector("section#comments .social-status").textContent), null, { timeout: 10000 });
    report.ok("up: with mail configured, the form asks the service for an email sign-in link");
  });

  await step("up: subscribing", async () => {
    const form = page.locator("footer form.subscribe");
    await form.locator("input[type=email]").fill(SUBSCRIBER);
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(() => /确认邮件/.test(document.querySelector("footer .subscribe-status").textContent), null, { timeout: 10000 });
    report.ok("up: the subscribe form asks to confirm by email");
  });
  checkProblems("up", problems);
  await context.close();

  for (const mode of MODES) {
    await step(`up [${mode.name}]: axe`, async () => {
      const { context, page, problems } = await openPost(browser, mode, { hash: "#comments" });
      await page.locator("section#comments.social-ready").waitFor({ timeout: 15000 });
      await checkAxe(page, `up [${mode.name}] ${POST}`);
      checkProblems(`up [${mode.name}]`, problems);
      await context.close();
    });
  }
  await step("up: list pages show the counts", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    // The seed post is the oldest: on the last page of the home list.
    await page.goto(`${site}/`, { waitUntil: "load" });
    const last = await page.getAttribute(".pager a[rel=next]", "href");
    if (last) await page.goto(`${site}${last}`, { waitUntil: "load" });
    const seed = page.locator(`.social-counts.is-loaded[data-page="${POST}"]`);
    await seed.waitFor({ timeout: 10000 });
    // Two comments (the approved one and its reply), and every visit of the checks above.
    expect((await seed.locator(".comment-count").textContent()) === "2", "home page comment count is not 2");
    expect(Number(await seed.locator(".view-count").textContent()) >= 1, "home page view count is not at least 1");
    await checkAxe(page, `up [desktop light] ${last || "/"}`);
    report.ok(`up: ${last || "/"} shows the seed post's comment and view counts`);
    await context.close();
  });
}

async function unreachable(browser, label) {
  for (const mode of MODES) {
    for (const hash of ["", "#comments"]) {
      const name = `${label} [${mode.name}]${hash ? " at #comments" : ""}`;
      await step(`${name}: the page stays whole`, async () => {
        const { context, page, problems } = await openPost(browser, mode, { hash, allowEndpointErrors: true });
        const started = Date.now();
        await page.locator("section#comments.social-unavailable").waitFor({ timeout: 12000 });
        const waited = Date.now() - started;
        const note = await page.locator("section#comments .social-note").textContent();
        expect(note.includes("暂时连不上"), `the note says “${note}”`);
        expect(!(await page.locator("section#comments form, section#comments .social-reactions").count()), "a form or reactions without a service");
        const article = await page.locator("article.post .post-content").textContent();
        expect(article.length > 2000 && article.includes("结论"), "the article text is not whole");
        const counts = await page.locator(".post-header .social-counts").evaluate((node) => getComputedStyle(node).visibility);
        expect(counts === "hidden", `header counts are ${counts}`);
        report.ok(`${name}: a quiet note after ${waited} ms, the article whole`);
        checkLayout(name, await layoutReport(page));
        checkProblems(name, problems);
        if (!hash) await checkAxe(page, name);
        await context.close();
      });
    }
  }
  await step(`${label}: subscribing says the service cannot be reached`, async () => {
    const { context, page, problems } = await openPost(browser, MODES[0], { allowEndpointErrors: true });
    const form = page.locator("footer form.subscribe");
    await form.locator("input[type=email]").fill(SUBSCRIBER);
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(() => /连不上/.test(document.querySelector("footer .subscribe-status").textContent), null, { timeout: 20000 });
    expect(!(await form.locator("button[type=submit]").isDisabled()), "the button stays disabled");
    report.ok(`${label}: the subscribe form reports the failure and can be sent again`);
    checkProblems(`${label} subscribe`, problems);
    await context.close();
  });
}

const browser = await launch();
try {
  if (phase === "up") await up(browser);
  else await unreachable(browser, phase);
} finally {
  await browser.close();
}
report.finish();
