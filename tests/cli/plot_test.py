#!/usr/bin/env python3
"""Checks `lrsched plot` and `lrsched gallery` output as files a person would open: PNG size and
pixels on the known curve, SVG title and legend text, PDF structure and page size, the gallery's
figures and index, and that the README's images are the gallery's.

Usage: plot_test.py PATH_TO_LRSCHED REPO_ROOT
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from PIL import Image

LRSCHED = None
ROOT = None
CURVE_BLUE = (31, 119, 180)   # the first curve colour (matplotlib's tab10 blue)


def run(*args):
    proc = subprocess.run([LRSCHED, *args], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"lrsched {args} failed: {proc.stderr}")
    return proc


def load(path):
    with Image.open(path) as image:
        return image.convert("RGB")


def near(colour, target, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target))


def plot_frame(image):
    """The plot area's frame: the longest dark grey horizontal and vertical lines (anti-aliased
    over two pixels, so a grey well below the light grid's)."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    px = rgb.load()

    def dark(x, y):
        r, g, b = px[x, y]
        return max(r, g, b) - min(r, g, b) < 8 and r < 200

    rows = [y for y in range(h) if sum(dark(x, y) for x in range(w)) > w * 0.5]
    cols = [x for x in range(w) if sum(dark(x, y) for y in range(h)) > h * 0.25]
    return min(cols), max(cols), min(rows), max(rows)


def curve_pixel_near(image, x, y, colour, radius=3):
    rgb = image.convert("RGB")
    px = rgb.load()
    return any(near(px[i, j], colour, 60)
               for i in range(int(x) - radius, int(x) + radius + 1)
               for j in range(int(y) - radius, int(y) + radius + 1))


class PngOutput(unittest.TestCase):
    def test_size_and_known_points_on_the_curve(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "step.png")
            run("plot", "StepLR(step_size=30, gamma=0.1)", "-o", path, "--width", "800",
                "--height", "500")
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            image = load(path)
            self.assertEqual(image.size, (800, 500))
            left, right, top, bottom = plot_frame(image)
            self.assertGreater(right - left, 400)
            self.assertGreater(bottom - top, 200)
            # Axes: x over steps 0..99; y over the data (1e-4 .. 0.1) padded by 4% each side.
            lo, hi = 1e-4, 0.1
            pad = (hi - lo) * 0.04
            to_x = lambda step: left + step / 99 * (right - left)
            to_y = lambda lr: top + (hi + pad - lr) / (hi - lo + 2 * pad) * (bottom - top)
            for step, lr in [(10, 0.1), (20, 0.1), (45, 0.01), (75, 0.001), (95, 0.0001)]:
                self.assertTrue(curve_pixel_near(image, to_x(step), to_y(lr), CURVE_BLUE),
                                f"no curve pixel at step {step}, lr {lr}")
            # Where the lr is known not to be, nothing is drawn.
            for step, lr in [(10, 0.05), (45, 0.08), (75, 0.05)]:
                self.assertFalse(curve_pixel_near(image, to_x(step), to_y(lr), CURVE_BLUE),
                                 f"unexpected curve pixel at step {step}, lr {lr}")
            # White background in the corners.
            rgb = image.convert("RGB")
            self.assertEqual(rgb.getpixel((2, 2)), (255, 255, 255))
            self.assertEqual(rgb.getpixel((797, 497)), (255, 255, 255))

    def test_restarts_of_a_million_steps_stay_visible(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "long.png")
            run("plot", "CosineAnnealingWarmRestarts(T_0=100000)", "--steps", "1000000",
                "-o", path)
            image = load(path)
            left, right, top, bottom = plot_frame(image)
            self.assertLess(os.path.getsize(path), 300_000)
            # Every restart jumps back to the top: the curve touches the top row 10 times.
            y = top + (bottom - top) * 0.04 / 1.08  # lr = max, inside the 4% padding
            lit = [x for x in range(left + 2, right - 1)
                   if curve_pixel_near(image, x, y, CURVE_BLUE, radius=1)]
            groups = sum(1 for i, x in enumerate(lit) if i == 0 or x - lit[i - 1] > 5)
            self.assertGreaterEqual(groups, 10)


class VectorOutput(unittest.TestCase):
    def test_svg_holds_title_and_legend(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "chart.svg")
            run("plot", "ExponentialLR(gamma=0.9)", "CosineAnnealingLR(T_max=50)", "--title",
                "Decay & cosine", "--label", "exp", "--label", "cos", "-o", path)
            with open(path, encoding="utf-8") as f:
                svg = f.read()
            self.assertTrue(svg.startswith("<?xml"))
            self.assertIn('width="1000px" height="600px"', svg)
            self.assertIn("<title>Decay &amp; cosine</title>", svg)
            self.assertIn("<desc>Legend: exp; cos;</desc>", svg)
            self.assertIn("<path", svg)
            self.assertTrue(svg.rstrip().endswith("</svg>"))

    def test_pdf_structure_and_page_size(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "chart.pdf")
            run("plot", "OneCycleLR(max_lr=0.1, total_steps=100)", "--momentum", "0.9",
                "--momentum-panel", "--width", "800", "--height", "500", "-o", path)
            with open(path, "rb") as f:
                pdf = f.read()
            self.assertTrue(pdf.startswith(b"%PDF-1."))
            self.assertIn(b"%%EOF", pdf[-64:])
            self.assertIn(b"/MediaBox [ 0 0 576 360 ]", pdf)  # 8 x 5 inches at 100 px per inch
            self.assertGreater(len(pdf), 5000)

    def test_bad_extension_and_failures_leave_no_file(self):
        with tempfile.TemporaryDirectory() as d:
            proc = subprocess.run([LRSCHED, "plot", "StepLR(3)", "-o", os.path.join(d, "x.gif")],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("use a .png, .svg or .pdf", proc.stderr)
            proc = subprocess.run([LRSCHED, "plot", "StepLR(3)", "OneCycleLR(0.1, total_steps=5)",
                                   "--steps", "100", "-o", os.path.join(d, "x.png")],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("Tried to step", proc.stderr)
            self.assertEqual(os.listdir(d), [])
            missing = os.path.join(d, "missing", "x.svg")
            proc = subprocess.run([LRSCHED, "plot", "StepLR(3)", "-o", missing],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 3)
            self.assertIn(f"lrsched: error: cannot write '{missing}': ", proc.stderr)
            self.assertNotIn(".tmp", proc.stderr)
            self.assertEqual(os.listdir(d), [])


def dark_runs(image, x0, x1, y0, y1):
    """Runs of consecutive rows (y0..y1) holding dark text pixels between columns x0 and x1:
    one per tick label when labels do not touch, as (first row, last row)."""
    px = image.load()
    rows = [y for y in range(y0, y1)
            if any(max(px[x, y]) < 120 for x in range(max(x0, 0), min(x1, image.size[0])))]
    runs = []
    for y in rows:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return runs


def run_status(*args, env=None):
    return subprocess.run([LRSCHED, *args], capture_output=True, text=True, timeout=120, env=env)


class LogAxis(unittest.TestCase):
    def test_hundreds_of_decades_get_a_few_separate_labels(self):
        # 0.1 * 0.5^k spans 323 decades before it underflows to 0: PLplot's own log axis labels
        # every decade, hundreds of labels drawn over each other.
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.png")
            proc = run("plot", "ExponentialLR(0.5)", "--logy", "--steps", "2000", "-o", path)
            self.assertIn("values <= 0 not drawn", proc.stderr)
            image = load(path)
            left, right, top, bottom = plot_frame(image)
            runs = dark_runs(image, left - 30, left - 3, top - 10, bottom + 5)
            self.assertGreaterEqual(len(runs), 3, runs)
            self.assertLessEqual(len(runs), 12, runs)
            for first, last in runs:
                self.assertLess(last - first, 30, f"labels run together: {runs}")
            for a, b in zip(runs, runs[1:]):
                self.assertGreater(b[0] - a[1], 10, f"labels too close: {runs}")

    def test_five_decades_labelled_with_minor_ticks_between(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.png")
            run("plot", "ExponentialLR(0.9)", "--logy", "-o", path)
            image = load(path)
            left, right, top, bottom = plot_frame(image)
            # 0.1 down to 3e-6: 10^-1 .. 10^-5, each labelled once.
            self.assertEqual(len(dark_runs(image, left - 30, left - 3, top - 10, bottom + 5)), 5)
            # Ticks along the right edge: a major tick per decade and 2..9 x 10^k between.
            ticks = dark_runs(image, right - 4, right - 2, top + 3, bottom - 3)
            self.assertGreaterEqual(len(ticks), 5 * 5, ticks)

    def test_values_at_or_below_zero_are_named_once(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.png")
            proc = run("plot", "CosineAnnealingLR(T_max=10)", "--steps", "22", "--logy", "-o",
                       path)
            self.assertEqual(proc.stderr,
                             "lrsched: warning: --logy: 1 value <= 0 not drawn (first: "
                             "'CosineAnnealingLR(T_max=10)' step 10, lr 0)\n")
            self.assertEqual(load(path).size, (1000, 600))
            # The terminal chart says the same.
            proc = run("plot", "CosineAnnealingLR(T_max=10)", "--steps", "22", "--logy")
            self.assertEqual(proc.stderr.count("lrsched: warning: --logy: 1 value <= 0"), 1)
            # Without --logy a zero is an ordinary value.
            self.assertEqual(run("plot", "CosineAnnealingLR(T_max=10)", "--steps", "22",
                                 "-o", path).stderr, "")

    def test_nothing_positive_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.png")
            proc = run_status("plot", "ConstantLR(factor=0.5)", "--lr", "0", "--logy", "-o", path)
            self.assertEqual(proc.stderr,
                             "lrsched: error: --logy: no learning rate > 0 to draw (all 6 "
                             "values are <= 0; first: 'ConstantLR(factor=0.5)' step 0, lr 0)\n")
            self.assertEqual(proc.returncode, 2)
            self.assertEqual(os.listdir(d), [])


class DrawStyle(unittest.TestCase):
    def lit_between_steps(self, *args):
        """Whether StepLR(30, gamma=0.1)'s chart has a curve pixel half-way between steps 29
        and 30 at lr 0.1 (the staircase) and at lr 0.055 (a straight line from 0.1 to 0.01)."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.png")
            run("plot", *args, "-o", path)
            image = load(path)
            left, right, top, bottom = plot_frame(image)
            lo, hi = 1e-4, 0.1
            pad = (hi - lo) * 0.04
            to_x = lambda step: left + step / 99 * (right - left)
            to_y = lambda lr: top + (hi + pad - lr) / (hi - lo + 2 * pad) * (bottom - top)
            return (curve_pixel_near(image, to_x(29.5), to_y(0.1), CURVE_BLUE, radius=1),
                    curve_pixel_near(image, to_x(29.5), to_y(0.055), CURVE_BLUE, radius=1))

    def test_step_schedules_draw_a_staircase_by_default(self):
        self.assertEqual(self.lit_between_steps("StepLR(30, gamma=0.1)"), (True, False))
        self.assertEqual(self.lit_between_steps("StepLR(30, gamma=0.1)", "--drawstyle", "steps"),
                         (True, False))

    def test_drawstyle_line_joins_the_points(self):
        self.assertEqual(self.lit_between_steps("StepLR(30, gamma=0.1)", "--drawstyle", "line"),
                         (False, True))

    def test_terminal_staircase_has_no_slope(self):
        # StepLR(5) drops at step 5: a staircase draws the drop in one column of cells, a line
        # slants across the cells between steps 4 and 5.
        def drop_columns(*style):
            text = run("plot", "StepLR(5, gamma=0.1)", "--steps", "10", "--columns", "40",
                       *style).stdout
            rows = text.splitlines()[3:11]  # between the top and bottom rows of the plot
            return {i for row in rows for i, c in enumerate(row) if "\u2801" <= c <= "\u28ff"}
        self.assertEqual(len(drop_columns()), 1)
        self.assertGreater(len(drop_columns("--drawstyle", "line")), 1)

    def test_bad_drawstyle_is_refused(self):
        proc = run_status("plot", "StepLR(3)", "--drawstyle", "bars")
        self.assertIn("--drawstyle", proc.stderr)
        self.assertEqual(proc.returncode, 2)


class ShowMetric(unittest.TestCase):
    PLATEAU = ["ReduceLROnPlateau(patience=3, factor=0.5)", "--metric",
               "1.0 if step < 20 else 0.5 + 0.001*step"]

    def test_metric_on_a_right_hand_axis(self):
        with tempfile.TemporaryDirectory() as d:
            plain = os.path.join(d, "plain.png")
            shown = os.path.join(d, "metric.png")
            run("plot", *self.PLATEAU, "-o", plain)
            run("plot", *self.PLATEAU, "--show-metric", "-o", shown)
            orange = (255, 127, 14)
            for path, expected in [(plain, False), (shown, True)]:
                image = load(path)
                left, right, top, bottom = plot_frame(image)
                # Tick labels right of the frame: the metric's axis (1.0 .. 0.52).
                labels = dark_runs(image, right + 4, right + 45, top - 10, bottom + 5)
                self.assertEqual(len(labels) >= 3, expected, (path, labels))
                # The metric's curve (the second colour): 1.0 at the top until step 19.
                y = top + (bottom - top) * 0.04 / 1.08
                x = left + 10 / 99 * (right - left)
                self.assertEqual(curve_pixel_near(image, x, y, orange, radius=2), expected, path)

    def test_refused_without_a_metric_stepped_curve(self):
        proc = run_status("plot", "StepLR(3)", "--show-metric")
        self.assertEqual(proc.stderr,
                         "lrsched: error: --show-metric: no curve is stepped on a metric "
                         "(ReduceLROnPlateau and the like, with --metric EXPR or --metrics "
                         "FILE)\n")
        self.assertEqual(proc.returncode, 2)

    def test_terminal_right_hand_axis(self):
        text = run("plot", *self.PLATEAU, "--show-metric", "--columns", "80").stdout
        lines = text.splitlines()
        self.assertTrue(lines[1].startswith("learning rate") and lines[1].endswith("metric"),
                        lines[1])
        self.assertTrue(any(line.endswith("├ 1") for line in lines), text)
        self.assertTrue(any(line.endswith("┘") for line in lines), text)


class TerminalMarks(unittest.TestCase):
    def test_curves_without_colour_have_their_own_marks(self):
        env = dict(os.environ, NO_COLOR="1")
        text = run_status("plot", "StepLR(30, gamma=0.1)", "CosineAnnealingLR(40)",
                          "--columns", "80", env=env).stdout
        lines = text.splitlines()
        self.assertEqual(lines[-2:], ["  * StepLR(30, gamma=0.1)", "  + CosineAnnealingLR(40)"])
        plot = "\n".join(lines[2:-4])
        self.assertIn("*", plot)
        self.assertIn("+", plot)
        self.assertNotIn("\x1b", text)


def figure_stems():
    """The gallery's figures: every example of every registry row (`lrsched list --format
    json`), each schedule's own figure first."""
    rows = json.loads(run("list", "--format", "json").stdout)["schedules"]
    return [example["stem"] for row in rows for example in row["examples"]]


class Gallery(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        cls.stems = figure_stems()
        run("gallery", "-o", cls.dir)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_one_image_per_registry_example(self):
        self.assertEqual(len(set(self.stems)), len(self.stems), "stems must be unique")
        # Every schedule's own figure, and the seed tutorial's figures among the examples.
        self.assertGreaterEqual(len(self.stems), 16 + 4)
        self.assertIn("seed_CosineAnnealingLR", self.stems)
        files = sorted(os.listdir(self.dir))
        self.assertEqual(files, sorted([f"{n}.png" for n in self.stems] + ["index.html"]))
        for name in self.stems:
            self.assertEqual(load(os.path.join(self.dir, name + ".png")).size, (1000, 600))

    def test_index_lists_every_figure_with_its_command(self):
        with open(os.path.join(self.dir, "index.html"), encoding="utf-8") as f:
            html = f.read()
        for name in self.stems:
            self.assertIn(f'<img src="{name}.png"', html)
        self.assertIn("--then &#x27;" if "&#x27;" in html else "--then '", html)
        # Each caption is a command that draws the same figure.
        command = re.search(r"<code>(lrsched plot 'StepLR[^<]*)</code>", html).group(1)
        with tempfile.TemporaryDirectory() as d:
            argv = subprocess.run(["sh", "-c", f"printf '%s\\0' {command[len('lrsched '):]}"],
                                  capture_output=True, text=True, check=True).stdout
            args = argv.split("\0")[:-1]
            args[-1] = os.path.join(d, "again.png")
            run(*args)
            self.assertEqual(list(load(args[-1]).getdata()),
                             list(load(os.path.join(self.dir, "StepLR.png")).getdata()))

    def test_seed_cosine_third_curve_continues_the_second_optimizer(self):
        # The third curve starts where the second curve's optimizer ended, not at the initial lr.
        image = load(os.path.join(self.dir, "seed_CosineAnnealingLR.png"))
        left, right, top, bottom = plot_frame(image)
        green = (44, 160, 44)
        lo, hi = 0.2, 1.0
        pad = (hi - lo) * 0.04
        y_of = lambda lr: top + (hi + pad - lr) / (hi - lo + 2 * pad) * (bottom - top)
        # Row 100 of the second curve is the lr its optimizer holds after the 100 plotted steps.
        out = run("simulate", "CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
                  "--optimizer", "adam", "--lr", "1", "--initial-lr", "1", "--steps",
                  "101").stdout
        start = float(out.strip().splitlines()[-1].split(",")[1])
        self.assertLess(start, 0.5)  # far below the initial lr of 1.0
        self.assertTrue(curve_pixel_near(image, left + 1, y_of(start), green, radius=3))
        self.assertFalse(curve_pixel_near(image, left + 1, y_of(0.6), green, radius=3))

    def test_readme_images_are_the_gallerys(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        images = re.findall(r"\(docs/images/([\w.]+\.png)\)", readme)
        self.assertGreaterEqual(len(images), 3)
        for name in images:
            committed = load(os.path.join(ROOT, "docs", "images", name))
            fresh = load(os.path.join(self.dir, name))
            self.assertEqual(committed.size, fresh.size, name)
            self.assertEqual(list(committed.convert("RGB").getdata()),
                             list(fresh.convert("RGB").getdata()),
                             f"docs/images/{name} is stale: run "
                             "build/cli/lrsched gallery -o docs/images")


if __name__ == "__main__":
    LRSCHED = sys.argv.pop(1)
    ROOT = sys.argv.pop(1)
    unittest.main(verbosity=1)
