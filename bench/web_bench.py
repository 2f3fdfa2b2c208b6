#!/usr/bin/python3
"""The schedule explorer's speed in headless Chromium (Debian's chromium and chromedriver),
written into bench/results.json under "web".

    /usr/bin/python3 bench/web_bench.py [--site build-web/site] [--results bench/results.json]

Measures, best of 10 after a warm-up, each run 100 ms after the last (as a person types; run back
to back, the browser's drawing of the last frame would share the machine's cores with the next
run): the page ready from file:// (navigation start to the first curve drawn), and for 100,000
and 1,000,000 steps of CosineAnnealingLR (a cosine per step: one cycle over the whole run, and
cycles of 1,000 steps, whose growing arguments take glibc's slower path) and StepLR,
lrsched.simulate alone (into fresh arrays) and the page's whole recompute and redraw; which
build of the module ran (relaxed SIMD's fma, or the portable one); and both modules' sizes.
The issue's targets: a redraw within a frame (16 ms) at 100,000 steps, 100 ms at 1,000,000,
ready within 1 s.
"""

import argparse
import json
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

MEASURE = """
const [spec, steps, done] = arguments;
const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
const best = async (f) => {
  f();
  let least = Infinity;
  for (let i = 0; i < 10; ++i) {
    await pause();
    const t0 = performance.now();
    f();
    least = Math.min(least, performance.now() - t0);
  }
  return least;
};
(async () => {
  const simulate_ms = await best(() => lrsched.simulate(spec, {steps}));
  document.getElementById('specs').value = spec;
  document.getElementById('steps').value = String(steps);
  const redraw_ms = await best(() => lrschedExplorer.run());
  done({spec, steps, simulate_ms, redraw_ms});
})();
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="build-web/site")
    parser.add_argument("--results", default="bench/results.json")
    args = parser.parse_args()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(600)
    try:
        ready = []
        for _ in range(3):
            driver.get("file://" + os.path.abspath(os.path.join(args.site, "index.html")))
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
            ready.append(driver.execute_script("return performance.now()"))
        runs = [driver.execute_async_script(MEASURE, spec.format(steps=steps), steps)
                for spec in ("CosineAnnealingLR(T_max={steps})", "CosineAnnealingLR(T_max=1000)",
                             "StepLR(1000)")
                for steps in (100_000, 1_000_000)]
        browser = driver.capabilities.get("browserVersion")
        module = driver.execute_script("return lrsched.module")
    finally:
        driver.quit()
    size = lambda name: os.path.getsize(os.path.join(args.site, name))  # noqa: E731
    web = {"browser": f"Chromium {browser} (headless)", "module": module,
           "module_bytes": size("lrsched-module.js"),
           "portable_module_bytes": size("lrsched-module-portable.js"),
           "ready_ms": min(ready), "runs": runs}
    with open(args.results) as f:
        results = json.load(f)
    results["web"] = web
    with open(args.results, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(json.dumps(web, indent=2))


if __name__ == "__main__":
    main()
