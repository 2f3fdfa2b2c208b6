// The explorer page: every edit re-runs the schedules through lrsched's WebAssembly build and
// redraws their curves. Errors show as the command line shows them, with the caret.
(function () {
  "use strict";

  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"];
  const $ = (id) => document.getElementById(id);
  const canvas = $("chart");
  let curves = [];  // {label, steps, lr} of the last run

  // "label: spec" or "spec"; a colon inside the spec (a lambda, a dict) is not a label.
  function parseLine(line) {
    const match = /^\s*([^():=\[\]{}'"]+?)\s*:\s+(.*)$/.exec(line);
    return match && !match[1].startsWith("lambda")
      ? {label: match[1], spec: match[2]} : {label: line.trim(), spec: line.trim()};
  }

  function options() {
    const out = {};
    for (const id of ["steps", "lr", "optimizer", "momentum", "betas", "metric", "stepsPerEpoch"]) {
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
    const lines = $("specs").value.split("\n").filter((l) => l.trim() !== "");
    const next = [];
    try {
      for (const line of lines) {
        const {label, spec} = parseLine(line);
        const result = lrsched.simulate(spec, options());
        result.lr.forEach((lr, group) => next.push({
          label: result.lr.length > 1 ? `${label} (group ${group})` : label,
          steps: result.steps, lr}));
      }
    } catch (e) {
      if (!(e instanceof lrsched.LrschedError)) throw e;
      const kind = e.type === "UsageError" ? "error" : e.type;
      showError(`lrsched: ${kind}: ${e.message}` + (e.caret ? `\n${e.caret}` : ""));
      return;
    }
    showError(null);
    curves = next;
    draw();
  }

  // --- the chart ---------------------------------------------------------------------------------

  const MARGIN = {left: 64, right: 16, top: 12, bottom: 36};

  function bounds() {
    const logy = $("logy").checked;
    let xmax = 1, ymin = Infinity, ymax = -Infinity;
    for (const c of curves) {
      xmax = Math.max(xmax, c.steps.length ? c.steps[c.steps.length - 1] : 0);
      for (const y of c.lr) {
        if (!Number.isFinite(y) || (logy && y <= 0)) continue;
        const v = logy ? Math.log10(y) : y;
        ymin = Math.min(ymin, v);
        ymax = Math.max(ymax, v);
      }
    }
    if (!Number.isFinite(ymin)) { ymin = 0; ymax = 1; }
    if (ymin === ymax) { ymin -= 0.5; ymax += 0.5; }
    const pad = (ymax - ymin) * 0.05;
    return {logy, xmax, ymin: ymin - pad, ymax: ymax + pad};
  }

  function niceTicks(lo, hi, count) {
    const raw = (hi - lo) / count;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(t);
    return ticks;
  }

  function draw() {
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const b = bounds();
    const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
    const px = (x) => MARGIN.left + (x / b.xmax) * pw;
    const py = (v) => MARGIN.top + (1 - (v - b.ymin) / (b.ymax - b.ymin)) * ph;
    ctx.font = "12px system-ui, sans-serif";
    ctx.strokeStyle = "#ccc";
    ctx.fillStyle = "#333";
    for (const t of niceTicks(0, b.xmax, 8)) {
      ctx.beginPath(); ctx.moveTo(px(t), MARGIN.top); ctx.lineTo(px(t), h - MARGIN.bottom); ctx.stroke();
      ctx.fillText(String(t), px(t) - 8, h - MARGIN.bottom + 16);
    }
    for (const t of niceTicks(b.ymin, b.ymax, 6)) {
      ctx.beginPath(); ctx.moveTo(MARGIN.left, py(t)); ctx.lineTo(w - MARGIN.right, py(t)); ctx.stroke();
      const text = b.logy ? `1e${+t.toFixed(2)}` : String(+t.toPrecision(6));
      ctx.fillText(text, 4, py(t) + 4);
    }
    ctx.fillText("step", w / 2, h - 6);
    curves.forEach((c, i) => {
      ctx.strokeStyle = COLOURS[i % COLOURS.length];
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < c.lr.length; ++k) {
        const y = c.lr[k];
        if (!Number.isFinite(y) || (b.logy && y <= 0)) { pen = false; continue; }
        const X = px(c.steps[k]), Y = py(b.logy ? Math.log10(y) : y);
        if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
        pen = true;
      }
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(c.label, MARGIN.left + 8, MARGIN.top + 14 + 14 * i);
    });
  }

  // The values at the step under the pointer.
  canvas.addEventListener("mousemove", (event) => {
    if (curves.length === 0) return;
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
    const step = Math.round(((x - MARGIN.left) / (canvas.width - MARGIN.left - MARGIN.right)) *
                            bounds().xmax);
    const parts = curves.filter((c) => step >= 0 && step < c.lr.length)
      .map((c) => `${c.label}: ${c.lr[step]}`);
    $("readout").textContent = parts.length ? `step ${step}  ${parts.join("  ")}` : "\u00a0";
  });

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; run(); });
  }

  lrsched.ready.then(() => {
    $("controls").addEventListener("input", schedule);
    run();
    document.body.dataset.ready = "true";  // for tests and scripts
  });
})();
