#!/usr/bin/python3
"""Markdown tables from bench/results.json, for BENCHMARKS.md.

    make_table.py [bench/results.json]                # print the tables
    make_table.py [bench/results.json] --update BENCHMARKS.md
        # replace what lies between <!-- results:begin --> and <!-- results:end -->

Targets, checked at 1 param group: >= 100x faster than PyTorch's step(), 0 allocations per
step, and <= 3x the hand-written baseline; where the formula costs less than the bookkeeping
PyTorch's protocol owes every step (BM_protocol: count, read each group's lr, record it), the
3x is taken over baseline + protocol, and the table says so.
Family schedules (transformers, timm, Optax, Keras), at 1, 8 and 64 param groups: 0 allocations
per step and <= 2x their formula written inline plus the protocol.
"""

import argparse
import json
import os
import re
import sys

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
MIN_SPEEDUP, MAX_RATIO = 100.0, 3.0
FAMILY_MAX_RATIO = 2.0


def ns(x):
    if x is None:
        return "–"
    if x >= 1000:
        return f"{x / 1000:.2f} µs"
    if x >= 100:
        return f"{x:.0f} ns"
    if x >= 10:
        return f"{x:.1f} ns"
    return f"{x:.2f} ns"


def times(x):
    return "–" if x is None else (f"{x:.0f}×" if x >= 10 else f"{x:.1f}×")


def allocs(x):
    if x is None:
        return "–"
    return "0" if x == 0 else f"{x:.3g}"


def misses(row):
    out = []
    if row["speedup_vs_pytorch"] is not None and row["speedup_vs_pytorch"] < MIN_SPEEDUP:
        out.append(f"< {MIN_SPEEDUP:.0f}× PyTorch")
    if row["ratio_to_baseline"] is not None and row["ratio_to_baseline"] > MAX_RATIO:
        adjusted = row.get("ratio_to_baseline_and_protocol")
        if adjusted is None or adjusted > MAX_RATIO:
            out.append(f"> {MAX_RATIO:.0f}× baseline + protocol")
    if row["allocs_per_step"]:
        out.append("allocates")
    return out


def tables(res):
    rows = res["results"]
    by = {(r["class"], r["groups"]): r for r in rows}
    classes = list(dict.fromkeys(r["class"] for r in rows if not r.get("family")))
    schedules = list(dict.fromkeys(r["class"] for r in rows if r.get("family")))
    m = res["machine"]
    out = []
    out.append(f"Measured {m.get('date')} on {m.get('cpu')} ({m.get('cores')} cores), "
               f"{m.get('os')}, {m.get('compiler')}, PyTorch {m.get('pytorch')}; load average "
               f"at start {m.get('load_avg_at_start')}.")
    out.append("")
    out.append("### step(), one param group")
    out.append("")
    out.append("| class | lrsched | baseline | lrsched / baseline | lrsched / (baseline + protocol) "
               "| PyTorch | speed-up vs PyTorch "
               "| allocs/step | step(epoch): lrsched | step(epoch): PyTorch | targets |")
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for c in classes:
        r = by.get((c, 1))
        if not r:
            continue
        miss = misses(r)
        met = "met" if (r["ratio_to_baseline"] or 0) <= MAX_RATIO else "met (over baseline + protocol)"
        out.append(
            f"| {c} | {ns(r['lrsched_ns'])} | {ns(r['baseline_ns'])} | "
            f"{times(r['ratio_to_baseline'])} | {times(r.get('ratio_to_baseline_and_protocol'))} | "
            f"{ns(r['pytorch_ns'])} | "
            f"{times(r['speedup_vs_pytorch'])} | {allocs(r['allocs_per_step'])} | "
            f"{ns(r.get('closed_form_ns'))} | {ns(r.get('pytorch_closed_form_ns'))} | "
            f"{met if not miss else '**missed**: ' + ', '.join(miss)} |")
    out.append("")
    out.append("### Scaling with param groups (step())")
    out.append("")
    out.append("| class | lrsched 1 / 8 / 64 | baseline 1 / 8 / 64 | PyTorch 1 / 8 / 64 "
               "| allocs/step (max) |")
    out.append("|---|--:|--:|--:|--:|")
    for c in classes:
        rs = [by.get((c, g)) for g in (1, 8, 64)]
        if not all(rs):
            continue
        out.append(f"| {c} | " + " / ".join(ns(r["lrsched_ns"]) for r in rs) + " | " +
                   " / ".join(ns(r["baseline_ns"]) for r in rs) + " | " +
                   " / ".join(ns(r["pytorch_ns"]) for r in rs) + " | " +
                   allocs(max((r["allocs_per_step"] or 0) for r in rs)) + " |")
    if schedules:
        out.append("")
        out.append("### Family schedules (transformers, timm, Optax, Keras), step()")
        out.append("")
        out.append("Each through its C++ API, episodes of 3000 steps from a fresh build "
                   "(`family_cases.hpp`); the baseline is its formula written inline. Target: "
                   f"<= {FAMILY_MAX_RATIO:.0f}× baseline + protocol and 0 allocations per step, "
                   "at every group count.")
        out.append("")
        out.append("The origin column times the same configuration on the origin's own code "
                   "(transformers' lambdas in PyTorch's LambdaLR, timm's schedulers on PyTorch; "
                   "`pytorch_bench.py` with the reference oracles). Optax and Keras are not timed "
                   "there: the oracles run their formulas on NumPy, neither on JAX nor on "
                   "TensorFlow.")
        out.append("")
        out.append("| schedule | lrsched 1 / 8 / 64 | baseline 1 / 8 / 64 "
                   "| lrsched / (baseline + protocol) 1 / 8 / 64 | origin 1 / 8 / 64 "
                   "| speed-up vs origin (1 group) | allocs/step (max) | targets |")
        out.append("|---|--:|--:|--:|--:|--:|--:|---|")
        for c in schedules:
            rs = [by.get((c, g)) for g in (1, 8, 64)]
            if not all(rs):
                continue
            ratios = [r.get("ratio_to_baseline_and_protocol") for r in rs]
            worst_allocs = max((r["allocs_per_step"] or 0) for r in rs)
            miss = []
            if any(x is None or x > FAMILY_MAX_RATIO for x in ratios):
                miss.append(f"> {FAMILY_MAX_RATIO:.0f}× baseline + protocol")
            if worst_allocs:
                miss.append("allocates")
            out.append(f"| {c} | " + " / ".join(ns(r["lrsched_ns"]) for r in rs) + " | " +
                       " / ".join(ns(r["baseline_ns"]) for r in rs) + " | " +
                       " / ".join(times(x) for x in ratios) + " | " +
                       (" / ".join(ns(r.get("origin_ns")) for r in rs)
                        if rs[0].get("origin_ns") else "–") + " | " +
                       times(rs[0].get("speedup_vs_origin")) + " | " + allocs(worst_allocs) +
                       " | " + ("met" if not miss else "**missed**: " + ", ".join(miss)) + " |")
        noise = res.get("timm_noise") or {}
        if noise:
            out.append("")
            out.append("timm's noise, per noisy step (`BM_timm_noise`: torch's CPU generator seeded "
                       "with `noise_seed + t`, MT19937's 624-word initialisation, then the draws): "
                       + ", ".join(f"{kind} {ns(v)}" for kind, v in noise.items()) + ".")
    registry = res.get("registry") or []
    if registry:
        out.append("")
        out.append("### Every registry row, through advance()")
        out.append("")
        out.append("Each row's first example as the spec language builds it, on its figure's "
                   "optimizer, stepped through `Scheduler::advance()`; mean over episodes of a "
                   "fresh build (`BM_registry/<row>`).")
        out.append("")
        out.append("| row | first example | groups | steps per episode | per step | allocs/step |")
        out.append("|---|---|--:|--:|--:|--:|")
        for r in registry:
            spec = (r.get("spec") or "").replace("|", "\\|")
            out.append(f"| {r['name']} | `{spec}` | {r.get('groups') or '–'} | "
                       f"{r.get('episode_steps') or '–'} | {ns(r.get('ns_per_step'))} | "
                       f"{allocs(r.get('allocs_per_step'))} |")
    step = by.get(("StepLR", 1), {})
    if "libtorch_ns" in step:
        out.append("")
        out.append("### libtorch")
        out.append("")
        out.append("| StepLR(30), torch::optim::SGD, 1 group | ns per step() | allocs/step |")
        out.append("|---|--:|--:|")
        out.append(f"| libtorch `torch::optim::StepLR` | {ns(step['libtorch_ns'])} | "
                   f"{allocs(step.get('libtorch_allocs_per_step'))} |")
        out.append(f"| lrsched `StepLR` on `lrsched::torch::OptimizerAdapter` | "
                   f"{ns(step['lrsched_adapter_ns'])} | "
                   f"{allocs(step.get('lrsched_adapter_allocs_per_step'))} |")
    sim, plot = res.get("simulate"), res.get("plot")
    if sim:
        out.append("")
        out.append("### simulate and plot")
        out.append("")
        scaled = (f" (Python run for {sim['python_steps']:,} steps and scaled "
                  f"×{sim['steps'] // sim['python_steps']})" if sim.get("python_scaled") else "")
        out.append(f"- `lrsched simulate \"{sim['spec']}\" --steps {sim['steps']:,} > /dev/null`: "
                   f"{sim['lrsched_s']:.2f} s ({sim['lrsched_steps_per_s'] / 1e6:.1f} M rows/s); "
                   f"the Python loop on PyTorch printing the same CSV: {sim['python_s']:.1f} s"
                   f"{scaled}: **{sim['speedup_vs_python']:.0f}×** faster.")
        rss = sim.get("peak_rss_kb", {})
        if rss:
            out.append("- Peak RSS of `lrsched simulate`: " + ", ".join(
                f"{int(k):,} steps: {v / 1024:.1f} MiB" for k, v in rss.items()) +
                f" ({sim.get('rss_method')}).")
    if plot:
        out.append(f"- `lrsched plot \"{plot['spec']}\" --steps {plot['steps']:,} -o x.png`: "
                   f"{plot['wall_s']:.2f} s (median of {len(plot['runs_s'])}).")
    share = res.get("training_share")
    out.append("")
    if share is None:
        out.append("Scheduler share of a Fashion-MNIST training step: not measured yet.")
    else:
        out.append(f"Scheduler share of a Fashion-MNIST training step: `{json.dumps(share)}`.")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("results", nargs="?",
                   default=os.path.join(os.path.dirname(__file__), "results.json"))
    p.add_argument("--update", metavar="MARKDOWN")
    args = p.parse_args()
    with open(args.results) as f:
        text = tables(json.load(f))
    if not args.update:
        sys.stdout.write(text)
        return 0
    with open(args.update) as f:
        doc = f.read()
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(doc):
        print(f"make_table: no {BEGIN} ... {END} in {args.update}", file=sys.stderr)
        return 1
    doc = pattern.sub(lambda _: f"{BEGIN}\n{text}{END}", doc)
    with open(args.update, "w") as f:
        f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
