// What the comment form's proof of work costs a reader: runs the solver from the theme's
// social.js (read from the file, not a copy) in headless Chromium, with the CPU slowed through
// CDP's Emulation.setCPUThrottlingRate as a stand-in for a phone, for several difficulties.
//
//   node pow-cost.mjs [ROUNDS] [RATES] [BITS]    e.g. node pow-cost.mjs 24 1,4,6 12,14,15,16,17
//
// Prints, per rate and number of bits, the median, mean and 90th percentile of the time to a
// solution over ROUNDS fresh challenges. A measurement for a person to read, not a check.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launch } from "./common.mjs";

const [rounds = "24", rates = "1,4,6", bitsList = "12,14,15,16,17"] = process.argv.slice(2);
const source = readFileSync(fileURLToPath(new URL("../../crates/boke/theme/static/social.js", import.meta.url)), "utf8");
// The two functions between `function zeroBits` and `/* What \`/api/challenge\` asks for`.
const solver = source.slice(source.indexOf("  function zeroBits"), source.indexOf("  /* What `/api/challenge`"));
if (!solver.includes("function solve")) throw new Error("the solver is not where pow-cost.mjs looks in social.js");

// A page on loopback: SubtleCrypto needs a secure context, which http://127.0.0.1 is.
const server = createServer((_, response) => {
  response.writeHead(200, { "Content-Type": "text/html" });
  response.end(`<!doctype html><title>pow</title><script>${solver}; window.solve = solve;</script>`);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const browser = await launch();
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
const cdp = await page.context().newCDPSession(page);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`rounds ${rounds}; ${await page.evaluate(() => navigator.userAgent)}`);
console.log("rate  bits  median_ms  mean_ms  p90_ms  max_ms  share_over_1s");
for (const rate of rates.split(",").map(Number)) {
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  for (const bits of bitsList.split(",").map(Number)) {
    const times = await page.evaluate(async ({ bits, rounds }) => {
      const out = [];
      for (let n = 0; n < rounds; n++) {
        const challenge = `${n}.${Date.now()}.${Math.random().toString(16).slice(2)}`;
        const started = performance.now();
        await window.solve({ challenge, bits });
        out.push(performance.now() - started);
      }
      return out;
    }, { bits, rounds: Number(rounds) });
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const over = times.filter((t) => t > 1000).length / times.length;
    console.log(
      [rate, bits, quantile(times, 0.5), mean, quantile(times, 0.9), times[times.length - 1]]
        .map((v) => String(Math.round(v)).padStart(6)).join("  ") + `  ${(over * 100).toFixed(0)}%`,
    );
  }
}
await browser.close();
server.close();
