// The explorer page: every edit re-runs the schedules through lrsched's WebAssembly build and
// redraws their curves. Errors show as the command line shows them, with the caret.
(function () {
  "use strict";

  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"];
  const $ = (id) => document.getElementById(id);
  const canvas = $("chart");
  let curves = [];  // {label, lr, ...} of the last run: lr[k] is the lr at step k
  // The API's runs behind the curves, per chain of lines, and the ones before them, whose arrays
  // the next run fills (lrsched.simulate's `reuse`).
  let shownRuns = [], spareRuns = [];

  // Calls visit(i, c, depth) for each character of `text` from `start` that is outside string
  // literals, with the bracket depth there (relative to `start`); stops at the first for which
  // visit returns true and gives its index (text.length when none does).
  function walk(text, start, visit) {
    let depth = 0, quote = null;
    for (let i = start; i < text.length; ++i) {
      const c = text[i];
      if (quote !== null) {
        if (c === "\\") ++i;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === "'" || c === '"') { quote = c; continue; }
      if (visit(i, c, depth)) return i;
      if ("([{".includes(c)) ++depth;
      else if (")]}".includes(c)) --depth;
    }
    return text.length;
  }

  // "spec  # label" or "spec": a Python comment names the curve (a '#' inside quotes does not).
  // "then spec" continues on the optimizer the curve above left (`lrsched plot a --then b`).
  function parseLine(line) {
    const then = /^\s*then\s+/.exec(line);
    const rest = then ? line.slice(then[0].length) : line;
    const hash = walk(rest, 0, (i, c) => c === "#");
    const spec = rest.slice(0, hash).trim();
    return {spec, label: rest.slice(hash + 1).trim() || spec, continues: then !== null};
  }

  // Items with `continues` as chains: each chain starts on a fresh optimizer, and an item that
  // continues joins the chain before it.
  function chained(items) {
    const out = [];
    for (const item of items) {
      if (item.continues) out[out.length - 1].push(item);
      else out.push([item]);
    }
    return out;
  }

  // The editor's lines as chains of curves.
  function chains(lines) {
    const parsed = lines.map(parseLine);
    if (parsed.length && parsed[0].continues) {
      throw new lrsched.LrschedError({type: "UsageError", column: null, caret: "",
                                      message: "'then' continues the curve above it, and the " +
                                               "first line has none"});
    }
    return chained(parsed);
  }

  // The option fields, by their API names (also the ids of their inputs), with the command
  // line's option for each.
  const FIELDS = {steps: "--steps", lr: "--lr", initialLr: "--initial-lr",
                  optimizer: "--optimizer", momentum: "--momentum", betas: "--betas",
                  metric: "--metric", stepsPerEpoch: "--steps-per-epoch"};

  function options() {
    const out = {};
    for (const id of Object.keys(FIELDS)) {
      const value = $(id).value.trim();
      if (value !== "") out[id] = value;
    }
    return out;
  }

  function showError(message) {
    const box = $("error");
    box.hidden = message === null;
    box.textContent = message === null ? "" : message;
  }

  function run() {
    savePermalink();  // the state as typed, even when it does not run
    const lines = $("specs").value.split("\n").filter((l) => l.trim() !== "");
    const next = [];
    const runs = [];
    try {
      chains(lines).forEach((chain, chainIndex) => {
        // The runs before the ones shown lend their arrays (fresh ones cost page faults); the
        // shown ones stay whole until this run succeeds.
        const reuse = spareRuns[chainIndex] || null;
        const results = chain.length === 1
          ? [lrsched.simulate(chain[0].spec, {...options(), reuse: reuse && reuse[0]})]
          : lrsched.simulateChain(chain.map((c) => c.spec), {...options(), reuse});
        runs.push(results);
        results.forEach((result, i) => {
          const {label, spec, continues} = chain[i];
          result.lr.forEach((lr, group) => next.push({
            label: result.lr.length > 1 ? `${label} (group ${group})` : label,
            spec, continues, chain: chainIndex, group, lr,
            momentum: result.momentum[group] || null, staircase: result.staircase}));
        });
      });
    } catch (e) {
      if (!(e instanceof lrsched.LrschedError)) throw e;
      const kind = e.type === "UsageError" ? "error" : e.type;
      showError(`lrsched: ${kind}: ${e.message}` + (e.caret ? `\n${e.caret}` : ""));
      return;
    }
    showError(null);
    spareRuns = shownRuns;
    shownRuns = runs;
    curves = next;
    draw();
  }

  // --- the chart ---------------------------------------------------------------------------------

  const MARGIN = {left: 64, right: 16, top: 12, bottom: 36};

  let view = null;  // the zoomed step range {from, to}, or null for every step

  // The steps in view, and the range of `values` (each curve's lr, or its momentum) over them.
  function bounds(values = (c) => c.lr, logy = $("logy").checked) {
    let last = 1, ymin = Infinity, ymax = -Infinity;
    for (const c of curves) last = Math.max(last, c.lr.length - 1);
    const xmin = view ? view.from : 0, xmax = view ? view.to : last;
    for (const c of curves) {
      const ys = values(c);
      if (!ys) continue;
      const end = Math.min(ys.length - 1, Math.floor(xmax));
      for (let k = Math.max(0, Math.ceil(xmin)); k <= end; ++k) {
        const y = ys[k];
        if (y - y !== 0 || (logy && y <= 0)) continue;  // not finite, or no logarithm
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
      }
    }
    if (logy) { ymin = Math.log10(ymin); ymax = Math.log10(ymax); }  // a log scale's range
    if (!Number.isFinite(ymin)) { ymin = 0; ymax = 1; }
    if (ymin === ymax) { ymin -= 0.5; ymax += 0.5; }
    const pad = (ymax - ymin) * 0.05;
    return {logy, xmin, xmax, ymin: ymin - pad, ymax: ymax + pad};
  }

  // The canvas x of a step, and the step at a canvas x.
  function xOf(b, step) {
    return MARGIN.left + ((step - b.xmin) / (b.xmax - b.xmin)) * (canvas.width - MARGIN.left - MARGIN.right);
  }
  // The canvas y of a value (its log10 on a log scale) in a panel `height` pixels high.
  function yOf(b, v, height) {
    return MARGIN.top + (1 - (v - b.ymin) / (b.ymax - b.ymin)) * (height - MARGIN.top - MARGIN.bottom);
  }
  function stepAt(b, x) {
    return b.xmin + ((x - MARGIN.left) / (canvas.width - MARGIN.left - MARGIN.right)) * (b.xmax - b.xmin);
  }

  function niceTicks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(t);
    return ticks;
  }

  // The lr chart, and the momentum chart below it when a schedule cycles momentum (OneCycleLR,
  // CyclicLR).
  let shown = null;  // the lr chart's bounds as last drawn (the pointer reads steps from them)

  function draw() {
    shown = drawPanel(canvas, (c) => c.lr, $("logy").checked);
    const momentum = $("momentum-chart");
    momentum.hidden = !curves.some((c) => c.momentum);
    if (!momentum.hidden) drawPanel(momentum, (c) => c.momentum, false);
  }

  function drawPanel(target, values, logy) {
    const ctx = target.getContext("2d");
    const w = target.width, h = target.height;
    ctx.clearRect(0, 0, w, h);
    const b = bounds(values, logy);
    const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
    const px = (x) => xOf(b, x);
    const py = (v) => yOf(b, v, h);
    ctx.font = "12px system-ui, sans-serif";
    ctx.strokeStyle = "#ccc";
    ctx.fillStyle = "#333";
    for (const t of niceTicks(b.xmin, b.xmax, 8)) {
      ctx.beginPath(); ctx.moveTo(px(t), MARGIN.top); ctx.lineTo(px(t), h - MARGIN.bottom); ctx.stroke();
      ctx.fillText(String(t), px(t) - 8, h - MARGIN.bottom + 16);
    }
    for (const t of niceTicks(b.ymin, b.ymax, 6)) {
      ctx.beginPath(); ctx.moveTo(MARGIN.left, py(t)); ctx.lineTo(w - MARGIN.right, py(t)); ctx.stroke();
      const text = b.logy ? `1e${+t.toFixed(2)}` : String(+t.toPrecision(6));
      ctx.fillText(text, 4, py(t) + 4);
    }
    ctx.fillText("step", w / 2, h - 6);
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, pw, ph);
    ctx.clip();
    curves.forEach((c, i) => {
      const ys = values(c);
      if (!ys) return;
      ctx.strokeStyle = COLOURS[i % COLOURS.length];
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let pen = false;
      let lastY = 0;
      const to = (X, Y) => {
        // An lr holds from its step to the next: a staircase keeps the previous value up to X.
        if (pen && c.staircase) ctx.lineTo(X, lastY);
        if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
        pen = true;
        lastY = Y;
      };
      // xOf and yOf as two linear maps, computed once (a million points per redraw); a value's
      // logarithm is taken only for the points drawn.
      const xScale = pw / (b.xmax - b.xmin), yScale = ph / (b.ymax - b.ymin);
      const x0 = MARGIN.left - b.xmin * xScale, y0 = MARGIN.top + ph + b.ymin * yScale;
      const logy = b.logy;
      const yAt = (y) => y0 - (logy ? Math.log10(y) : y) * yScale;
      // The steps in view, and one on each side for the lines that leave it.
      const from = Math.max(0, Math.floor(b.xmin) - 1);
      const until = Math.min(ys.length, Math.ceil(b.xmax) + 2);
      if (until - from <= 4 * pw) {
        for (let k = from; k < until; ++k) {
          const y = ys[k];
          if (y - y !== 0 || (logy && y <= 0)) { pen = false; continue; }  // not finite, or no log
          to(x0 + k * xScale, yAt(y));
        }
      } else {
        // Past a few points per pixel column, each column draws its first, lowest, highest and
        // last value, in step order: the same picture as every point, in a bounded time.
        let column = NaN, first = 0, min = 0, max = 0, minAt = 0, maxAt = 0, last = 0;
        const flush = () => {
          if (column !== column) return;  // no column open
          to(column, yAt(first));
          const [a, z] = minAt <= maxAt ? [min, max] : [max, min];
          to(column, yAt(a));
          to(column, yAt(z));
          to(column, yAt(last));
          column = NaN;
        };
        for (let k = from; k < until; ++k) {
          const y = ys[k];
          if (y - y !== 0 || (logy && y <= 0)) { flush(); pen = false; continue; }
          const here = Math.round(x0 + k * xScale);
          if (here !== column) {
            flush();
            column = here; first = min = max = last = y; minAt = maxAt = k;
          } else {
            if (y < min) { min = y; minAt = k; } else if (y > max) { max = y; maxAt = k; }
            last = y;
          }
        }
        flush();
      }
      ctx.stroke();
    });
    ctx.restore();
    curves.forEach((c, i) => {
      if (!values(c)) return;
      ctx.fillStyle = COLOURS[i % COLOURS.length];
      ctx.fillText(c.label, MARGIN.left + 8, MARGIN.top + 14 + 14 * i);
    });
    return b;
  }

  function canvasX(event) {
    const rect = canvas.getBoundingClientRect();
    return ((event.clientX - rect.left) * canvas.width) / rect.width;
  }

  // The values at the step under the pointer.
  canvas.addEventListener("mousemove", (event) => {
    if (curves.length === 0) return;
    const step = Math.round(stepAt(shown, canvasX(event)));
    const parts = curves.filter((c) => step >= 0 && step < c.lr.length)
      .map((c) => `${c.label}: ${c.lr[step]}` +
                  (c.momentum ? ` (momentum ${c.momentum[step]})` : ""));
    $("readout").textContent = parts.length ? `step ${step}  ${parts.join("  ")}` : "\u00a0";
  });

  // Zoom: drag across steps to show only them; double-click (or "Show every step") for all.
  function zoom(from, to) {
    view = from === null ? null : {from: Math.min(from, to), to: Math.max(from, to)};
    $("reset-zoom").hidden = view === null;
    draw();
  }
  let dragFrom = null;
  canvas.addEventListener("mousedown", (event) => { dragFrom = canvasX(event); });
  canvas.addEventListener("mouseup", (event) => {
    const to = canvasX(event);
    if (dragFrom !== null && Math.abs(to - dragFrom) > 5 && curves.length) {
      const b = shown;
      const from = Math.max(b.xmin, Math.floor(stepAt(b, Math.min(dragFrom, to))));
      const until = Math.min(b.xmax, Math.ceil(stepAt(b, Math.max(dragFrom, to))));
      if (until > from) zoom(from, until);
    }
    dragFrom = null;
  });
  canvas.addEventListener("dblclick", () => zoom(null, null));

  // --- permalink: the whole state in the URL's fragment ------------------------------------------

  function state() {
    const out = {specs: $("specs").value, logy: $("logy").checked};
    for (const id of Object.keys(FIELDS)) out[id] = $(id).value;
    return out;
  }

  function savePermalink() {
    history.replaceState(null, "", "#" + encodeURIComponent(JSON.stringify(state())));
  }

  function loadPermalink() {
    if (location.hash.length < 2) return;
    let saved;
    try {
      saved = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {
      $("status").textContent = "The link's state could not be read; showing the default.";
      return;
    }
    if (typeof saved.specs === "string") $("specs").value = saved.specs;
    $("logy").checked = saved.logy === true;
    for (const id of Object.keys(FIELDS)) {
      if (typeof saved[id] === "string") $(id).value = saved[id];
    }
  }

  // --- presets: the gallery's figures, from the registry ----------------------------------------

  const presets = [];

  function fillPresets() {
    for (const row of lrsched.list().schedules) {
      for (const example of row.examples) {
        presets.push(example);
        const option = document.createElement("option");
        option.value = String(presets.length - 1);
        option.textContent = example.caption;
        $("preset").append(option);
      }
    }
  }

  function applyPreset(example) {
    $("specs").value = example.curves
      .map((c) => (c.continues_previous ? "then " : "") +
                  (c.label && c.label !== c.spec ? `${c.spec}  # ${c.label}` : c.spec)).join("\n");
    $("lr").value = example.lr.join(",");
    $("initialLr").value = (example.initial_lr || []).join(",");
    $("optimizer").value = example.optimizer;
    $("momentum").value = example.momentum ? String(example.momentum) : "";
    $("metric").value = example.metric || "";
    for (const id of ["steps", "betas", "stepsPerEpoch"]) $(id).value = "";
    run();
  }

  // --- exports --------------------------------------------------------------------------------

  function download(name, type, text) {
    const link = document.createElement("a");
    link.href = typeof text === "string" ? URL.createObjectURL(new Blob([text], {type})) : text;
    link.download = name;
    link.click();
  }

  // A number as text that reads back as the same double.
  const numberText = (x) => (Object.is(x, -0) ? "-0.0" : String(x));

  function csv() {
    const quote = (t) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
    const rows = ["step," + curves.map((c) => quote(c.label)).join(",")];
    const length = Math.max(0, ...curves.map((c) => c.lr.length));
    for (let k = 0; k < length; ++k) {
      rows.push([k, ...curves.map((c) => (k < c.lr.length ? numberText(c.lr[k]) : ""))].join(","));
    }
    return rows.join("\n") + "\n";
  }

  function svg() {
    const w = canvas.width, h = canvas.height, b = bounds();
    const escape = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
                   `viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="white"/>`];
    curves.forEach((c, i) => {
      const points = [];
      let lastY = null;
      for (let k = 0; k < c.lr.length; ++k) {
        const y = c.lr[k];
        if (!Number.isFinite(y) || (b.logy && y <= 0)) continue;
        const v = b.logy ? Math.log10(y) : y;
        if (k < b.xmin || k > b.xmax) continue;
        const X = xOf(b, k).toFixed(2);
        const Y = yOf(b, v, h).toFixed(2);
        if (c.staircase && lastY !== null) points.push(`${X},${lastY}`);
        points.push(`${X},${Y}`);
        lastY = Y;
      }
      const colour = COLOURS[i % COLOURS.length];
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.5" ` +
                 `points="${points.join(" ")}"/>`);
      parts.push(`<text x="${MARGIN.left + 8}" y="${MARGIN.top + 14 + 14 * i}" fill="${colour}" ` +
                 `font-family="sans-serif" font-size="12">${escape(c.label)}</text>`);
    });
    parts.push("</svg>");
    return parts.join("\n");
  }

  // The command line that prints the same numbers: one `lrsched simulate` per schedule.
  function command() {
    const shellQuote = (t) => (/^[\w.,=+-]+$/.test(t) ? t : `'${t.replace(/'/g, "'\\''")}'`);
    const flags = Object.entries(options())
      .map(([id, value]) => `${FIELDS[id]} ${shellQuote(value)}`).join(" ");
    const tail = flags ? " " + flags : "";
    // A curve alone: the simulate command printing its numbers; a chain: the plot that draws it.
    const lines = [];
    for (const chain of chainsOfCurves()) {
      const line = chain.length === 1
        ? `lrsched simulate ${shellQuote(chain[0])}${tail}`
        : `lrsched plot ${shellQuote(chain[0])} ` +
          chain.slice(1).map((spec) => `--then ${shellQuote(spec)}`).join(" ") + tail;
      if (!lines.includes(line)) lines.push(line);
    }
    return lines.join("\n");
  }

  // The specs of the last run, chain by chain (a curve per param group, one spec).
  function chainsOfCurves() {
    return chained(curves.filter((c) => c.group === 0)).map((chain) => chain.map((c) => c.spec));
  }

  // --- the same schedules in Python and C++ -----------------------------------------------------

  // The spec as Python: the optimizer put back where the origin's signature takes it (the spec
  // language leaves it out), with the imports the names need.
  // `continued`: the indices of specs that continue on the optimizer the one before left.
  function python(specs, continued = new Set()) {
    const rows = new Map(lrsched.list().schedules.map((row) => [row.name, row]));
    const imports = new Set();
    // Splits text at its top-level commas.
    function split(text) {
      const parts = [];
      let start = 0;
      walk(text, 0, (i, c, depth) => {
        if (c === "," && depth === 0) {
          parts.push(text.slice(start, i));
          start = i + 1;
        }
        return false;
      });
      if (text.slice(start).trim() !== "" || parts.length) parts.push(text.slice(start));
      return parts;
    }
    // Rewrites every call of a registry row in `text`.
    function rewrite(text) {
      let out = "";
      const name = /[A-Za-z_][\w.]*\s*\(/g;
      let last = 0, match;
      while ((match = name.exec(text)) !== null) {
        const written = match[0].slice(0, -1).trim();
        const row = rows.get(written.slice(written.lastIndexOf(".") + 1));
        if (!row) continue;
        // The argument text, up to the parenthesis that closes the call.
        const end = walk(text, name.lastIndex, (i, c, depth) => depth === 0 && ")]}".includes(c));
        const args = split(text.slice(name.lastIndex, end)).map((a) => rewrite(a).trim());
        const at = row.optimizer_first ? 0 : row.optimizer_index;
        if (row.kind === "scheduler" && at !== null && at !== undefined) {
          args.splice(Math.min(at, args.length), 0, "optimizer");
        }
        if (written.includes(".")) imports.add(`import ${written.split(".")[0]}`);
        else imports.add(`from ${row.module} import ${written}`);
        out += text.slice(last, match.index) + `${written}(${args.join(", ")})`;
        last = end + 1;
        name.lastIndex = end + 1;
      }
      return out + text.slice(last);
    }
    const lines = specs.map((spec) => rewrite(spec));
    const name = (i) => (lines.length > 1 ? `scheduler_${i}` : "scheduler");
    return [...[...imports].sort(), "", ...lines.flatMap((l, i) => [
      ...(continued.has(i) ? [`# after stepping ${name(i - 1)}: on the optimizer it left`] : []),
      `${name(i)} = ${l}`])].join("\n");
  }

  // The spec for lrsched's C++ library: the spec language builds it on your OptimizerView.
  function cpp(specs, continued = new Set()) {
    const name = (i) => (specs.length > 1 ? `scheduler_${i}` : "scheduler");
    return ['#include "lrsched/spec/build.hpp"', "",
            ...specs.flatMap((spec, i) => [
              ...(continued.has(i) ? [`// after stepping ${name(i - 1)}: on the optimizer it left`] : []),
              `auto ${name(i)} = lrsched::spec::build_scheduler(R"(${spec})", optimizer);`])]
      .join("\n");
  }

  // The last run's specs for the copies: each once, a chain's in its order.
  function copiedSpecs() {
    const specs = [], continued = new Set();
    for (const chain of chainsOfCurves()) {
      if (chain.length === 1 && specs.includes(chain[0])) continue;
      chain.forEach((spec, i) => {
        if (i > 0) continued.add(specs.length);
        specs.push(spec);
      });
    }
    return [specs, continued];
  }

  // --- help while typing: names that complete the word, the signature of the call --------------

  function rowsByName() {
    return new Map(lrsched.list().schedules.map((row) => [row.name, row]));
  }

  // The identifier being typed at `at`, and the innermost call whose '(' is open there.
  function context(text, at) {
    const word = /[A-Za-z_][\w.]*$/.exec(text.slice(0, at));
    let depth = 0, call = null, open = -1;
    for (let i = at - 1; i >= 0 && call === null; --i) {
      const c = text[i];
      if (c === ")" || c === "]") ++depth;
      else if (c === "(" || c === "[") {
        if (depth > 0) { --depth; continue; }
        if (c === "(") {
          const name = /[A-Za-z_][\w.]*$/.exec(text.slice(0, i));
          if (name) { call = name[0]; open = i; }
        }
      }
    }
    // The arguments before the cursor: how many come before it, and the keyword of the one
    // under it.
    let index = 0, start = open + 1;
    if (call !== null) {
      walk(text.slice(0, at), open + 1, (i, c, level) => {
        if (c === "," && level === 0) { ++index; start = i + 1; }
        return false;
      });
    }
    const keyword = call !== null ? /^\s*([A-Za-z_]\w*)\s*=/.exec(text.slice(start, at)) : null;
    return {word: word ? word[0] : "", call, index, keyword: keyword ? keyword[1] : null,
            atStart: call !== null && /^\s*[A-Za-z_]*$/.test(text.slice(start, at))};
  }

  function showHelp() {
    const editor = $("specs");
    const {word, call, index, keyword, atStart} = context(editor.value, editor.selectionStart);
    const rows = rowsByName();
    const bare = (name) => name.slice(name.lastIndexOf(".") + 1);
    const box = $("suggestions");
    box.replaceChildren();
    if (word.length >= 2 && !rows.has(bare(word))) {
      const prefix = bare(word).toLowerCase();
      for (const name of [...rows.keys()].filter((n) => n.toLowerCase().startsWith(prefix))
             .slice(0, 8)) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = name;
        button.addEventListener("click", () => {
          const at = editor.selectionStart;
          const start = at - bare(word).length;
          editor.setRangeText(name + "(", start, at, "end");
          editor.focus();
          showHelp();
          schedule();
        });
        box.append(button);
      }
    }
    const row = call && rows.get(bare(call));
    const signature = $("signature");
    signature.replaceChildren();
    if (row) {
      const line = document.createElement("div");
      line.textContent = `${row.module}.${row.signature}`;
      const summary = document.createElement("div");
      summary.className = "summary";
      summary.textContent = row.summary;
      signature.append(line, summary);
      // The argument under the cursor: by its keyword, else by its position.
      const parameter = keyword !== null ? row.parameters.find((p) => p.name === keyword)
                                         : row.parameters[index];
      if (parameter) {
        const doc = document.createElement("div");
        doc.className = "summary";
        doc.textContent = `${parameter.name}: ${parameter.annotation}` +
          (parameter.required ? "" : ` = ${parameter.default}`) + ` — ${parameter.description}`;
        signature.append(doc);
      }
      // Keyword names that complete the word at the start of an argument.
      if (atStart && word.length >= 1 && !word.includes(".")) {
        for (const p of row.parameters.filter((p) => p.name.startsWith(word) && p.name !== word)
               .slice(0, 8)) {
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = `${p.name}=`;
          button.addEventListener("click", () => {
            const at = editor.selectionStart;
            editor.setRangeText(`${p.name}=`, at - word.length, at, "end");
            editor.focus();
            showHelp();
          });
          box.append(button);
        }
      }
    }
  }

  function wireActions() {
    $("export-csv").addEventListener("click", () => download("lrsched.csv", "text/csv", csv()));
    $("export-svg").addEventListener("click", () => download("lrsched.svg", "image/svg+xml", svg()));
    $("export-png").addEventListener("click", () => download("lrsched.png", "image/png",
                                                             canvas.toDataURL("image/png")));
    for (const [id, text] of [["copy-command", command], ["copy-python", () => python(...copiedSpecs())],
                              ["copy-cpp", () => cpp(...copiedSpecs())]]) {
      $(id).addEventListener("click", () => {
        navigator.clipboard.writeText(text()).then(
          () => { $("status").textContent = "Copied."; },
          () => { $("status").textContent = text(); });
      });
    }
    $("reset-zoom").addEventListener("click", () => zoom(null, null));
    $("preset").addEventListener("change", () => {
      const index = $("preset").value;
      if (index !== "") applyPreset(presets[Number(index)]);
    });
  }

  // Where the lr chart drew curve `i` at row `k` of its steps: canvas pixels, and its colour.
  function pointOf(i, k) {
    const c = curves[i], b = shown;
    return {x: xOf(b, k), y: yOf(b, b.logy ? Math.log10(c.lr[k]) : c.lr[k], canvas.height),
            colour: COLOURS[i % COLOURS.length]};
  }

  // For tests and scripts: what the exports would hold, and where the chart drew a value.
  window.lrschedExplorer = {csv, svg, command, python, cpp, state, view: () => view, run, pointOf,
                            curves: () => curves.map((c) => ({label: c.label, rows: c.lr.length}))};

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; run(); });
  }

  lrsched.ready.then(() => {
    fillPresets();
    loadPermalink();
    wireActions();
    for (const event of ["input", "click", "keyup"]) $("specs").addEventListener(event, showHelp);
    $("controls").addEventListener("input", schedule);
    run();
    document.body.dataset.ready = "true";  // for tests and scripts
  });
})();
