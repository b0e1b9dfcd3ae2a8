// The components of the example's rich-content post in Chromium, run by
// crates/boke/tests/live/browser.rs:
//
//   node components.mjs http://127.0.0.1:PORT
//
// 1. The page loads nothing from another host until a video's poster is pressed; pressing it
//    puts in the player (Bilibili with autoplay and bullet comments off).
// 2. Tabs: a tab list with roles, one panel shown, arrow keys move between tabs.
// 3. No console error; axe (WCAG 2.1 AA) finds nothing, light and dark.
// 4. The wide Markdown image loads the WebP copy its srcset offers for the width it is drawn
//    at: the 480 px one on a phone, the 960 px one in the desktop column.
import { DESKTOP, PHONE, Report, axeRun, describeViolations, launch } from "./common.mjs";

const base = (process.argv[2] || "").replace(/\/$/, "");
if (!base) {
  console.error("usage: node components.mjs BASE_URL");
  process.exit(2);
}
const PATH = "/posts/rich-content/";
const report = new Report();
const fail = (what, detail) => report.fail(what, detail);
const own = new URL(base).host;

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.host !== own) foreign.push(request.url());
  });
  // Requests to the video hosts are answered here: the test needs no network.
  await page.route(/bilibili\.com|youtube/, (route) => route.fulfill({ status: 204, body: "" }));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${base}${PATH}`, { waitUntil: "load" });
  await page.waitForTimeout(300);
  if (foreign.length) fail("requests to another host before any click", foreign.join("\n"));
  else report.ok("no request to another host before a click");

  const posters = await page.locator(".video-poster").count();
  if (posters !== 2) fail(`expected 2 video posters, found ${posters}`);
  await page.locator(".video-bilibili .video-poster").click();
  const src = await page.locator(".video-bilibili iframe").getAttribute("src", { timeout: 2000 }).catch(() => null);
  if (!src || !src.startsWith("https://player.bilibili.com/player.html?") || !src.includes("autoplay=0") || !src.includes("danmaku=0")) {
    fail("pressing the Bilibili poster puts in the player", `iframe src: ${src}`);
  } else report.ok(`pressing the poster puts in the player (${src})`);
  await page.waitForTimeout(300);
  if (!foreign.some((url) => url.includes("player.bilibili.com"))) fail("the player was not requested after the click");
  else report.ok("the player is requested only after the click");
  if (foreign.some((url) => url.includes("youtube"))) fail("YouTube was contacted though its poster was not pressed");

  const tabs = page.locator(".tabs [role=tab]");
  const count = await tabs.count();
  const visible = async () => {
    const shown = [];
    for (const panel of await page.locator(".tabs .tab-panel").all()) shown.push(await panel.isVisible());
    return shown;
  };
  const first = await visible();
  if (count !== 3 || first.join() !== "true,false,false") fail("tabs: three tabs, the first panel shown", `${count} tabs, visible ${first}`);
  else report.ok("tabs: three tabs, the first panel shown");
  await tabs.first().focus();
  await page.keyboard.press("ArrowRight");
  const second = await visible();
  const selected = await tabs.nth(1).getAttribute("aria-selected");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  if (second.join() !== "false,true,false" || selected !== "true" || focused !== "Linux") {
    fail("tabs: ArrowRight selects and focuses the next tab", `visible ${second}, selected ${selected}, focus ${focused}`);
  } else report.ok("tabs: ArrowRight selects and focuses the next tab");

  if (errors.length) fail("console errors", errors.join("\n"));
  else report.ok("no console error");
  await context.close();

  for (const [name, viewport, expected] of [
    ["phone", PHONE, 480],
    ["desktop", DESKTOP, 960],
  ]) {
    const sized = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const tab = await sized.newPage();
    await tab.goto(`${base}${PATH}`, { waitUntil: "load" });
    const image = tab.locator("img[srcset]").first();
    await image.scrollIntoViewIfNeeded();
    await tab.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle(), { timeout: 5000 }).catch(() => {});
    // naturalWidth is scaled by the candidate's density, so the file is told by its name.
    const loaded = await image.evaluate((img) => ({ src: img.currentSrc, loaded: img.naturalWidth > 0 }));
    if (!loaded.loaded || !loaded.src.endsWith(".webp") || !loaded.src.includes(`.${expected}.`)) {
      fail(`${name}: the image loads its ${expected} px WebP copy`, JSON.stringify(loaded));
    } else report.ok(`${name}: the image loads its ${expected} px WebP copy (${loaded.src})`);
    await sized.close();
  }

  for (const [name, viewport, colorScheme] of [
    ["phone light", PHONE, "light"],
    ["desktop dark", DESKTOP, "dark"],
  ]) {
    const audited = await browser.newContext({ viewport, colorScheme });
    const tab = await audited.newPage();
    await tab.goto(`${base}${PATH}`, { waitUntil: "load" });
    const result = await axeRun(tab);
    if (result.violations.length) fail(`${name}: ${result.violations.length} axe violation(s)`, describeViolations(result.violations));
    else report.ok(`${name} ${PATH}: axe finds nothing (${result.passes.length} rules passed)`);
    await audited.close();
  }
} finally {
  await browser.close();
}
report.finish();
