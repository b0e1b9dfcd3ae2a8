// boke search client: queries the sharded index that boke-search builds, in the browser or in
// Node, with no dependencies. It mirrors the Rust engine step for step (normalize.rs,
// tokenize.rs, query.rs, engine.rs, snippet.rs), so both return the same hits in the same order.
//
//   const index = BokeSearch.open("/search/");            // base URL of the index directory
//   const { total, hits } = await index.search("多模态", 10);
//   // hits: [{ title, url, date, date_label, score, snippet }], snippet is HTML with <mark>
//   // around matches, date_label the date as the site shows it
//
// open(base, fetchImpl) takes an optional fetch function (tests pass one that reads files).
(function () {
  "use strict";

  const VERSION = 5;
  const TITLE_SLOTS = 256;
  const HEADING_SLOTS = 256;
  const STRONG_SLOTS = 256;
  const BODY_SLOT = TITLE_SLOTS + HEADING_SLOTS + STRONG_SLOTS;
  const FIELDS = 4;
  const FIELD_BOOSTS = [3.0, 1.0, 0.75];
  const K1 = 1.2;
  const B = 0.75;
  const WORD_BONUS = 0.5;
  const WINDOW = 100;
  const LEAD = 40;
  const MIN_BEFORE_END = 60;
  const SEPARATOR = " · ";
  const MAX_WORD_CHARS = 40;
  const ENTRY_INLINE = 0;
  const ENTRY_EXTERNAL = 1;
  const PRESENCE_LIST = 0;
  const PRESENCE_BITMAP = 1;
  const POSITIONAL = 0, PRESENCE = 1, WEIGHTED = 2;

  // ---- normalization (normalize.rs)

  // Characters indexed one by one: boke-cjk's is_cjk_word, as [first, last] pairs in order
  // (normalize.rs checks this table against it).
  const CJK_RANGES = [
    0x2e80, 0x2fdf, 0x3005, 0x3005, 0x3007, 0x3007, 0x3021, 0x3029, 0x3038, 0x303b,
    0x3041, 0x3096, 0x309d, 0x309f, 0x30a1, 0x30fa, 0x30fc, 0x30ff, 0x31f0, 0x31ff,
    0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xf900, 0xfaff, 0xff66, 0xff9d, 0x20000, 0x2ebef,
    0x2f800, 0x2fa1f, 0x30000, 0x323af,
  ];
  function isCjk(cp) {
    if (cp < 0x2e80) return false;
    if (cp >= 0x4e00 && cp <= 0x9fff) return true;
    for (let i = 0; i < CJK_RANGES.length; i += 2) {
      if (cp < CJK_RANGES[i]) return false;
      if (cp <= CJK_RANGES[i + 1]) return true;
    }
    return false;
  }
  const ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  function isWordChar(ch) {
    return !isCjk(ch.codePointAt(0)) && ALNUM.test(ch);
  }
  function foldWidth(ch) {
    const cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCodePoint(cp - 0xfee0);
    if (cp === 0x3000) return " ";
    return ch;
  }
  function foldChar(ch, folds) {
    let c = foldWidth(ch);
    c = folds.get(c) || c;
    if (c.codePointAt(0) < 0x80) return c.toLowerCase();
    const lower = c.toLowerCase();
    return [...lower].length === 1 ? lower : c;
  }
  function stem(word) {
    const n = word.length;
    if (n <= 3 || !/^[a-z]+$/.test(word)) return word;
    if (n > 4 && word.endsWith("ies")) return word.slice(0, n - 3) + "y";
    if (word.endsWith("sses")) return word.slice(0, n - 2);
    if (word.endsWith("s") && !(word.endsWith("ss") || word.endsWith("us") || word.endsWith("is"))) {
      return word.slice(0, n - 1);
    }
    return word;
  }

  // ---- units (tokenize.rs): chars is an array of normalized code points

  function unitsOf(chars) {
    const units = [];
    const nextSlot = (start) => {
      const prev = units[units.length - 1];
      if (!prev) return 0;
      return prev.end === start ? prev.slot + 1 : prev.slot + 2;
    };
    let i = 0;
    while (i < chars.length) {
      const c = chars[i];
      if (isCjk(c.codePointAt(0))) {
        const glued = i > 0 && isCjk(chars[i - 1].codePointAt(0));
        units.push({ key: c, cjk: true, glued, slot: nextSlot(i), start: i, end: i + 1 });
        i += 1;
      } else if (isWordChar(c)) {
        const start = i;
        while (i < chars.length && isWordChar(chars[i])) i += 1;
        const word = chars.slice(start, Math.min(i, start + MAX_WORD_CHARS)).join("");
        units.push({ key: stem(word), cjk: false, glued: false, slot: nextSlot(start), start, end: i });
      } else {
        i += 1;
      }
    }
    return units;
  }
  function units(text, folds) {
    return unitsOf(Array.from(text, (c) => foldChar(c, folds)));
  }

  // ---- query parsing (query.rs)

  function parseQuery(query, folds) {
    const terms = [];
    query.split('"').forEach((part, i) => {
      const pieces = i % 2 === 1 ? [part] : part.split(/\s+/).filter((p) => p.length > 0);
      for (const piece of pieces) {
        const t = term(piece, folds);
        if (t) terms.push(t);
      }
    });
    return terms;
  }
  function term(text, folds) {
    const us = units(text, folds);
    if (us.length === 0) return null;
    const positional = [];
    const runs = [];
    const present = [];
    let i = 0;
    while (i < us.length) {
      if (!us[i].cjk) {
        positional.push([us[i].key, us[i].slot]);
        i += 1;
        continue;
      }
      const start = i;
      i += 1;
      while (i < us.length && us[i].glued) i += 1;
      const run = us.slice(start, i);
      if (run.length === 1) {
        present.push(run[0].key);
        continue;
      }
      const bigrams = [];
      for (let o = 0; o + 1 < run.length; o++) bigrams.push([run[o].key + run[o + 1].key, run[o].slot]);
      runs.push(bigrams);
    }
    const isWord = us.length >= 3 && us.every((u) => u.cjk) && us.slice(1).every((u) => u.glued);
    return { units: us, positional, runs, present, word: isWord ? us.map((u) => u.key).join("") : null };
  }
  // The cheapest bigrams of a run covering every character (query.rs cheapest_cover).
  function cheapestCover(costs) {
    const best = [];
    for (let i = 0; i < costs.length; i++) {
      let previous = null;
      if (i === 1) previous = 0;
      else if (i >= 2) previous = best[i - 2][0] <= best[i - 1][0] ? i - 2 : i - 1;
      const before = previous === null ? 0 : best[previous][0];
      best.push([before + costs[i], previous]);
    }
    const chosen = [];
    let at = costs.length - 1;
    while (at !== null && at >= 0) {
      chosen.push(at);
      at = best[at][1];
    }
    return chosen.reverse();
  }

  // ---- format (format.rs)

  function termHash(key) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(key)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h >>> 0;
  }
  function normLengths() {
    const table = [0];
    for (let q = 1; q < 256; q++) {
      const prev = table[q - 1];
      table.push(Math.max(prev + 1, prev + Math.floor(prev / 16)));
    }
    return table;
  }
  function termKind(key) {
    let cjk = 0;
    for (const c of key) {
      if (!isCjk(c.codePointAt(0))) return POSITIONAL;
      cjk += 1;
    }
    return cjk === 1 ? PRESENCE : cjk === 2 ? POSITIONAL : WEIGHTED;
  }
  class Reader {
    constructor(bytes) { this.bytes = bytes; this.pos = 0; }
    atEnd() { return this.pos >= this.bytes.length; }
    varint() {
      let value = 0;
      for (let shift = 0; shift < 35; shift += 7) {
        if (this.pos >= this.bytes.length) throw new Error("truncated index file");
        const byte = this.bytes[this.pos++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
      throw new Error("bad varint in index file");
    }
    take(n) {
      if (this.pos + n > this.bytes.length) throw new Error("truncated index file");
      const out = this.bytes.subarray(this.pos, this.pos + n);
      this.pos += n;
      return out;
    }
  }
  // Rice-coded corpus-wide positions (rice.rs decode), split back into [doc, slots] by the
  // documents' start positions in bases (engine.rs positions).
  function decodePositions(bytes, df, bases) {
    const r = new Reader(bytes);
    const count = r.varint();
    const k = r.take(1)[0];
    if (k > 30) throw new Error("bad postings in search index");
    const data = bytes.subarray(r.pos);
    const totalBits = data.length * 8;
    if (count > totalBits) throw new Error("bad postings in search index");
    const scale = 2 ** k;
    const list = [];
    let at = 0;
    let doc = 0;
    let position = 0;
    for (let i = 0; i < count; i++) {
      let quotient = 0;
      for (;;) {
        if (at >= totalBits) throw new Error("truncated index file");
        const b = (data[at >> 3] >> (at & 7)) & 1;
        at += 1;
        if (b === 0) break;
        quotient += 1;
      }
      if (at + k > totalBits) throw new Error("truncated index file");
      let remainder = 0;
      for (let j = 0; j < k; j++) {
        remainder |= ((data[at >> 3] >> (at & 7)) & 1) << j;
        at += 1;
      }
      const gap = quotient * scale + remainder;
      position = i === 0 ? gap : position + gap + 1;
      while (doc + 1 < bases.length && bases[doc + 1] <= position) doc += 1;
      if (doc + 1 >= bases.length) throw new Error("bad postings in search index");
      const slot = position - bases[doc];
      const last = list[list.length - 1];
      if (last && last[0] === doc) last[1].push(slot);
      else list.push([doc, [slot]]);
    }
    if (totalBits - at >= 8 || list.length !== df) throw new Error("bad postings in search index");
    return { kind: POSITIONAL, list };
  }
  function decodePostings(bytes, df, kind, bases) {
    if (kind === POSITIONAL) return decodePositions(bytes, df, bases);
    const docs = bases.length - 1;
    const list = [];
    if (kind === PRESENCE) {
      if (bytes[0] === PRESENCE_BITMAP) {
        if (bytes.length !== 1 + Math.ceil(docs / 8)) throw new Error("bad bitmap in search index");
        for (let d = 0; d < docs; d++) if ((bytes[1 + (d >> 3)] >> (d & 7)) & 1) list.push(d);
      } else if (bytes[0] === PRESENCE_LIST) {
        const r = new Reader(bytes.subarray(1));
        let doc = 0;
        for (let i = 0; i < df; i++) { const delta = r.varint(); doc = i === 0 ? delta : doc + delta; list.push(doc); }
        if (!r.atEnd()) throw new Error("bad postings in search index");
      } else {
        throw new Error("bad postings in search index");
      }
      if (list.length !== df) throw new Error("bad postings in search index");
      return { kind, list };
    }
    const r = new Reader(bytes);
    let doc = 0;
    for (let i = 0; i < df; i++) {
      const delta = r.varint();
      doc = i === 0 ? delta : doc + delta;
      list.push([doc, r.varint()]);
    }
    if (!r.atEnd()) throw new Error("bad postings in search index");
    return { kind, list };
  }
  function hasSorted(sorted, value) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === value;
  }

  // ---- matching and ranking (engine.rs)

  // The field of a match starting at slot: 0 title, 1 heading, 2 bold, 3 body (format.rs field_of).
  function fieldOf(slot) {
    if (slot < TITLE_SLOTS) return 0;
    if (slot < TITLE_SLOTS + HEADING_SLOTS) return 1;
    if (slot < BODY_SLOT) return 2;
    return 3;
  }

  // The Latin words and cheapest covering bigrams a term is matched on, in slot order; null
  // when one is not in the index (engine.rs components).
  function components(t, entries) {
    const parts = [];
    for (const [key, offset] of t.positional) {
      if (!entries.has(key)) return null;
      parts.push([key, offset]);
    }
    for (const run of t.runs) {
      const costs = [];
      for (const [key] of run) {
        const e = entries.get(key);
        if (!e) return null;
        costs.push(e.data ? e.data.length : e.size);
      }
      for (const i of cheapestCover(costs)) parts.push(run[i]);
    }
    if (t.present.some((key) => !entries.has(key))) return null;
    // Stable, like Rust's sort_by_key.
    return parts.map((p, i) => [p, i]).sort((a, b) => a[0][1] - b[0][1] || a[1] - b[1]).map((x) => x[0]);
  }

  function termFrequencies(t, parts, postings) {
    const result = new Map();
    const present = [];
    for (const key of t.present) {
      const p = postings.get(key);
      if (!p || p.kind !== PRESENCE) return result;
      present.push(p.list);
    }
    const holdsAll = (doc) => present.every((list) => hasSorted(list, doc));
    const components = [];
    for (const [key, offset] of parts) {
      const p = postings.get(key);
      if (!p || p.kind !== POSITIONAL) return result;
      components.push([p.list, offset]);
    }
    if (components.length === 0) {
      if (present.length > 0) {
        for (const doc of present[0]) if (holdsAll(doc)) result.set(doc, [0, 0, 0, 1]);
      }
      return result;
    }
    const [[first, firstOffset], ...rest] = components;
    const others = rest.map(([list, offset]) => [new Map(list), offset]);
    for (const [doc, positions] of first) {
      if (!holdsAll(doc)) continue;
      const otherPositions = [];
      let ok = true;
      for (const [m, o] of others) {
        const ps = m.get(doc);
        if (!ps) { ok = false; break; }
        otherPositions.push([ps, o]);
      }
      if (!ok) continue;
      const tf = new Array(FIELDS).fill(0);
      for (const p of positions) {
        if (p < firstOffset) continue;
        const start = p - firstOffset;
        if (otherPositions.every(([ps, o]) => hasSorted(ps, start + o))) {
          tf[fieldOf(start)] += 1;
        }
      }
      if (tf.some((n) => n > 0)) result.set(doc, tf);
    }
    return result;
  }

  // ---- snippets (snippet.rs)

  function escapeChar(c) {
    switch (c) {
      case "&": return "&amp;";
      case "<": return "&lt;";
      case ">": return "&gt;";
      case '"': return "&quot;";
      case "'": return "&#39;";
      case "\r": case "\t": return " ";
      default: return c;
    }
  }
  function isBoundary(c) {
    return "\n。！？；，：!?;,".includes(c);
  }
  function isSpace(c) {
    return c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\u3000";
  }
  // The characters shown for a first match at anchor (snippet.rs bounds).
  function bounds(chars, anchor) {
    const from = Math.max(0, anchor - LEAD);
    let start = -1;
    for (let i = anchor - 1; i >= from; i--) if (isBoundary(chars[i])) { start = i + 1; break; }
    if (start < 0 && anchor <= LEAD) start = 0;
    if (start < 0) {
      start = anchor;
      for (let i = from; i < anchor; i++) if (isSpace(chars[i])) { start = i + 1; break; }
    }
    while (start < chars.length && isSpace(chars[start])) start += 1;
    let end = Math.min(chars.length, start + WINDOW);
    if (end < chars.length) {
      for (let i = end - 1; i >= start + MIN_BEFORE_END; i--) {
        const c = chars[i];
        if (c === "。" || c === "！" || c === "？" || c === "\n") { end = i + 1; break; }
      }
    }
    return [start, end];
  }
  function snippet(text, terms, folds) {
    const chars = Array.from(text);
    const doc = units(text, folds);
    const marks = [];
    for (const t of terms) {
      const n = t.units.length;
      for (let i = 0; i + n <= doc.length; i++) {
        const d0 = doc[i].slot, q0 = t.units[0].slot;
        let same = true;
        for (let k = 0; k < n; k++) {
          const d = doc[i + k], q = t.units[k];
          if (d.key !== q.key || d.slot - d0 !== q.slot - q0) { same = false; break; }
        }
        if (same) marks.push([doc[i].start, doc[i + n - 1].end]);
      }
    }
    marks.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged = [];
    for (const [s, e] of marks) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    const anchor = merged.length ? merged[0][0] : 0;
    const [start, end] = bounds(chars, anchor);
    let out = start > 0 ? "…" : "";
    let open = false;
    let pendingBreak = false;
    for (let i = start; i < end; i++) {
      if (chars[i] === "\n") { pendingBreak = true; continue; }
      const inMark = merged.some(([s, e]) => s <= i && i < e);
      if (pendingBreak) {
        if (open) { out += "</mark>"; open = false; }
        out += SEPARATOR;
        pendingBreak = false;
      }
      if (inMark !== open) { out += inMark ? "<mark>" : "</mark>"; open = inMark; }
      out += escapeChar(chars[i]);
    }
    if (open) out += "</mark>";
    if (chars.slice(end).some((c) => !isSpace(c))) out += "…";
    return out;
  }

  // ---- the index

  class Index {
    constructor(base, fetchImpl) {
      this.base = base.endsWith("/") ? base : base + "/";
      this.fetch = fetchImpl || ((url) => fetch(url));
      this.ready = null;
      this.folds = new Map();
      this.foldBlocks = new Map();
    }
    async bytes(path) {
      const res = await this.fetch(this.base + path);
      if (!res.ok) throw new Error(`search index: cannot fetch ${path} (${res.status})`);
      return new Uint8Array(await res.arrayBuffer());
    }
    async text(path) {
      return new TextDecoder().decode(await this.bytes(path));
    }
    async gunzip(path) {
      const gz = await this.bytes(path);
      const stream = new Response(gz).body.pipeThrough(new DecompressionStream("gzip"));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    // A document record: JSON in UTF-8, or in UTF-16LE behind a byte order mark (which the
    // decoder drops) when that was shorter; see src/record.rs.
    async record(doc) {
      const bytes = await this.gunzip(`d/${doc.toString(16)}.bin`);
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
      return JSON.parse(new TextDecoder(utf16 ? "utf-16le" : "utf-8").decode(bytes));
    }
    open() {
      if (!this.ready) {
        this.ready = (async () => {
          const [metaText, normsAndSpans] = await Promise.all([this.text("meta.json"), this.gunzip("norms.bin")]);
          const meta = JSON.parse(metaText);
          if (meta.version !== VERSION) throw new Error(`search index format ${meta.version} is not ${VERSION}`);
          if (normsAndSpans.length < meta.docs) throw new Error("bad norms in search index");
          const norms = normsAndSpans.subarray(0, meta.docs);
          const spans = new Reader(normsAndSpans.subarray(meta.docs));
          this.bases = [0];
          for (let d = 0; d < meta.docs; d++) this.bases.push(this.bases[d] + spans.varint());
          if (!spans.atEnd()) throw new Error("bad norms in search index");
          const table = normLengths();
          let total = 0;
          for (const q of norms) total += table[q];
          this.meta = meta;
          this.lengths = Array.from(norms, (q) => table[q]);
          this.average = norms.length ? Math.max(total / norms.length, 1) : 1;
          this.foldAvailable = new Set(meta.fold);
        })();
      }
      return this.ready;
    }
    // Loads the Traditional → Simplified pairs for the blocks the query's characters fall in.
    async loadFolds(query) {
      const blocks = new Set();
      for (const c of query) {
        const block = foldWidth(c).codePointAt(0) >> this.meta.fold_shift;
        if (this.foldAvailable.has(block) && !this.foldBlocks.has(block)) blocks.add(block);
      }
      await Promise.all([...blocks].map(async (block) => {
        const text = await this.text(`f/${block.toString(16)}.txt`);
        for (const line of text.split("\n")) {
          const [t, s] = Array.from(line);
          if (t && s) this.folds.set(t, s);
        }
        this.foldBlocks.set(block, true);
      }));
    }
    // Fetches the dictionary buckets of the keys; returns the entries of those in the index.
    async lookup(keys) {
      const byBucket = new Map();
      for (const key of keys) {
        const bucket = termHash(key) & (this.meta.buckets - 1);
        if (!byBucket.has(bucket)) byBucket.set(bucket, new Set());
        byBucket.get(bucket).add(key);
      }
      const found = new Map();
      await Promise.all([...byBucket].map(async ([bucket, wanted]) => {
        const r = new Reader(await this.gunzip(`t/${bucket.toString(16)}.bin`));
        while (!r.atEnd()) {
          const key = new TextDecoder().decode(r.take(r.varint()));
          const df = r.varint();
          const kind = r.varint();
          const entry = { df, data: null, file: null, size: 0 };
          if (kind === ENTRY_INLINE) entry.data = r.take(r.varint());
          else if (kind === ENTRY_EXTERNAL) { entry.file = r.varint(); entry.size = r.varint(); }
          else throw new Error("bad entry in search index");
          if (wanted.has(key)) found.set(key, entry);
        }
      }));
      return found;
    }
    // Fetches and decodes the postings of the wanted keys.
    async fetchPostings(wanted, entries) {
      const postings = new Map();
      await Promise.all([...wanted].map(async (key) => {
        const e = entries.get(key);
        if (!e) return;
        const kind = termKind(key);
        const path = `p/${e.file?.toString(16)}.bin`;
        // Positional postings files are Rice codes, stored without gzip (format.rs).
        const data = e.data !== null ? e.data : kind === POSITIONAL ? await this.bytes(path) : await this.gunzip(path);
        postings.set(key, decodePostings(data, e.df, kind, this.bases));
      }));
      return postings;
    }
    async search(query, limit) {
      await this.open();
      await this.loadFolds(query);
      const terms = parseQuery(query, this.folds);
      const empty = { total: 0, hits: [] };
      if (terms.length === 0) return empty;
      const keys = new Set();
      for (const t of terms) {
        for (const [k] of t.positional) keys.add(k);
        for (const run of t.runs) for (const [k] of run) keys.add(k);
        for (const k of t.present) keys.add(k);
        if (t.word) keys.add(t.word);
      }
      const entries = await this.lookup(keys);
      const parts = terms.map((t) => components(t, entries));
      if (parts.some((p) => p === null)) return empty;
      const wanted = new Set();
      terms.forEach((t, i) => {
        for (const [k] of parts[i]) wanted.add(k);
        for (const k of t.present) wanted.add(k);
        if (t.word && entries.has(t.word)) wanted.add(t.word);
      });
      const postings = await this.fetchPostings(wanted, entries);
      const perTerm = [];
      for (let i = 0; i < terms.length; i++) {
        const tf = termFrequencies(terms[i], parts[i], postings);
        if (tf.size === 0) return empty;
        perTerm.push(tf);
      }
      let smallest = perTerm[0];
      for (const m of perTerm) if (m.size < smallest.size) smallest = m;
      const matching = [...smallest.keys()].filter((d) => perTerm.every((m) => m.has(d)));
      matching.sort((a, b) => a - b);
      const scored = matching.map((d) => [d, this.score(d, terms, perTerm, postings)]);
      scored.sort((a, b) => (b[1] - a[1]) || (a[0] - b[0]));
      const top = scored.slice(0, limit);
      const hits = await Promise.all(top.map(async ([doc, score]) => {
        const record = await this.record(doc);
        const folds = new Map(this.folds);
        const pairs = Array.from(record.f || "");
        for (let i = 0; i + 1 < pairs.length; i += 2) folds.set(pairs[i], pairs[i + 1]);
        return {
          title: record.t, url: record.u, date: record.d ?? null, date_label: record.l ?? null,
          score, snippet: snippet(record.x, terms, folds),
        };
      }));
      return { total: scored.length, hits };
    }
    score(doc, terms, perTerm, postings) {
      const n = this.meta.docs;
      const length = this.lengths[doc] ?? this.average;
      const norm = K1 * Math.max(1 - B + B * length / this.average, 1);
      const saturate = (tf) => tf * (K1 + 1) / (tf + norm);
      const saturateField = (tf) => tf * (K1 + 1) / (tf + K1);
      const idf = (df) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
      let score = 0;
      terms.forEach((t, i) => {
        const tf = perTerm[i];
        const counts = tf.get(doc) || [0, 0, 0, 0];
        let weight = saturate(counts[FIELDS - 1]);
        FIELD_BOOSTS.forEach((boost, f) => { weight += boost * saturateField(counts[f]); });
        score += idf(tf.size) * weight;
        const w = t.word ? postings.get(t.word) : null;
        if (w && w.kind === WEIGHTED) {
          let lo = 0, hi = w.list.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (w.list[mid][0] < doc) lo = mid + 1; else hi = mid;
          }
          if (lo < w.list.length && w.list[lo][0] === doc) {
            score += WORD_BONUS * idf(w.list.length) * saturate(w.list[lo][1]);
          }
        }
      });
      return score;
    }
  }

  globalThis.BokeSearch = {
    open: (base, fetchImpl) => new Index(base, fetchImpl),
    // Exposed for tests and for other UIs.
    parseQuery: (query) => parseQuery(query, new Map()),
  };
})();
