// 搜索框：防抖后查询索引
import { loadIndex } from "./index.js";

const DELAY = 120;
let timer = null;

export class Search {
  #cache = new Map();

  constructor(input, results, { limit = 10 } = {}) {
    this.input = input;
    this.results = results;
    this.limit = limit;
    input.addEventListener("input", () => this.schedule());
  }

  schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => this.run(this.input.value.trim()), DELAY);
  }

  async run(query) {
    if (!query) return void (this.results.innerHTML = "");
    const index = this.#cache.get("index") ?? (await loadIndex());
    this.#cache.set("index", index);
    const hits = index.search(query).slice(0, this.limit);
    this.results.innerHTML = hits
      .map(({ url, title }) => `<li><a href="${url}">${title}</a></li>`)
      .join("");
    return hits.length > 0 ? hits : null;
  }
}

const re = /^[\u4e00-\u9fff]+$/gu;
console.log(re.test("中文"), 0xff, 1e3, typeof undefined, [..."abc"]);
