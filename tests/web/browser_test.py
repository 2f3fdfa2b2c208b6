#!/usr/bin/python3
"""The schedule explorer (web/) in Debian's headless Chromium, driven by python3-selenium with
Debian's chromedriver: nothing downloads a browser.

    /usr/bin/python3 tests/web/browser_test.py SITE LRSCHED [--cases N] [--seed S]

SITE is the built site (scripts/build-web.sh: build-web/site), LRSCHED the native tool.

- The JavaScript API gives the same doubles, bit for bit, as ``lrsched simulate --format json``
  for seeded random specs of every class and family (the generators of tests/parity), and
  refuses what the command line refuses, with the same error type and message.
- The page: typing a spec redraws the chart; a bad spec shows the command line's message and
  caret.
- A permalink reloads to the same state; the CSV, SVG and PNG exports parse, and the CSV holds
  the API's numbers; "copy as Python" runs in Debian's PyTorch and gives the command line's
  lrs; every preset draws its curves.
"""

import argparse
import base64
import csv
import io
import xml.etree.ElementTree as ElementTree
import importlib.util
import json
import math
import os
import random
import struct
import subprocess
import sys
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
PARITY = os.path.join(HERE, os.pardir, "parity")
SITE = LRSCHED = None
CASES, SEED = 300, 1


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(PARITY, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_cases():
    """PyTorch cases (valid and invalid ones) and family cases, as the options' text."""
    differential = load("differential")
    families = load("family_differential")
    generator = differential.Generator(SEED)
    cases = []
    while len(cases) < CASES * 2 // 3:
        c = generator.case()
        if c.get("closed_form"):
            continue  # a command-line analysis option, not a simulation setting
        options = {"lr": ",".join(repr(x) for x in c["lr"]), "steps": str(c["steps"]),
                   "optimizer": c["optimizer"]}
        if "momentum" in c:
            options["momentum"] = repr(c["momentum"])
        if "betas" in c:
            options["betas"] = ",".join(repr(x) for x in c["betas"])
        if "initial_lr" in c:
            options["initialLr"] = ",".join(repr(x) for x in c["initial_lr"])
        if "metric" in c:
            options["metric"] = c["metric"]
        if "torch_compat" in c:
            options["torchCompat"] = c["torch_compat"]
        cases.append({"spec": c["spec"], "options": options})
    listing = json.loads(subprocess.run([LRSCHED, "list", "--format", "json"], check=True,
                                        capture_output=True, text=True).stdout)
    rows = [row for row in listing["schedules"] if row["module"] in families.GENERATORS]
    r = random.Random(SEED)
    i = 0
    while len(cases) < CASES:
        c = families.make_case(rows[i % len(rows)], r)
        i += 1
        if c is None:
            continue
        options = {"lr": ",".join(repr(x) for x in c["lr"]), "steps": str(c["steps"]),
                   "optimizer": c["optimizer"]}
        if c["metric"] is not None:
            options["metric"] = c["metric"]
        cases.append({"spec": c["spec"], "options": options})
    return cases


ARGV = {"lr": "--lr", "steps": "--steps", "optimizer": "--optimizer", "momentum": "--momentum",
        "betas": "--betas", "initialLr": "--initial-lr", "metric": "--metric",
        "torchCompat": "--torch-compat"}


def command_line(case):
    """`lrsched simulate --format json` on the case: ("ok", lr, momentum) or ("error", type,
    message)."""
    argv = [LRSCHED, "simulate", case["spec"], "--format", "json"]
    argv += [f"{ARGV[k]}={v}" for k, v in case["options"].items()]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    if proc.returncode == 0:
        doc = json.loads(proc.stdout)
        return ("ok", doc["lr"], doc.get("momentum", []))
    line = proc.stderr.splitlines()[0]
    prefix, kind, message = line.split(": ", 2)
    assert prefix == "lrsched", line
    return ("error", "UsageError" if kind == "error" else kind, message)


def drawn_in(pixel, colour):
    """Whether `pixel` is `colour` drawn over white, at least a quarter opaque (anti-aliased
    lines blend their colour into the white around them)."""
    channels = [(255 - p, 255 - c) for p, c in zip(pixel, colour) if c < 250]
    alpha = sum(p for p, _ in channels) / sum(c for _, c in channels)
    return alpha >= 0.25 and all(abs(p - alpha * c) < 30 for p, c in channels)


def bits(x):
    return "nan" if math.isnan(x) else struct.pack("<d", x)


def cpu_has_fma():
    """Whether this CPU has an FMA unit: then the browser fuses relaxed SIMD's multiply-add, and
    the page runs lrsched-module.js rather than the portable build."""
    with open("/proc/cpuinfo") as f:
        return any(line.startswith("flags") and " fma " in line + " " for line in f)


# Runs every case through lrsched.simulate in the page; numbers come back as the shortest text
# that reads back as the same double (JSON has no NaN, infinities or -0).
IN_BROWSER = """
const cases = arguments[0];
const text = (x) => Object.is(x, -0) ? "-0.0" : String(x);
return cases.map(({spec, options}) => {
  try {
    const r = lrsched.simulate(spec, options);
    return {lr: r.lr.map((g) => Array.from(g, text)),
            momentum: r.momentum.map((g) => Array.from(g, text))};
  } catch (e) {
    return {error: {type: e.type, message: e.message, column: e.column}};
  }
});
"""


class Explorer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--allow-file-access-from-files"):
            options.add_argument(flag)
        cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        cls.driver.set_script_timeout(300)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def open_page(self, module=None):
        """The page; with `module="portable"`, as a browser without relaxed SIMD loads it."""
        added = None
        if module is not None:
            added = self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
                "source": f"window.LRSCHED_MODULE = {json.dumps(module)};"})["identifier"]
        try:
            self.driver.get("file://" + os.path.abspath(os.path.join(SITE, "index.html")))
            WebDriverWait(self.driver, 30).until(
                lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
        finally:
            if added is not None:
                self.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                            {"identifier": added})

    def test_api_is_bit_identical_to_the_command_line(self):
        # in both builds of the module: the one this browser loads, with relaxed SIMD's fma where
        # the CPU fuses it, and the portable one, with the fma in software
        cases = random_cases()
        self.open_page()
        self.assertEqual(self.driver.execute_script("return lrsched.module"),
                         "relaxed-simd" if cpu_has_fma() else "portable")
        runs = {"loaded": self.driver.execute_script(IN_BROWSER, cases)}
        self.open_page(module="portable")
        self.assertEqual(self.driver.execute_script("return lrsched.module"), "portable")
        runs["portable"] = self.driver.execute_script(IN_BROWSER, cases)
        compared = refused = 0
        differences = []
        for i, case in enumerate(cases):
            want = command_line(case)
            for module, results in runs.items():
                got = results[i]
                where = f"{module} module: spec: {case['spec']}  options: {case['options']}"
                if want[0] == "error":
                    self.assertIn("error", got, where)
                    self.assertEqual((got["error"]["type"], got["error"]["message"]), want[1:],
                                     where)
                    refused += 1
                    continue
                self.assertNotIn("error", got, f"{where}: {got.get('error')}")
                compared += 1
                for name, cli, web in (("lr", want[1], got["lr"]),
                                       ("momentum", want[2], got["momentum"])):
                    self.assertEqual(len(cli), len(web), f"{where}: {name} groups")
                    for g, (a, b) in enumerate(zip(cli, web)):
                        self.assertEqual(len(a), len(b), f"{where}: {name} of group {g}")
                        steps = [k for k, (x, y) in enumerate(zip(a, b))
                                 if bits(x) != bits(float(y))]
                        if steps:
                            k = steps[0]
                            differences.append(
                                f"{where}: {name} of group {g} differs at {len(steps)} of "
                                f"{len(a)} steps, first at {k}: {a[k]!r} (command line) and "
                                f"{b[k]} (browser)")
        for line in differences:
            print("browser: " + line)
        self.assertEqual(len(differences), 0,
                         f"{len(differences)} of {compared} runs differ (listed above)")
        print(f"browser: {compared} runs bit-identical, {refused} refusals identical "
              f"({len(cases)} cases in each of both modules, seed {SEED})")
        self.assertGreater(compared, len(cases))
        self.assertGreater(refused, 0)

    def test_reuse_fills_an_earlier_runs_arrays(self):
        self.open_page()
        got = self.driver.execute_script("""
            const options = {steps: 300, lr: [0.1, 0.2], optimizer: "sgd", momentum: 0.9};
            const spec = "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=40)";
            const earlier = lrsched.simulate("OneCycleLR(max_lr=0.1, total_steps=500)",
                                             {...options, steps: 500});
            const fresh = lrsched.simulate(spec, options);
            const filled = lrsched.simulate(spec, {...options, reuse: earlier});
            const same = (x, y) => x.length === y.length && x.every((v, k) => Object.is(v, y[k]));
            const longer = lrsched.simulate("StepLR(3)", {steps: 900, reuse: filled});
            const [a, b] = lrsched.simulateChain(["StepLR(3)", "ExponentialLR(0.9)"], {steps: 50});
            const chained = lrsched.simulateChain(["StepLR(4)", "ExponentialLR(0.8)"],
                                                  {steps: 50, reuse: [a, b]});
            const chainedFresh = lrsched.simulateChain(["StepLR(4)", "ExponentialLR(0.8)"],
                                                       {steps: 50});
            return {
              lrShared: filled.lr.map((g, i) => g.buffer === earlier.lr[i].buffer),
              momentumShared: filled.momentum.map(
                (g, i) => g.buffer === earlier.momentum[i].buffer),
              lrEqual: filled.lr.map((g, i) => same(g, fresh.lr[i])),
              momentumEqual: filled.momentum.map((g, i) => same(g, fresh.momentum[i])),
              lengths: filled.lr.map((g) => g.length),
              longerShared: longer.lr[0].buffer === filled.lr[0].buffer,
              longerLength: longer.lr[0].length,
              chainShared: chained.map((r, i) => r.lr[0].buffer === [a, b][i].lr[0].buffer),
              chainEqual: chained.map((r, i) => same(r.lr[0], chainedFresh[i].lr[0])),
            };""")
        self.assertEqual(got["lrShared"], [True, True])
        self.assertEqual(got["momentumShared"], [True, True])
        self.assertEqual(got["lrEqual"], [True, True])
        self.assertEqual(got["momentumEqual"], [True, True])
        self.assertEqual(got["lengths"], [300, 300])
        # 900 rows do not fit in the 500 of the earlier run: new arrays
        self.assertEqual((got["longerShared"], got["longerLength"]), (False, 900))
        self.assertEqual(got["chainShared"], [True, True])
        self.assertEqual(got["chainEqual"], [True, True])

    def test_a_chain_continues_on_the_optimizer_the_previous_spec_left(self):
        # lrsched.simulateChain([a, b]) runs b on the optimizer a left (`lrsched plot a --then
        # b`): the command line gives the same numbers for b on an optimizer set up as a left it,
        # its lr being a's row after a's last step and its initial_lr a's.
        self.open_page()
        chains = [
            (["CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
              "CosineAnnealingLR(T_max=40, eta_min=0.5, last_epoch=10)"],
             {"lr": "1.0", "initialLr": "1.0", "optimizer": "adam"}),
            (["StepLR(step_size=3, gamma=0.5)", "ExponentialLR(gamma=0.9)"],
             {"lr": "0.1,0.02", "steps": "20"}),
        ]
        for specs, options in chains:
            got = self.driver.execute_script("""
                const text = (x) => Object.is(x, -0) ? "-0.0" : String(x);
                return lrsched.simulateChain(arguments[0], arguments[1])
                    .map((r) => r.lr.map((g) => Array.from(g, text)));""", specs, options)
            self.assertEqual(len(got), 2)
            first = command_line({"spec": specs[0], "options": options})
            steps = len(first[1][0])
            after = command_line({"spec": specs[0],
                                  "options": {**options, "steps": str(steps + 1)}})
            second = command_line({"spec": specs[1], "options": {
                **options,
                "lr": ",".join(repr(group[steps]) for group in after[1]),
                "initialLr": options.get("initialLr", options["lr"])}})
            for want, web in ((first, got[0]), (second, got[1])):
                self.assertEqual(want[0], "ok", f"{specs}: {want}")
                self.assertEqual([[bits(x) for x in g] for g in want[1]],
                                 [[bits(float(y)) for y in g] for g in web], specs)
        # `steps`, made when read, numbers the rows
        self.assertEqual(self.driver.execute_script(
            "const r = lrsched.simulate('StepLR(3)', {steps: 7}); return Array.from(r.steps);"),
            [0, 1, 2, 3, 4, 5, 6])
        with self.assertRaises(Exception) as refused:
            self.driver.execute_script(
                "try { lrsched.simulateChain(['StepLR(3)', 'StepLR(0)']); }"
                " catch (e) { throw new Error(`${e.index} ${e.type}: ${e.message}`); }")
        self.assertIn("1 ZeroDivisionError: at step 1", str(refused.exception))

    def test_typing_a_spec_redraws_and_errors_show_the_caret(self):
        self.open_page()
        canvas = self.driver.find_element(By.ID, "chart")
        before = canvas.screenshot_as_png
        specs = self.driver.find_element(By.ID, "specs")
        specs.clear()
        specs.send_keys("StepLR(step_size=30, gamma=0.5)")
        WebDriverWait(self.driver, 10).until(lambda d: canvas.screenshot_as_png != before)
        self.assertTrue(self.driver.find_element(By.ID, "error").get_attribute("hidden"))
        specs.clear()
        specs.send_keys("StepLr(optim, 30)")
        error = self.driver.find_element(By.ID, "error")
        WebDriverWait(self.driver, 10).until(lambda d: error.get_attribute("hidden") is None)
        cli = subprocess.run([LRSCHED, "simulate", "StepLr(optim, 30)"], capture_output=True,
                             text=True, check=False)
        self.assertEqual(error.text.strip(), cli.stderr.strip())


class Page(unittest.TestCase):
    """The page's own features, on one browser."""

    @classmethod
    def setUpClass(cls):
        Explorer.setUpClass.__func__(cls)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    open_page = Explorer.open_page

    def type_specs(self, text):
        specs = self.driver.find_element(By.ID, "specs")
        specs.clear()
        specs.send_keys(text)
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return lrschedExplorer.state().specs") == text)
        # The redraw runs on the next animation frame.
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return location.hash.length > 1"))

    def test_permalink_reloads_the_same_state(self):
        self.open_page()
        self.type_specs("OneCycleLR(max_lr=0.1, total_steps=50)  # one cycle\nStepLR(10, 0.5)")
        steps = self.driver.find_element(By.ID, "steps")
        steps.send_keys("40")
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return lrschedExplorer.state().steps") == "40")
        WebDriverWait(self.driver, 10).until(lambda d: "%2240%22" in d.current_url)
        link = self.driver.current_url
        state = self.driver.execute_script("return lrschedExplorer.state()")
        table = self.driver.execute_script("return lrschedExplorer.csv()")
        self.driver.get("about:blank")
        self.driver.get(link)
        WebDriverWait(self.driver, 30).until(
            lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
        self.assertEqual(self.driver.execute_script("return lrschedExplorer.state()"), state)
        self.assertEqual(self.driver.execute_script("return lrschedExplorer.csv()"), table)

    def test_exports_parse(self):
        self.open_page()
        self.type_specs("CosineAnnealingLR(T_max=20)  # cosine\nExponentialLR(0.9)")
        table = list(csv.reader(io.StringIO(
            self.driver.execute_script("return lrschedExplorer.csv()"))))
        self.assertEqual(table[0], ["step", "cosine", "ExponentialLR(0.9)"])
        api = self.driver.execute_script(
            "return [lrsched.simulate('CosineAnnealingLR(T_max=20)', {lr: '0.1'}).lr[0],"
            "        lrsched.simulate('ExponentialLR(0.9)', {lr: '0.1'}).lr[0]]"
            ".map((g) => Array.from(g, String))")
        self.assertEqual(len(table) - 1, max(len(api[0]), len(api[1])))
        for k, row in enumerate(table[1:]):
            self.assertEqual(int(row[0]), k)
            for column, values in zip(row[1:], api):
                if k < len(values):
                    self.assertEqual(float(column), float(values[k]))
        svg = ElementTree.fromstring(self.driver.execute_script("return lrschedExplorer.svg()"))
        self.assertEqual(len(svg.findall("{http://www.w3.org/2000/svg}polyline")), 2)
        png = self.driver.execute_script(
            "return document.getElementById('chart').toDataURL('image/png')")
        image = Image.open(io.BytesIO(base64.b64decode(png.split(",", 1)[1])))
        self.assertEqual(image.size, (900, 420))
        command = self.driver.execute_script("return lrschedExplorer.command()")
        self.assertEqual(command.splitlines()[0],
                         "lrsched simulate 'CosineAnnealingLR(T_max=20)' --lr 0.1 --optimizer sgd")

    def test_copy_as_python_runs_in_pytorch(self):
        """The Python the page copies, run in Debian's PyTorch, gives the command line's lrs."""
        self.open_page()
        specs = ["SequentialLR([LinearLR(0.1, total_iters=5), StepLR(3, gamma=0.5)], "
                 "milestones=[5])",
                 "ChainedScheduler([ExponentialLR(0.9), StepLR(2, gamma=0.5)])",
                 "OneCycleLR(max_lr=0.5, total_steps=30, anneal_strategy='linear')",
                 "LambdaLR(lambda e: 0.95 ** e)"]
        for spec in specs:
            code = self.driver.execute_script("return lrschedExplorer.python(arguments[0])", [spec])
            program = ("import torch\n"
                       "optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1,"
                       " momentum=0.9)\n" + code + "\nlrs = []\n"
                       "for _ in range(30):\n"
                       "    lrs.append(repr(optimizer.param_groups[0]['lr']))\n"
                       "    optimizer.step()\n"
                       "    scheduler.step()\n"
                       "print(','.join(lrs))\n")
            torch_run = subprocess.run(["/usr/bin/python3", "-c", program], capture_output=True,
                                       text=True, timeout=120, check=False)
            self.assertEqual(torch_run.returncode, 0, f"{spec}:\n{code}\n{torch_run.stderr}")
            cli = subprocess.run([LRSCHED, "simulate", spec, "--steps", "30", "--momentum", "0.9"],
                                 capture_output=True, text=True, check=True)
            want = [row.split(",")[1] for row in cli.stdout.splitlines()[1:]]
            self.assertEqual(torch_run.stdout.strip().split(","), want, f"{spec}:\n{code}")

    def test_typing_offers_names_and_shows_the_signature(self):
        self.open_page()
        specs = self.driver.find_element(By.ID, "specs")
        specs.clear()
        specs.send_keys("CosineAnn")
        suggestions = self.driver.find_element(By.ID, "suggestions")
        WebDriverWait(self.driver, 10).until(lambda d: "CosineAnnealingLR" in suggestions.text)
        self.assertIn("CosineAnnealingWarmRestarts", suggestions.text)
        suggestions.find_element(By.XPATH, "//button[text()='CosineAnnealingLR']").click()
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return lrschedExplorer.state().specs") ==
            "CosineAnnealingLR(")
        signature = self.driver.find_element(By.ID, "signature")
        WebDriverWait(self.driver, 10).until(lambda d: signature.text != "")
        row = next(r for r in json.loads(subprocess.run(
            [LRSCHED, "list", "--format", "json"], capture_output=True, text=True,
            check=True).stdout)["schedules"] if r["name"] == "CosineAnnealingLR")
        self.assertEqual(signature.text.splitlines()[0], f"{row['module']}.{row['signature']}")
        # Inside the call: keyword names that complete the word, and the docs of the argument.
        specs.send_keys("T_max=10, eta")
        WebDriverWait(self.driver, 10).until(lambda d: "eta_min=" in suggestions.text)
        suggestions.find_element(By.XPATH, "//button[text()='eta_min=']").click()
        WebDriverWait(self.driver, 10).until(
            lambda d: d.execute_script("return lrschedExplorer.state().specs") ==
            "CosineAnnealingLR(T_max=10, eta_min=")
        eta_min = next(p for p in row["parameters"] if p["name"] == "eta_min")
        WebDriverWait(self.driver, 10).until(lambda d: eta_min["description"] in signature.text)
        self.assertIn(f"eta_min: {eta_min['annotation']} = {eta_min['default']}", signature.text)

    def test_dragging_zooms_and_double_click_shows_every_step(self):
        self.open_page()
        self.type_specs("StepLR(30, gamma=0.5)")
        self.driver.find_element(By.ID, "steps").send_keys("100")
        canvas = self.driver.find_element(By.ID, "chart")
        WebDriverWait(self.driver, 10).until(lambda d: "%22100%22" in d.current_url)
        before = canvas.screenshot_as_png
        width = canvas.size["width"]
        # From a third of the width to two thirds (offsets are from the canvas' centre).
        ActionChains(self.driver).move_to_element_with_offset(canvas, -width // 6, 0) \
            .click_and_hold().move_by_offset(width // 3, 0).release().perform()
        view = self.driver.execute_script("return lrschedExplorer.view()")
        self.assertIsNotNone(view)
        self.assertLess(view["from"], view["to"])
        self.assertTrue(15 < view["from"] < 45 and 45 < view["to"] < 85, view)
        self.assertNotEqual(canvas.screenshot_as_png, before)
        self.assertIsNone(self.driver.find_element(By.ID, "reset-zoom").get_attribute("hidden"))
        ActionChains(self.driver).double_click(canvas).perform()
        self.assertIsNone(self.driver.execute_script("return lrschedExplorer.view()"))
        self.assertEqual(canvas.screenshot_as_png, before)

    def test_momentum_panel_shows_when_a_schedule_cycles_momentum(self):
        self.open_page()
        panel = self.driver.find_element(By.ID, "momentum-chart")
        self.driver.find_element(By.ID, "momentum").send_keys("0.9")
        self.type_specs("OneCycleLR(max_lr=0.1, total_steps=50)")
        WebDriverWait(self.driver, 10).until(lambda d: panel.get_attribute("hidden") is None)
        image = Image.open(io.BytesIO(panel.screenshot_as_png)).convert("RGB")
        self.assertGreater(sum(1 for p in image.getdata() if max(p) - min(p) > 60), 300)
        self.type_specs("StepLR(10)")
        WebDriverWait(self.driver, 10).until(lambda d: panel.get_attribute("hidden") is not None)

    def test_a_then_line_continues_the_curve_above(self):
        self.open_page()
        select = Select(self.driver.find_element(By.ID, "preset"))
        seed = next(o.text for o in select.options if "continues" in o.text)
        select.select_by_visible_text(seed)
        self.assertTrue(self.driver.find_element(By.ID, "error").get_attribute("hidden"))
        specs = self.driver.execute_script("return lrschedExplorer.state().specs").split("\n")
        self.assertEqual([line.startswith("then ") for line in specs], [False, False, True])
        rows = list(csv.reader(io.StringIO(self.driver.execute_script(
            "return lrschedExplorer.csv()"))))
        self.assertEqual(rows[0][1:], ["eta_min=0.2, last epoch=-1", "eta_min=0.2, last epoch=10",
                                       "eta_min=0.5, last epoch=10"])
        command = self.driver.execute_script("return lrschedExplorer.command()")
        self.assertIn("lrsched plot 'CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)' "
                      "--then 'CosineAnnealingLR(T_max=40, eta_min=0.5, last_epoch=10)'", command)
        self.assertIn("--initial-lr 1", command)
        self.type_specs("then StepLR(10)")
        self.assertIn("first line has none", self.driver.find_element(By.ID, "error").text)

    def test_every_preset_draws_its_curves(self):
        # Each preset's chart has its curves' colours where their lrs are: at a tenth, half and
        # nine tenths of each curve's steps (or a curve drawn over it there).
        self.open_page()
        select = Select(self.driver.find_element(By.ID, "preset"))
        names = [o.text for o in select.options][1:]
        self.assertGreater(len(names), 50)
        canvas = self.driver.find_element(By.ID, "chart")
        width = int(canvas.get_attribute("width"))
        for index, name in enumerate(names, start=1):
            select.select_by_index(index)
            self.assertTrue(self.driver.find_element(By.ID, "error").get_attribute("hidden"),
                            f"{name}: {self.driver.find_element(By.ID, 'error').text}")
            image = Image.open(io.BytesIO(canvas.screenshot_as_png)).convert("RGB")
            scale = image.width / width
            curves = self.driver.execute_script("return lrschedExplorer.curves()")
            colours = [tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in
                       self.driver.execute_script(
                           "return arguments[0].map((_, i) => lrschedExplorer.pointOf(i, 0).colour)",
                           curves)]
            checked = 0
            for i, curve in enumerate(curves):
                for k in sorted({curve["rows"] // 10, curve["rows"] // 2, curve["rows"] * 9 // 10}):
                    point = self.driver.execute_script(
                        "return lrschedExplorer.pointOf(arguments[0], arguments[1])", i, k)
                    if not (math.isfinite(point["x"]) and math.isfinite(point["y"])):
                        continue  # an lr the chart leaves out (not finite)
                    x, y = round(point["x"] * scale), round(point["y"] * scale)
                    near = [image.getpixel((u, v))
                            for u in range(max(0, x - 3), min(image.width, x + 4))
                            for v in range(max(0, y - 3), min(image.height, y + 4))]
                    self.assertTrue(
                        any(drawn_in(pixel, colour) for pixel in near for colour in colours[i:]),
                        f"{name}: curve {curve['label']!r} has no pixel at row {k} ({x}, {y})")
                    checked += 1
            self.assertGreater(checked, 0, name)

    def test_a_phone_width_keeps_everything_on_screen_and_labelled(self):
        self.driver.set_window_size(390, 844)
        try:
            self.open_page()
            overflow = self.driver.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth")
            self.assertLessEqual(overflow, 0)
            unlabelled = self.driver.execute_script("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter((e) => !(e.labels && e.labels.length) && !e.textContent.trim()
                                 && !e.getAttribute('aria-label'))
                  .map((e) => e.id || e.outerHTML);""")
            self.assertEqual(unlabelled, [])
        finally:
            self.driver.set_window_size(1280, 1000)


def main():
    global SITE, LRSCHED, CASES, SEED
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("lrsched")
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--seed", type=int, default=SEED)
    args, rest = parser.parse_known_args()
    SITE, LRSCHED, CASES, SEED = args.site, args.lrsched, args.cases, args.seed
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
