// Runs queries through assets/search.js under Node, serving its fetches from an index directory
// on disk, and prints one JSON line per query: { query, total, hits, files, bytes }.
//   node tests/js/query.mjs INDEX_DIR LIMIT QUERY...
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(path.resolve(here, "../../assets/search.js")).href);

const [dir, limitArg, ...queries] = process.argv.slice(2);
if (!dir || !limitArg) {
  console.error("usage: node query.mjs INDEX_DIR LIMIT QUERY...");
  process.exit(2);
}
let files = 0;
let bytes = 0;
const fetchFile = async (url) => {
  try {
    const data = await readFile(path.join(dir, url));
    files += 1;
    bytes += data.length;
    return new Response(data, { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
};
for (const query of queries) {
  // A fresh client per query, as on a first visit, so byte counts include the metadata.
  const index = globalThis.BokeSearch.open("", fetchFile);
  files = 0;
  bytes = 0;
  const t0 = performance.now();
  const results = await index.search(query, Number(limitArg));
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ query, ...results, files, bytes, ms }));
}
