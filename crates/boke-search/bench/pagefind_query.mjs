// Runs queries on a Pagefind bundle under Node with a fresh client per query, as on a first
// visit, and prints one JSON line per query: hits, bytes and files fetched, time, and the URLs of
// all hits (for precision against the ground truth).
//   node pagefind_query.mjs PAGEFIND_DIR QUERY...
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";

// Pagefind segments CJK queries only when the page declares a language that needs it.
globalThis.document = {
  currentScript: null,
  querySelector: (sel) => (sel === "html" ? { getAttribute: (a) => (a === "lang" ? "zh-CN" : null) } : null),
};
const [bundle, ...queries] = process.argv.slice(2);
let bytes = 0;
let files = 0;
globalThis.fetch = async (input) => {
  const url = typeof input === "string" ? input : input.url ?? String(input);
  try {
    const data = await readFile(fileURLToPath(url.split("?")[0]));
    bytes += data.length;
    files += 1;
    return new Response(data, { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
};
const href = pathToFileURL(path.resolve(bundle, "pagefind.js")).href;
for (const [i, q] of queries.entries()) {
  // A fresh module instance per query so nothing is cached between them.
  const pf = await import(`${href}?q=${i}`);
  await pf.options({ basePath: pathToFileURL(path.resolve(bundle)).href + "/" });
  bytes = 0;
  files = 0;
  const t0 = performance.now();
  await pf.init();
  const res = await pf.search(q);
  // Like a results page: the data (title, excerpt) of the first ten hits.
  await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
  const ms = performance.now() - t0;
  const [fetched, fetchedFiles] = [bytes, files];
  // Every hit's URL, for precision; fetched after the figures above are taken.
  const urls = await Promise.all(res.results.map(async (r) => decodeURI((await r.data()).url)));
  console.log(JSON.stringify({ query: q, hits: res.results.length, bytes: fetched, files: fetchedFiles, ms: Number(ms.toFixed(1)), urls }));
}
