#!/usr/bin/python3
"""Assembles bench/results.json from the pieces bench/run.sh writes.

    merge_results.py --lrsched-bench lrsched_bench.json --pytorch pytorch.json
                     --simulate simulate.json [--torch-bench torch_bench.json]
                     [--training-share bench/training_share.json] [--build-dir build-bench]
                     -o bench/results.json

Times are Google Benchmark's real (wall) time, the median of the repetitions when there are
aggregates; PyTorch's are perf_counter_ns wall time, median of its repeats (pytorch_bench.py).
One row per class (or family schedule, "<family>.<row>") and group count:
  lrsched_ns, pytorch_ns, baseline_ns, allocs_per_step, speedup_vs_pytorch (pytorch/lrsched),
  ratio_to_baseline (lrsched/baseline), protocol_ns (BM_protocol: the bookkeeping any step owes
  PyTorch's protocol, written inline), ratio_to_baseline_and_protocol
  (lrsched/(baseline+protocol)); at 1 group, for the classes with a closed form,
  closed_form_ns (lrsched step(epoch)), pytorch_closed_form_ns; for StepLR at 1 group,
  libtorch_ns (torch::optim::StepLR) and lrsched_adapter_ns (lrsched's StepLR on the adapter,
  same SGD). A family schedule's row has "family", no PyTorch figure, and for transformers and
  timm origin_ns (the same configuration on the origin's own code, pytorch_bench.py with the
  reference oracles) and speedup_vs_origin.
timm_noise: BM_timm_noise's ns per noisy step ("normal", "uniform").
And one "registry" row per registry row (BM_registry/<row>: its first example's spec stepped
through advance(), episodes of a fresh build): name, spec, groups, episode_steps, ns_per_step
(the episode's time divided by its steps), allocs_per_step.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_gbench(path):
    """{run_name: {"ns": real time in ns, "allocs_per_step": ...}} from Google Benchmark JSON."""
    with open(path) as f:
        data = json.load(f)
    plain, median = {}, {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            raise SystemExit(f"merge_results: {b['name']} failed: {b.get('error_message')}")
        entry = {"ns": b["real_time"] * UNIT_NS[b.get("time_unit", "ns")]}
        for counter in ("allocs_per_step", "steps_per_iteration", "groups", "label"):
            if counter in b:
                entry[counter] = b[counter]
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                median[name] = entry
        else:
            plain.setdefault(name, entry)  # first repetition when no aggregates
    plain.update(median)
    return plain, data.get("context", {})


def _first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return None


def machine_info(build_dir, context):
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    os_name = platform.system()
    try:
        with open("/etc/os-release") as f:
            m = re.search(r'^PRETTY_NAME="?([^"\n]*)', f.read(), re.M)
            if m:
                os_name = m.group(1)
    except OSError:
        pass
    compiler = None
    cache = os.path.join(build_dir, "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as f:
            m = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.*)$", f.read(), re.M)
        if m:
            compiler = _first_line([m.group(1), "--version"])
    torch_version = _first_line(["/usr/bin/python3", "-c", "import torch; print(torch.__version__)"])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": f"{os_name} (Linux {platform.release()})",
        "compiler": compiler,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "pytorch": torch_version,
        "load_avg_at_start": context.get("load_avg"),
        "google_benchmark_library_build": context.get("library_build_type"),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--lrsched-bench", required=True)
    p.add_argument("--pytorch", required=True)
    p.add_argument("--simulate", required=True)
    p.add_argument("--torch-bench")
    p.add_argument("--training-share", default=os.path.join(os.path.dirname(__file__),
                                                             "training_share.json"))
    p.add_argument("--build-dir", default="build-bench")
    p.add_argument("-o", "--output", required=True)
    args = p.parse_args()

    ours, context = load_gbench(args.lrsched_bench)
    with open(args.pytorch) as f:
        pytorch = json.load(f)
    with open(args.simulate) as f:
        simulate = json.load(f)
    torch_bench = load_gbench(args.torch_bench)[0] if args.torch_bench else {}

    rows = []
    for name, entry in ours.items():
        m = re.fullmatch(r"BM_step/(.+)/(\d+)", name)
        if not m:
            continue
        cls, groups = m.group(1), int(m.group(2))
        family = cls.split(".")[0] if "." in cls else None  # timm.CosineLRScheduler
        torch_cls = cls.split("[")[0]  # LambdaLR[spec] is timed against PyTorch's LambdaLR
        base = ours.get(f"BM_baseline/{cls}/{groups}")
        py = None if family else pytorch.get(f"{torch_cls}/{groups}")
        origin = pytorch.get(f"{cls}/{groups}") if family else None
        protocol = ours.get(f"BM_protocol/{groups}")
        row = {
            "class": cls,
            "family": family,
            "groups": groups,
            "lrsched_ns": entry["ns"],
            "pytorch_ns": py,
            "baseline_ns": base["ns"] if base else None,
            "allocs_per_step": entry.get("allocs_per_step"),
            "speedup_vs_pytorch": py / entry["ns"] if py else None,
            **({"origin_ns": origin, "speedup_vs_origin": origin / entry["ns"] if origin else None}
               if family else {}),
            "ratio_to_baseline": entry["ns"] / base["ns"] if base else None,
            "protocol_ns": protocol["ns"] if protocol else None,
            "ratio_to_baseline_and_protocol":
                entry["ns"] / (base["ns"] + protocol["ns"]) if base and protocol else None,
        }
        closed = ours.get(f"BM_step_epoch/{cls}/{groups}")
        if closed:
            row["closed_form_ns"] = closed["ns"]
            row["closed_form_allocs_per_step"] = closed.get("allocs_per_step")
            row["pytorch_closed_form_ns"] = pytorch.get(f"{torch_cls}/{groups}/step_epoch")
        if cls == "StepLR" and groups == 1 and torch_bench:
            row["libtorch_ns"] = torch_bench["BM_libtorch_StepLR/1"]["ns"]
            row["lrsched_adapter_ns"] = torch_bench["BM_lrsched_StepLR/1"]["ns"]
            row["libtorch_allocs_per_step"] = torch_bench["BM_libtorch_StepLR/1"].get(
                "allocs_per_step")
            row["lrsched_adapter_allocs_per_step"] = torch_bench["BM_lrsched_StepLR/1"].get(
                "allocs_per_step")
        rows.append(row)

    registry = []
    for name, entry in ours.items():
        m = re.fullmatch(r"BM_registry/([^/]+)(?:/manual_time)?", name)
        if not m:
            continue
        steps = entry.get("steps_per_iteration")
        registry.append({
            "name": m.group(1),
            "spec": entry.get("label"),
            "groups": int(entry["groups"]) if "groups" in entry else None,
            "episode_steps": int(steps) if steps else None,
            "ns_per_step": entry["ns"] / steps if steps else None,
            "allocs_per_step": entry.get("allocs_per_step"),
        })

    training_share = None
    if args.training_share and os.path.exists(args.training_share):
        with open(args.training_share) as f:
            training_share = json.load(f)
    elif "BM_train_step/64" in torch_bench:
        # The example's per-batch OneCycleLR step over one training step of its model.
        train = torch_bench["BM_train_step/64"]["ns"]
        sched = torch_bench["BM_lrsched_OneCycleLR_train/64"]["ns"]
        training_share = {"train_step_ns": train, "scheduler_step_ns": sched,
                          "share_percent": 100.0 * sched / train,
                          "setup": "784-128-10 MLP, batch 64, SGD momentum 0.9, 1 thread, "
                                   "OneCycleLR per batch on the adapter"}

    result = {
        "machine": machine_info(args.build_dir, context),
        "results": rows,
        "registry": registry,
        "simulate": simulate["simulate"],
        "plot": simulate["plot"],
        "training_share": training_share,
        "timm_noise": {kind: ours[f"BM_timm_noise/{kind}"]["ns"]
                       for kind in ("normal", "uniform") if f"BM_timm_noise/{kind}" in ours},
    }
    with open(args.output, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    missing = [f"{r['class']}/{r['groups']}" for r in rows
               if (r["pytorch_ns"] is None and not r["family"]) or r["baseline_ns"] is None]
    if missing:
        print(f"merge_results: no PyTorch or baseline figure for {', '.join(missing)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
