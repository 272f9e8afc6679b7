/* The review page of `extractor report`. Written for this project; no library.
 * The data (see page.py) is gzipped JSON in base64: unpacked once, then only what is on
 * screen is drawn: one page of rows, the article open, the charts when their tab is open. */
"use strict";
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ESC[c]);
  const fold = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d").toLowerCase();
  // light backgrounds for highlights (by indicator), strong colours for chart series (by place)
  const MARKS = ["#ffe27a", "#b9dcff", "#c8f0c0", "#ffc9a8", "#e3cbff", "#ffd1e3", "#bff0ec", "#f2e3b3",
    "#d6d6ff", "#ffb3b3", "#d9f7a8", "#cfe0e8", "#f7c6f0", "#e8d5c4", "#c4e8d5", "#ffe0b3", "#c9d8ff",
    "#e0ffc9", "#ffd9d9", "#d9fff7", "#eeeeee"];
  const SERIES = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
  const METRICS = [["poverty_rate", "Poverty rate (%)"], ["near_poverty_rate", "Near-poverty rate (%)"],
    ["poor_households", "Poor households"], ["near_poor_households", "Near-poor households"]];
  const PAGE = 100, MAX_SERIES = SERIES.length, MAX_LISTED = 300;

  let D, FI, AI, PI;           // data; field positions of facts, articles, places
  let facts, arts, places;     // the rows
  let byArticle = null;        // article -> its fact indices, built when first needed
  let haystack = null;         // fact -> folded search text, built on the first search
  let colour = {};             // indicator -> highlight colour
  let shown = [];              // fact indices passing the filters, sorted
  let openArticle = -1, currentFact = -1;
  const state = { indicator: "", province: "", place: "", year: "", status: "", outlet: "", q: "",
    sort: "", dir: 1, page: 0 };

  async function unpack() {
    const b64 = document.getElementById("data").textContent.trim();
    let bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(b64);
    } else {  // older browsers: byte by byte
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  const positions = (names) => Object.fromEntries(names.map((k, i) => [k, i]));
  const placeOf = (f) => (f[FI.place] >= 0 ? places[f[FI.place]] : null);
  const plural = (n, word) => `${n.toLocaleString("vi-VN")} ${word}${n === 1 ? "" : "s"}`;

  // ------------------------------------------------------------------ filters

  function passes(i, skipIndicator) {
    const f = facts[i], s = state;
    if (s.indicator && !skipIndicator && f[FI.indicator] !== s.indicator) return false;
    if (s.status && f[FI.status] !== s.status) return false;
    if (s.year && String(f[FI.year]) !== s.year) return false;
    if (s.place && String(f[FI.place]) !== s.place) return false;
    if (s.outlet && arts[f[FI.article]][AI.outlet] !== s.outlet) return false;
    if (s.province) {
      const p = placeOf(f);
      if (!p) return false;
      const [kind, name] = [s.province.slice(0, 4), s.province.slice(4)];
      if ((kind === "old:" ? p[PI.province] : p[PI.current_province]) !== name) return false;
    }
    if (s.q) {
      if (!haystack) buildHaystack();
      const words = fold(s.q).split(/\s+/).filter(Boolean);
      for (const w of words) if (haystack[i].indexOf(w) < 0) return false;
    }
    return true;
  }

  function buildHaystack() {
    // folded once per distinct piece: many facts share a sentence, a title, a place
    const cache = new Map(), folded = (k, text) => {
      let v = cache.get(k);
      if (v === undefined) { v = fold(text()); cache.set(k, v); }
      return v;
    };
    haystack = facts.map((f) => {
      const ai = f[FI.article], a = arts[ai], pi = f[FI.place];
      return [folded("a" + ai, () => a[AI.title] + " " + a[AI.outlet]),
        folded("p" + pi, () => (pi >= 0 ? places[pi][PI.label] + " " + places[pi][PI.current] : "")),
        folded("s" + ai + ":" + f[FI.sent_start] + ":" + f[FI.sent_end],
          () => D.texts[ai].slice(f[FI.sent_start], f[FI.sent_end])),
        fold([f[FI.indicator], f[FI.value_text], f[FI.time_text], f[FI.status], f[FI.population],
          f[FI.attributes]].join(" "))].join(" \u0001 ");
    });
  }

  const SORT_KEYS = {
    article: (f) => arts[f[FI.article]][AI.title] || arts[f[FI.article]][AI.id],
    indicator: (f) => f[FI.indicator],
    value: (f) => (f[FI.value] != null ? f[FI.value] : f[FI.range] ? f[FI.range][0] : -Infinity),
    time: (f) => (f[FI.x] != null ? f[FI.x] : -Infinity),
    place: (f) => (placeOf(f) ? placeOf(f)[PI.label] : "\uffff"),
    status: (f) => f[FI.status],
  };

  function apply() {
    shown = [];
    for (let i = 0; i < facts.length; i++) if (passes(i, false)) shown.push(i);
    if (state.sort) {
      const key = SORT_KEYS[state.sort], dir = state.dir;
      const keys = new Map(shown.map((i) => [i, key(facts[i])]));
      const coll = new Intl.Collator("vi");
      shown.sort((x, y) => {
        const a = keys.get(x), b = keys.get(y);
        const c = typeof a === "number" && typeof b === "number" ? a - b : coll.compare(String(a), String(b));
        return c ? c * dir : x - y;
      });
    }
    state.page = 0;
    $("#f-count").textContent = `${shown.length.toLocaleString("vi-VN")} of ${plural(facts.length, "fact")}`;
    renderTable();
    if (!$("#view-charts").hidden) drawCharts();
    if (!$("#view-provinces").hidden) drawProvinces();
  }

  function fillSelect(id, label, pairs) {
    // pairs: [value, text, count]; the first option is everything
    const opts = [`<option value="">${esc(label)}</option>`];
    for (const [v, t, n] of pairs) opts.push(`<option value="${esc(v)}">${esc(t)} (${n})</option>`);
    $(id).innerHTML = opts.join("");
  }

  function counted(keyOf) {
    const m = new Map();
    for (const f of facts) {
      const k = keyOf(f);
      if (k !== null && k !== undefined && k !== "") m.set(k, (m.get(k) || 0) + 1);
    }
    return m;
  }

  function setupFilters() {
    const byName = (m, text) => [...m].map(([k, n]) => [k, text ? text(k) : k, n])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1]), "vi"));
    fillSelect("#f-indicator", "all indicators", byName(counted((f) => f[FI.indicator])));
    fillSelect("#f-year", "all years", byName(counted((f) => f[FI.year])).reverse());
    fillSelect("#f-status", "all statuses",
      byName(counted((f) => f[FI.status]), (k) => `${k} (${D.statuses[k] || k})`));
    fillSelect("#f-outlet", "all outlets", byName(counted((f) => arts[f[FI.article]][AI.outlet])));
    fillSelect("#f-place", "all places", byName(counted((f) => (f[FI.place] >= 0 ? f[FI.place] : null)),
      (k) => { const p = places[k]; return p[PI.current] ? `${p[PI.label]} → ${p[PI.current]} (2025)` : p[PI.label]; }));
    const old = byName(counted((f) => { const p = placeOf(f); return p && p[PI.province] ? "old:" + p[PI.province] : null; }),
      (k) => k.slice(4));
    const cur = byName(counted((f) => { const p = placeOf(f); return p && p[PI.current_province] ? "new:" + p[PI.current_province] : null; }),
      (k) => k.slice(4));
    const group = (title, pairs) => `<optgroup label="${esc(title)}">` + pairs.map(([v, t, n]) =>
      `<option value="${esc(v)}">${esc(t)} (${n})</option>`).join("") + "</optgroup>";
    $("#f-province").innerHTML = `<option value="">all provinces</option>` + group("as written", old) +
      group("since July 2025", cur);
    const on = (id, key, ev) => $(id).addEventListener(ev || "change", (e) => { state[key] = e.target.value; apply(); });
    on("#f-indicator", "indicator"); on("#f-year", "year"); on("#f-status", "status");
    on("#f-outlet", "outlet"); on("#f-place", "place"); on("#f-province", "province");
    let timer = 0;
    $("#f-q").addEventListener("input", (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.q = e.target.value.trim(); apply(); }, 200);
    });
    $("#f-clear").addEventListener("click", () => {
      for (const k of ["indicator", "province", "place", "year", "status", "outlet", "q"]) state[k] = "";
      for (const el of document.querySelectorAll("#filters select, #filters input")) el.value = "";
      apply();
    });
  }

  function setFilter(key, value) {
    state[key] = value;
    $("#f-" + key).value = value;
    apply();
  }

  // ------------------------------------------------------------------ the table

  function snippet(f) {
    const t = D.texts[f[FI.article]], s = f[FI.start], e = f[FI.end];
    const s0 = Math.max(f[FI.sent_start], s - 70), e1 = Math.min(f[FI.sent_end], e + 70);
    return `${s0 > f[FI.sent_start] ? "…" : ""}${esc(t.slice(s0, s))}<b>${esc(t.slice(s, e))}</b>` +
      `${esc(t.slice(e, e1))}${e1 < f[FI.sent_end] ? "…" : ""}`;
  }

  function renderTable() {
    const start = state.page * PAGE, part = shown.slice(start, start + PAGE);
    const html = part.map((i) => {
      const f = facts[i], a = arts[f[FI.article]], p = placeOf(f);
      const title = a[AI.title] || a[AI.id];
      const place = p ? esc(p[PI.label]) + (p[PI.current] ? `<br><small>→ ${esc(p[PI.current])}</small>` : "") : "";
      return `<tr data-f="${i}" tabindex="0"${i === currentFact ? ' class="current"' : ""}>` +
        `<td class="art-title" title="${esc(title)}">${esc(title)}</td>` +
        `<td>${esc(f[FI.indicator])}<br><small>${esc(f[FI.kind])}${f[FI.population] ? " · " + esc(f[FI.population]) : ""}</small></td>` +
        `<td class="value">${esc(f[FI.value_text])}</td><td>${esc(f[FI.time_text])}</td><td>${place}</td>` +
        `<td>${esc(D.statuses[f[FI.status]] || f[FI.status])}</td>` +
        `<td class="ev"><a href="#ev-${i}" data-f="${i}" class="ev-snippet">${snippet(f)}</a></td></tr>`;
    }).join("");
    $("#facts tbody").innerHTML = html || `<tr><td colspan="7" class="hint">No fact passes the filters.</td></tr>`;
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    $("#p-info").textContent = `page ${state.page + 1} of ${pages}`;
    $("#p-prev").disabled = state.page === 0;
    $("#p-next").disabled = state.page >= pages - 1;
  }

  function setupTable() {
    const body = $("#facts tbody");
    const rowFact = (e) => { const tr = e.target.closest("tr[data-f]"); return tr ? +tr.dataset.f : -1; };
    body.addEventListener("click", (e) => {
      const i = rowFact(e);
      if (i < 0) return;
      e.preventDefault();
      openFact(i, false);
    });
    body.addEventListener("keydown", (e) => {
      const i = rowFact(e);
      if (i >= 0 && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openFact(i, true); }
    });
    for (const th of document.querySelectorAll("#facts th[data-key]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.key;
        state.dir = state.sort === key ? -state.dir : 1;
        state.sort = key;
        for (const o of document.querySelectorAll("#facts th[data-key]")) o.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        apply();
      });
    }
    $("#p-prev").addEventListener("click", () => { state.page--; renderTable(); });
    $("#p-next").addEventListener("click", () => { state.page++; renderTable(); });
  }

  // ------------------------------------------------------------------ the article and its highlights

  function factsOf(a) {
    if (!byArticle) {
      byArticle = arts.map(() => []);
      facts.forEach((f, i) => byArticle[f[FI.article]].push(i));
    }
    return byArticle[a];
  }

  // One <mark> per fact. Evidence inside another's nests in it; evidence that crosses another's
  // end is cut at that end, so every fact keeps a mark of its own.
  function highlighted(a) {
    const text = D.texts[a];
    const order = factsOf(a).slice().sort((x, y) =>
      facts[x][FI.start] - facts[y][FI.start] || facts[y][FI.end] - facts[x][FI.end] || x - y);
    let out = "", pos = 0;
    const open = [];
    const upTo = (n) => { if (n > pos) { out += esc(text.slice(pos, n)); pos = n; } };
    const close = () => { upTo(open.pop()); out += "</mark>"; };
    for (const i of order) {
      const f = facts[i];
      const s = Math.max(f[FI.start], pos);
      while (open.length && open[open.length - 1] <= s) close();
      upTo(s);
      let e = Math.max(f[FI.end], s);
      if (open.length && e > open[open.length - 1]) e = open[open.length - 1];
      out += `<mark class="ev" id="ev-${i}" data-f="${i}" tabindex="0" style="--c:${colour[f[FI.indicator]]}"` +
        ` title="${esc(f[FI.indicator] + ": " + f[FI.value_text])}">`;
      open.push(e);
    }
    while (open.length) close();
    upTo(text.length);
    return out;
  }

  function renderArticle(a) {
    const r = arts[a], n = factsOf(a).length;
    const meta = [r[AI.url] ? `<a href="${esc(r[AI.url])}" rel="noreferrer noopener" target="_blank">${esc(r[AI.url])}</a>` : "",
      esc(r[AI.published]), esc(r[AI.outlet]), esc(r[AI.path]), plural(n, "fact"),
      r[AI.why_no_facts] ? "no facts: " + esc(r[AI.why_no_facts]) : "",
      r[AI.normalized] ? "text normalised (NFC, line ends)" : ""].filter(Boolean).join(" · ");
    const kinds = [...new Set(factsOf(a).map((i) => facts[i][FI.indicator]))].sort();
    const legend = kinds.map((k) => `<span class="swatch" style="--c:${colour[k]}">${esc(k)}</span>`).join(" ");
    $("#article").innerHTML = `<h2 id="article-title">${esc(r[AI.title] || r[AI.id])}</h2>` +
      `<p class="meta">${meta}</p>${legend ? `<p class="legend-marks">${legend}</p>` : ""}` +
      `<div class="text" data-article="${a}">${highlighted(a)}</div>`;
    openArticle = a;
  }

  function showArticle(a) {
    showTab("facts");
    renderArticle(a);
    $("#fact").innerHTML = `<p class="hint">${plural(factsOf(a).length, "fact")} in this article.</p>`;
    $("#viewer").scrollTop = 0;
  }

  function openFact(i, focus) {
    const a = facts[i][FI.article];
    if (a !== openArticle) renderArticle(a);
    const mark = document.getElementById("ev-" + i);
    showFact(i);
    if (mark) {
      // scroll the article pane only, never the page: the row clicked stays where it was
      const pane = $("#viewer"), at = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
      const held = $("#fact").offsetHeight;  // the fact stays on top of the pane: centre below it
      pane.scrollTop += at - held - (pane.clientHeight - held) / 2;
      if (focus) mark.focus({ preventScroll: true });
    }
  }

  function showFact(i) {
    const f = facts[i], a = arts[f[FI.article]], p = placeOf(f), t = D.texts[f[FI.article]];
    const raw = f[FI.range] ? `[${f[FI.range].join(", ")}]` : f[FI.value];
    const time = [f[FI.year] != null && !f[FI.date] ? "year " + f[FI.year] : "", f[FI.point] ? "point " + f[FI.point] : "",
      f[FI.date] ? "date " + f[FI.date] : "", f[FI.period] ? "period " + f[FI.period].join("–") : ""].filter(Boolean).join(", ");
    const rows = [["indicator", esc(f[FI.indicator])], ["kind", esc(f[FI.kind])],
      ["value", `${esc(f[FI.value_text])} <small class="hint">(${esc(raw)} ${esc(f[FI.unit])}, ${esc(f[FI.bound])})</small>`],
      ["time", `${esc(f[FI.time_text]) || "—"} <small class="hint">${esc(time)}</small>`],
      ["place", p ? `${esc(p[PI.label])} <small class="hint">(${esc(p[PI.level])}${p[PI.code] ? " " + esc(p[PI.code]) : ""})</small>` : "—"],
      ["2025 unit", !p || !p[PI.current_code] && !p[PI.current] ? "—" :
        `${p[PI.current] ? esc(p[PI.current]) : "unchanged"}${p[PI.current_code] ? ` <small class="hint">(${esc(p[PI.current_code])})</small>` : ""}`],
      ["status", `${esc(f[FI.status])} <small class="hint">${esc(D.statuses[f[FI.status]] || "")}</small>`],
      ["population", esc(f[FI.population]) || "—"], ["attributes", esc(f[FI.attributes]) || "—"],
      ["evidence", `<q>${esc(t.slice(f[FI.start], f[FI.end]))}</q> <small class="hint">chars ${f[FI.start]}–${f[FI.end]}</small>`],
      ["sentence", `${esc(t.slice(f[FI.sent_start], f[FI.start]))}<b>${esc(t.slice(f[FI.start], f[FI.end]))}</b>${esc(t.slice(f[FI.end], f[FI.sent_end]))}`],
      ["article", esc(a[AI.title] || a[AI.id])]];
    const box = $("#fact");
    box.dataset.f = i;
    box.innerHTML = `<h3>Fact ${i + 1}</h3><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd data-field="${k}">${v}</dd>`).join("")}</dl>`;
    for (const el of document.querySelectorAll(".current")) el.classList.remove("current");
    const mark = document.getElementById("ev-" + i), row = $(`#facts tr[data-f="${i}"]`);
    if (mark) mark.classList.add("current");
    if (row) row.classList.add("current");
    currentFact = i;
  }

  function setupViewer() {
    const art = $("#article");
    const markFact = (e) => { const m = e.target.closest("mark.ev"); return m ? +m.dataset.f : -1; };
    art.addEventListener("click", (e) => { const i = markFact(e); if (i >= 0) showFact(i); });
    art.addEventListener("focusin", (e) => { const i = markFact(e); if (i >= 0) showFact(i); });
    art.addEventListener("keydown", (e) => {
      const i = markFact(e);
      if (i >= 0 && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); showFact(i); }
    });
  }

  // ------------------------------------------------------------------ charts

  const NS = "http://www.w3.org/2000/svg";

  function niceStep(span, ticks) {
    const raw = span / ticks, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  }

  function chartable(metric) {
    const out = [];
    for (let i = 0; i < facts.length; i++) {
      const f = facts[i];
      if (f[FI.indicator] !== metric || f[FI.kind] !== "level" || f[FI.value] == null || f[FI.x] == null ||
          f[FI.place] < 0 || (f[FI.population] && f[FI.population] !== "all")) continue;
      if (passes(i, true)) out.push(i);
    }
    return out;
  }

  function lineThrough(points) {
    // one value per time: the one most sources give (the first of equals); conflicts stay as dots
    const byX = new Map();
    for (const p of points) {
      if (!byX.has(p.x)) byX.set(p.x, new Map());
      const m = byX.get(p.x);
      m.set(p.y, (m.get(p.y) || 0) + 1);
    }
    const line = [], conflicts = [];
    for (const [x, m] of [...byX].sort((a, b) => a[0] - b[0])) {
      let best = null, n = -1;
      for (const [y, c] of m) if (c > n) { best = y; n = c; }
      line.push([x, best]);
      if (m.size > 1) conflicts.push([x, Math.min(...m.keys()), Math.max(...m.keys())]);
    }
    return { line, conflicts };
  }

  function chartSvg(metric, idx) {
    const groups = new Map();
    for (const i of idx) {
      const k = facts[i][FI.place];
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(i);
    }
    const order = [...groups].sort((a, b) => b[1].length - a[1].length ||
      places[a[0]][PI.label].localeCompare(places[b[0]][PI.label], "vi"));
    const kept = order.slice(0, MAX_SERIES);
    const W = 720, H = 280, L = 58, R = 14, T = 12, B = 30;
    const pts = kept.flatMap(([, list]) => list.map((i) => facts[i]));
    let x0 = Math.floor(Math.min(...pts.map((f) => f[FI.x]))), x1 = Math.ceil(Math.max(...pts.map((f) => f[FI.x])));
    if (x1 - x0 < 2) { x0 -= 1; x1 += 1; }
    const yMax = Math.max(...pts.map((f) => f[FI.value])) || 1;
    const yStep = niceStep(yMax * 1.05, 5), y1 = Math.ceil((yMax * 1.05) / yStep) * yStep;
    const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R), sy = (y) => H - B - (y / y1) * (H - T - B);
    let g = "";
    for (let y = 0; y <= y1 + 1e-9; y += yStep) {
      g += `<line class="grid" x1="${L}" x2="${W - R}" y1="${sy(y)}" y2="${sy(y)}"/>` +
        `<text x="${L - 6}" y="${sy(y) + 4}" text-anchor="end">${esc(y.toLocaleString("vi-VN"))}</text>`;
    }
    const xStep = Math.max(1, Math.ceil((x1 - x0) / 12));
    for (let x = x0; x <= x1; x += xStep) {
      g += `<line class="axis" x1="${sx(x)}" x2="${sx(x)}" y1="${H - B}" y2="${H - B + 4}"/>` +
        `<text x="${sx(x)}" y="${H - B + 16}" text-anchor="middle">${x}</text>`;
    }
    g += `<line class="axis" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/>` +
      `<line class="axis" x1="${L}" x2="${L}" y1="${T}" y2="${H - B}"/>`;
    const legend = [];
    kept.forEach(([k, list], n) => {
      const c = SERIES[n % SERIES.length], label = places[k][PI.label];
      let s = `<g class="series" data-place="${esc(label)}" data-place-index="${k}">`;
      for (const status of ["actual", "target"]) {
        const mine = list.filter((i) => (facts[i][FI.status] === "actual") === (status === "actual"))
          .map((i) => ({ i, x: facts[i][FI.x], y: facts[i][FI.value] }));
        if (!mine.length) continue;
        const { line, conflicts } = lineThrough(mine);
        if (line.length > 1) {
          s += `<path class="${status}" stroke="${c}" d="${line.map(([x, y], j) => `${j ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("")}"/>`;
        }
        const split = new Set(conflicts.map(([x]) => x));
        for (const [x, lo, hi] of conflicts) {
          s += `<line class="conflict" x1="${sx(x)}" x2="${sx(x)}" y1="${sy(lo)}" y2="${sy(hi)}"/>`;
        }
        // one dot per place, time, value and status; the copies and other sources it stands for in its tip
        const dots = new Map();
        for (const p of mine) {
          const key = p.x + "|" + p.y;
          if (!dots.has(key)) dots.set(key, { p, n: 0 });
          dots.get(key).n++;
        }
        for (const { p, n: count } of dots.values()) {
          const f = facts[p.i], a = arts[f[FI.article]];
          const tip = `${label} · ${f[FI.time_text]} · ${f[FI.value_text]} · ${f[FI.status]}` +
            `${split.has(p.x) ? " · sources disagree" : ""}\n${a[AI.title] || a[AI.id]}${a[AI.outlet] ? " (" + a[AI.outlet] + ")" : ""}` +
            `${count > 1 ? `\nand ${count - 1} more fact${count > 2 ? "s" : ""} of the same value` : ""}`;
          s += `<circle class="pt ${f[FI.status]}${split.has(p.x) ? " conflict" : ""}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="${count > 1 ? 5 : 4}"` +
            ` fill="${status === "actual" ? c : "#fff"}" stroke="${c}" data-f="${p.i}" data-x="${p.x}" data-y="${p.y}"` +
            ` data-status="${f[FI.status]}" data-facts="${count}" tabindex="0"><title>${esc(tip)}</title></circle>`;
        }
      }
      legend.push(`<li><i style="background:${c}"></i>${esc(label)} (${list.length})</li>`);
      g += s + "</g>";
    });
    const more = order.length > kept.length ?
      `<p class="hint">${order.length - kept.length} more places with figures: choose a province or place above.</p>` : "";
    return `<svg xmlns="${NS}" viewBox="0 0 ${W} ${H}" role="img" data-metric="${metric}">${g}</svg>` +
      `<ul class="legend">${legend.join("")}</ul>${more}`;
  }

  function drawCharts() {
    $("#charts").innerHTML = METRICS.map(([m, title]) => {
      const idx = chartable(m);
      return `<div class="chart" data-metric="${m}"><h3>${esc(title)}</h3>` +
        (idx.length ? chartSvg(m, idx) : `<p class="hint">No level of this indicator with a time and a place passes the filters.</p>`) +
        "</div>";
    }).join("");
  }

  function setupCharts() {
    const open = (e) => {
      const c = e.target.closest("circle[data-f]");
      if (c) { showTab("facts"); openFact(+c.dataset.f, true); }
    };
    $("#charts").addEventListener("click", open);
    $("#charts").addEventListener("keydown", (e) => { if (e.key === "Enter") open(e); });
  }

  // ------------------------------------------------------------------ provinces and summary

  function drawProvinces() {
    const current = $("#by-current").checked, m = new Map();
    for (const i of shown) {
      const f = facts[i], p = placeOf(f);
      const name = p ? (current ? p[PI.current_province] : p[PI.province]) : "";
      const key = name || (p && p[PI.level] === "country" ? "(whole country)" : "(no place)");
      if (!m.has(key)) m.set(key, { n: 0, arts: new Set(), name });
      const r = m.get(key);
      r.n++; r.arts.add(f[FI.article]);
    }
    const rows = [...m].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0], "vi"));
    const top = rows.length ? rows[0][1].n : 1;
    $("#provinces").innerHTML = `<p class="hint">Facts per province (of the facts that pass the filters); ` +
      `a name filters the table.</p><div class="bars">` + rows.map(([key, r]) =>
      `${r.name ? `<button type="button" data-province="${esc((current ? "new:" : "old:") + r.name)}">${esc(key)}</button>` : `<span>${esc(key)}</span>`}` +
      `<div class="bar" style="width:${(100 * r.n / top).toFixed(1)}%"></div>` +
      `<span>${plural(r.n, "fact")} · ${plural(r.arts.size, "article")}</span>`).join("") + "</div>";
  }

  function setupProvinces() {
    $("#by-current").addEventListener("change", drawProvinces);
    $("#provinces").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-province]");
      if (b) { setFilter("province", b.dataset.province); showTab("facts"); }
    });
  }

  function drawSummary() {
    const perIndicator = [...counted((f) => f[FI.indicator])].sort((a, b) => b[1] - a[1]);
    const placeSet = new Set(), provSet = new Set(), curSet = new Set();
    let noPlace = 0;
    for (const f of facts) {
      const p = placeOf(f);
      if (!p) { noPlace++; continue; }
      placeSet.add(f[FI.place]);
      if (p[PI.province]) provSet.add(p[PI.province]);
      if (p[PI.current_province]) curSet.add(p[PI.current_province]);
    }
    const why = new Map();
    arts.forEach((a, i) => { if (a[AI.why_no_facts]) { if (!why.has(a[AI.why_no_facts])) why.set(a[AI.why_no_facts], []); why.get(a[AI.why_no_facts]).push(i); } });
    const noFacts = [...why.values()].reduce((n, l) => n + l.length, 0);
    let html = `<h2>Summary</h2><ul>` +
      `<li>${plural(arts.length, "article")}, ${plural(facts.length, "fact")}` +
      `${D.failures.length ? `, <span class="failed">${plural(D.failures.length, "input")} failed</span>` : ""}</li>` +
      `<li>${plural(placeSet.size, "place")} in ${plural(provSet.size, "province")} as written ` +
      `(${plural(curSet.size, "province")} since July 2025); ${plural(noPlace, "fact")} without a place</li>` +
      `<li>${plural(noFacts, "article")} without facts` +
      (noFacts ? ": " + [...why].map(([k, l]) => `${l.length} ${esc(k)}`).join(", ") : "") +
      (D.failures.length ? `; <span class="failed">${plural(D.failures.length, "input")} could not be read</span>` : "") +
      `</li></ul>`;
    html += `<h3>Facts per indicator</h3><table class="per-indicator"><thead><tr><th>indicator</th><th>facts</th></tr></thead><tbody>` +
      perIndicator.map(([k, n]) => `<tr><td><mark class="ev" style="--c:${colour[k]}">${esc(k)}</mark></td><td>${n}</td></tr>`).join("") +
      `</tbody></table>`;
    for (const [k, list] of why) {
      html += `<h3>Without facts: ${esc(k)} (${list.length})</h3><ul class="no-facts" data-why="${esc(k)}">` +
        list.slice(0, MAX_LISTED).map((i) => `<li><a href="#" data-article="${i}">${esc(arts[i][AI.title] || arts[i][AI.id])}</a>` +
          ` <small class="hint">${esc(arts[i][AI.path] || arts[i][AI.url] || "")}</small></li>`).join("") +
        (list.length > MAX_LISTED ? `<li class="hint">and ${list.length - MAX_LISTED} more</li>` : "") + "</ul>";
    }
    if (D.failures.length) {
      html += `<h3 class="failed">Failed inputs (${D.failures.length})</h3><ul class="failed">` +
        D.failures.map(([p, r]) => `<li>${esc(p)}: ${esc(r)}</li>`).join("") + "</ul>";
    }
    $("#summary").innerHTML = html;
    $("#summary").addEventListener("click", (e) => {
      const l = e.target.closest("a[data-article]");
      if (l) { e.preventDefault(); showArticle(+l.dataset.article); }
    });
    $("#headline").textContent = `${plural(arts.length, "article")} · ${plural(facts.length, "fact")} · ` +
      `${plural(placeSet.size, "place")} · ${plural(noFacts, "article")} without facts` +
      (D.failures.length ? ` · ${plural(D.failures.length, "input")} failed` : "");
  }

  // ------------------------------------------------------------------ tabs

  const TABS = ["facts", "charts", "provinces", "summary"];

  function showTab(name) {
    for (const t of TABS) {
      const on = t === name, b = $("#tab-" + t);
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      $("#view-" + t).hidden = !on;
    }
    if (name === "charts") drawCharts();
    if (name === "provinces") drawProvinces();
  }

  function setupTabs() {
    TABS.forEach((t, n) => {
      const b = $("#tab-" + t);
      b.addEventListener("click", () => showTab(t));
      b.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (step) { const next = TABS[(n + step + TABS.length) % TABS.length]; showTab(next); $("#tab-" + next).focus(); }
      });
    });
  }

  async function main() {
    const t0 = performance.now(), phases = {};
    const phase = (name, since) => { phases[name] = Math.round(performance.now() - since); return performance.now(); };
    try {
      D = await unpack();
    } catch (err) {
      $("#headline").textContent = "This browser cannot unpack the report's data: " + err;
      return;
    }
    let t = phase("unpack", t0);
    FI = positions(D.fields.fact); AI = positions(D.fields.article); PI = positions(D.fields.place);
    facts = D.facts; arts = D.articles; places = D.places;
    [...new Set(facts.map((f) => f[FI.indicator]))].sort()
      .forEach((k, n) => { colour[k] = MARKS[n % MARKS.length]; });
    setupTabs(); setupFilters(); setupTable(); setupViewer(); setupCharts(); setupProvinces();
    t = phase("filters", t);
    drawSummary();
    t = phase("summary", t);
    apply();
    phase("table", t);
    if (!facts.length && arts.length) showArticle(0);
    document.body.dataset.ready = "1";
    window.reportReadyMs = performance.now();
    window.reportPhasesMs = phases;  // for scripts/bench_report.py
  }

  main();
})();
