// boke search page: binds the search client (search.js, loaded first) to the page.
//
// DOM contract (the theme's /search/ page provides these; ids are fixed, text is free):
//
//   <form id="search-form" role="search" action="/search/" method="get"
//         data-search-index="/search/">            <!-- base URL of the index files -->
//     <label for="search-input">搜索</label>
//     <input type="search" name="q" id="search-input" autocomplete="off"
//            aria-controls="search-results" aria-describedby="search-status">
//   </form>
//   <p id="search-status" role="status" aria-live="polite"></p>
//   <ol id="search-results"></ol>
//   <noscript>搜索需要启用 JavaScript。</noscript>
//   <script src="/search/search.js" defer></script>
//   <script src="/search/search-ui.js" defer></script>
//
// Optional: data-search-limit="20" on the form (results shown, default 20).
//
// Behaviour: searches as you type (debounced), on submit, and for ?q= in the URL on load; keeps
// ?q= in the URL up to date (replaceState); ArrowDown/ArrowUp move between results, Enter opens
// the focused result, Escape returns to the input. Each result is
//   <li class="search-hit"><a class="search-hit-title" href="URL">TITLE</a>
//       <time class="search-hit-date" datetime="DATE">DATE AS THE SITE SHOWS IT</time>
//       <p class="search-hit-snippet">SNIPPET with <mark>…</mark></p></li>
// and the status line says how many posts matched (or why nothing did).
(function () {
  "use strict";

  const DEBOUNCE_MS = 150;

  function bind() {
    const form = document.getElementById("search-form");
    const input = document.getElementById("search-input");
    const list = document.getElementById("search-results");
    const status = document.getElementById("search-status");
    if (!form || !input || !list || !status || !globalThis.BokeSearch) return;
    const index = globalThis.BokeSearch.open(form.dataset.searchIndex || "/search/");
    const limit = Number(form.dataset.searchLimit) || 20;
    let generation = 0;
    let timer = 0;

    function setUrl(query) {
      const url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
    }

    function render(results, query) {
      list.replaceChildren();
      for (const hit of results.hits) {
        const li = document.createElement("li");
        li.className = "search-hit";
        const a = document.createElement("a");
        a.className = "search-hit-title";
        a.href = hit.url;
        a.textContent = hit.title || hit.url;
        li.append(a);
        if (hit.date) {
          const time = document.createElement("time");
          time.className = "search-hit-date";
          time.dateTime = hit.date;
          // The index holds the date as the rest of the site shows it in the page's language.
          time.textContent = hit.date_label || hit.date.slice(0, 10);
          li.append(" ", time);
        }
        const p = document.createElement("p");
        p.className = "search-hit-snippet";
        p.innerHTML = hit.snippet; // escaped by the engine except for <mark>
        li.append(p);
        list.append(li);
      }
      if (results.total === 0) {
        status.textContent = `没有找到包含“${query}”的文章。`;
      } else if (results.total > results.hits.length) {
        status.textContent = `找到 ${results.total} 篇文章，显示前 ${results.hits.length} 篇。`;
      } else {
        status.textContent = `找到 ${results.total} 篇文章。`;
      }
    }

    async function run(query) {
      const mine = ++generation;
      setUrl(query);
      if (!query.trim()) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      status.textContent = "正在搜索…";
      try {
        const results = await index.search(query, limit);
        if (mine === generation) render(results, query.trim());
      } catch (err) {
        if (mine === generation) status.textContent = `搜索出错：${err.message}`;
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run(input.value);
    });

    function links() {
      return Array.from(list.querySelectorAll("a.search-hit-title"));
    }
    function move(from, step) {
      const all = links();
      if (all.length === 0) return;
      const at = all.indexOf(from);
      const next = at + step;
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") { event.preventDefault(); move(null, 1); }
    });
    list.addEventListener("keydown", (event) => {
      const link = event.target.closest && event.target.closest("a.search-hit-title");
      if (!link) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(link, 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(link, -1); }
      else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
    });

    const initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
