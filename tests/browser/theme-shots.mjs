// Screenshots of the default theme for a person to look at (not part of the test run):
//
//   node theme-shots.mjs BASE_URL OUT_DIR [LABEL]
//
// Every page type at 390 and 1280 px, light and dark: the first screen of each, and for the
// posts also a screen from the middle and one from the end. PAGES=home,seed overrides which
// pages are taken.
import { DESKTOP, PHONE, launch } from "./common.mjs";

const [base, out, label = "theme"] = process.argv.slice(2);
if (!base || !out) {
  console.error("usage: node theme-shots.mjs BASE_URL OUT_DIR [LABEL]");
  process.exit(2);
}
const ALL = {
  home: "/",
  seed: "/posts/2026-ai-trends/",
  rich: process.env.RICH || "/posts/rich-content/",
  search: "/search/?q=%E5%A4%9A%E6%A8%A1%E6%80%81",
  tag: process.env.TAG || "/tags/",
  links: "/links/",
  english: "/posts/evaluating-chinese-llms/",
  notfound: "/no-such-page/",
};
const wanted = (process.env.PAGES || Object.keys(ALL).join(",")).split(",");
const middle = new Set(["seed", "rich"]);
const browser = await launch();
for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.log(`pageerror ${size} ${scheme}: ${e}`));
    for (const name of wanted) {
      const path = ALL[name];
      if (!path) continue;
      await page.goto(`${base}${path}`, { waitUntil: "load" });
      await page.waitForTimeout(Number(process.env.WAIT || 600));
      const tag = `${out}/${label}-${name}-${size}-${scheme}`;
      await page.screenshot({ path: `${tag}.png` });
      if (middle.has(name)) {
        await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight * 0.45, behavior: "instant" }));
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${tag}-middle.png` });
        // The end of the post: share links, related posts, the post nav and the footer.
        await page.evaluate(() => {
          const end = document.querySelector(".post-footer");
          if (end) window.scrollTo({ top: end.getBoundingClientRect().top + window.scrollY - 80, behavior: "instant" });
        });
        await page.waitForTimeout(200);
        await page.screenshot({ path: `${tag}-end.png` });
      }
    }
    await context.close();
  }
}
await browser.close();
