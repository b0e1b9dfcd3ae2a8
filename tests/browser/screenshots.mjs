// Screenshots of the social UI for a person to look at (not part of the test run):
//
//   node screenshots.mjs BASE_URL OUT_DIR [LABEL]
//
// For phone and desktop, light and dark: the home page, a post's header, and its comments
// section down to the footer.
import { DESKTOP, PHONE, launch } from "./common.mjs";

const [base, out, label = "up"] = process.argv.slice(2);
const browser = await launch();
const post = process.env.POST || "/posts/2026-ai-trends/";
for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") console.log(`console ${name} ${scheme}: ${m.text()}`); });
    page.on("pageerror", (e) => console.log(`pageerror ${name} ${scheme}: ${e}`));
    const tag = `${label}-${name}-${scheme}`;
    await page.goto(`${base}/`, { waitUntil: "load" });
    await page.waitForTimeout(Number(process.env.WAIT || 1500));
    await page.screenshot({ path: `${out}/${tag}-home.png` });
    await page.goto(`${base}${post}`, { waitUntil: "load" });
    await page.waitForTimeout(Number(process.env.WAIT || 1500));
    await page.screenshot({ path: `${out}/${tag}-post-top.png` });
    await page.evaluate(() => document.querySelector(".post-footer").scrollIntoView({ behavior: "instant" }));
    await page.screenshot({ path: `${out}/${tag}-post-social.png` });
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: "instant" }));
    await page.screenshot({ path: `${out}/${tag}-post-end.png` });
    await context.close();
  }
}
await browser.close();
