// What the browser checks share: how Chromium is started, and axe-core's WCAG 2.1 AA audit.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export function launch() {
  return chromium.launch({
    executablePath: process.env.BOKE_CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Runs axe on an open page; returns its result (violations, passes). */
export async function axeRun(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(
    (tags) => globalThis.axe.run(document, { runOnly: { type: "tag", values: tags } }),
    WCAG_TAGS,
  );
}

/** axe violations as indented lines, five elements each at most. */
export function describeViolations(violations) {
  const lines = [];
  for (const violation of violations) {
    lines.push(`     ${violation.id} [${violation.impact}] ${violation.help}`);
    for (const node of violation.nodes.slice(0, 5)) {
      lines.push(`       at ${node.target.join(" ")}: ${node.failureSummary.replace(/\s+/g, " ")}`);
    }
    if (violation.nodes.length > 5) lines.push(`       … and ${violation.nodes.length - 5} more`);
  }
  return lines.join("\n");
}

/** Counts passes and failures and prints them as `ok …` / `FAIL …` lines and a summary. */
export class Report {
  constructor() {
    this.passed = 0;
    this.failures = [];
  }
  ok(what) {
    this.passed += 1;
    console.log(`ok   ${what}`);
  }
  fail(what, detail) {
    this.failures.push(what);
    console.log(`FAIL ${what}`);
    if (detail) console.log(detail);
  }
  finish() {
    console.log(`${this.passed} passed, ${this.failures.length} failed`);
    process.exit(this.failures.length ? 1 : 0);
  }
}
