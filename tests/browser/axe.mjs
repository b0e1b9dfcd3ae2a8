// Browser checks of a built boke site, run by crates/boke/tests/live/browser.rs.
//
//   node axe.mjs http://127.0.0.1:PORT
//
// 1. Opens the site's main kinds of page in Chromium, in light and dark colour schemes, at
//    phone and desktop widths, runs axe-core with the WCAG 2.1 A and AA rules, and prints every
//    violation with the elements it was found on.
// 2. Types a Chinese query into the search page and expects the seed post among the results.
// 3. Copies a code block with its copy button, from the keyboard, and reads the clipboard.
//
// The search check is skipped while the build lacks the search client files, unless
// BOKE_REQUIRE_SEARCH=1. Exits 1 when anything failed. Chromium comes from BOKE_CHROMIUM (default /usr/bin/chromium).
import { DESKTOP, PHONE, Report, axeRun, describeViolations, launch } from "./common.mjs";

const base = (process.argv[2] || "").replace(/\/$/, "");
if (!base) {
  console.error("usage: node axe.mjs BASE_URL");
  process.exit(2);
}

// The system scheme in light and dark at both widths, and a reader's own choice of dark (the
// theme toggle, kept in localStorage) over a light system, which takes another CSS path.
const MODES = [
  { name: "phone light", viewport: PHONE, colorScheme: "light" },
  { name: "phone dark", viewport: PHONE, colorScheme: "dark" },
  { name: "desktop light", viewport: DESKTOP, colorScheme: "light" },
  { name: "desktop dark", viewport: DESKTOP, colorScheme: "dark" },
  { name: "phone light, reader chose dark", viewport: PHONE, colorScheme: "light", chosen: "dark" },
];
const SEED_TITLE = "2026年AI发展趋势";
const SEED_QUERY = "多模态";

const report = new Report();
const fail = (what, detail) => report.fail(what, detail);

async function pagesToAudit(context) {
  const page = await context.newPage();
  // The seed post; a post with code, a table, a task list and a series; a standalone page;
  // the friend links; an English post.
  const paths = [
    "/",
    "/posts/2026-ai-trends/",
    "/posts/rust-tokenizer/",
    "/about/",
    "/links/",
    "/posts/evaluating-chinese-llms/",
    "/tags/",
    "/archives/",
    "/search/",
    "/404.html",
  ];
  // A tag page: the first term linked from the tags index, whatever its (Chinese) name.
  await page.goto(`${base}/tags/`);
  const tagHref = await page.getAttribute(".term-cloud a", "href");
  if (tagHref) paths.push(tagHref);
  else fail("tags index links to no tag page");
  await page.close();
  return paths;
}

async function audit(context, path, label, chosen) {
  const page = await context.newPage();
  const response = await page.goto(`${base}${path}`, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    fail(`${label} ${path}: HTTP ${response ? response.status() : "no response"}`);
    await page.close();
    return;
  }
  if (chosen) {
    const theme = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
    if (theme !== chosen) fail(`${label} ${path}: the stored theme “${chosen}” was not applied (data-theme=${theme})`);
  }
  const result = await axeRun(page);
  await page.close();
  if (result.violations.length === 0) {
    const checked = result.passes.map((rule) => rule.id);
    report.ok(`${label} ${path} (${checked.length} rules passed${checked.includes("color-contrast") ? ", contrast included" : ""})`);
    return;
  }
  fail(`${label} ${path}: ${result.violations.length} axe violation(s)`, describeViolations(result.violations));
}

async function checkSearch(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const label = `search for ${SEED_QUERY}`;
  // Until the build writes both search client files, say so loudly; BOKE_REQUIRE_SEARCH=1 makes it fatal.
  const missing = [];
  for (const file of ["/search/search.js", "/search/search-ui.js"]) {
    const response = await page.request.get(`${base}${file}`);
    if (!response.ok()) missing.push(`${file} (HTTP ${response.status()})`);
  }
  if (missing.length) {
    const message = `${label}: not in the build: ${missing.join(", ")}`;
    if (process.env.BOKE_REQUIRE_SEARCH === "1") fail(message);
    else console.log(`SKIP ${message}`);
    await context.close();
    return;
  }
  try {
    await page.goto(`${base}/search/`, { waitUntil: "load" });
    await page.fill("#search-input", SEED_QUERY);
    await page.press("#search-input", "Enter");
    const hit = page.locator("#search-results a", { hasText: SEED_TITLE });
    await hit.first().waitFor({ state: "visible", timeout: 10000 });
    const marked = await page.locator("#search-results mark").count();
    report.ok(`${label}: found “${SEED_TITLE}” (${marked} highlighted snippet terms)`);
  } catch (error) {
    const status = await page.textContent("#search-status").catch(() => null);
    fail(`${label}: “${SEED_TITLE}” not in the results`, `     status line: ${JSON.stringify(status)}\n     ${String(error).split("\n")[0]}`);
  } finally {
    await context.close();
  }
}

async function checkCodeCopy(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  const label = "copy a code block";
  try {
    await page.goto(`${base}/posts/rust-tokenizer/`, { waitUntil: "load" });
    const buttons = await page.locator(".code-copy").count();
    const blocks = await page.locator(".post-content pre > code").count();
    if (buttons === 0 || buttons !== blocks) {
      fail(`${label}: ${buttons} copy buttons for ${blocks} code blocks`);
      return;
    }
    const button = page.locator(".code-copy").first();
    const before = await button.textContent();
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((text) => document.querySelector(".code-copy").textContent !== text, before, { timeout: 5000 });
    const after = await button.textContent();
    const code = await page.locator(".post-content pre > code").first().textContent();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    const said = await page.textContent(".code-copy-status");
    if (before !== "复制" || after !== "已复制") fail(`${label}: the button said “${before}” then “${after}”`);
    else if (clipboard !== code) fail(`${label}: the clipboard holds ${JSON.stringify(clipboard.slice(0, 80))}, not the code`);
    else if (said !== "已复制") fail(`${label}: the status region said ${JSON.stringify(said)}`);
    else report.ok(`${label}: Enter on the button copied ${code.length} characters and said “已复制”`);
  } catch (error) {
    fail(label, `     ${String(error).split("\n")[0]}`);
  } finally {
    await context.close();
  }
}

const browser = await launch();
try {
  for (const mode of MODES) {
    const context = await browser.newContext({ viewport: mode.viewport, colorScheme: mode.colorScheme });
    if (mode.chosen) {
      await context.addInitScript((theme) => localStorage.setItem("boke-theme", theme), mode.chosen);
    }
    const label = `[${mode.name}]`;
    for (const path of await pagesToAudit(context)) await audit(context, path, label, mode.chosen);
    await context.close();
  }
  await checkSearch(browser);
  await checkCodeCopy(browser);
} finally {
  await browser.close();
}

report.finish();
