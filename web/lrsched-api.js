// lrsched's JavaScript API: the WebAssembly build of `lrsched simulate` (lrsched-module.js)
// behind a small interface, for the page and for anyone's scripts.
//
//   await lrsched.ready;
//   const run = lrsched.simulate("OneCycleLR(max_lr=0.1, total_steps=1000)",
//                                {lr: [0.1], optimizer: "sgd", momentum: 0.9});
//   run.lr[0]        // Float64Array: group 0's lr at each step, bit for bit the command line's
//   run.momentum[0]  // momentum (or Adam's beta1) where the schedule cycles it, else no groups
//   run.steps        // Float64Array of the step numbers (made when first read: they are
//                    // run.firstStep, +1, ...); run.metric: {steps, values} (plateaus)
//   run.staircase    // whether `lrsched plot` draws it as steps (StepLR, plateaus, ...)
//   lrsched.list()   // the registry, as `lrsched list --format json` prints it
//   lrsched.module   // "relaxed-simd" or "portable": which build of the module runs (below)
//   lrsched.simulate(spec, {...options, reuse: run})  // fills the arrays of `run`, an earlier
//                    // result no longer needed, where they are large enough, instead of new ones
//                    // (a fresh million-double array costs milliseconds of page faults)
//   lrsched.simulateChain([a, b], options)  // [run of a, run of b]: b on the optimizer a left,
//                                           // as `lrsched plot a --then b` (the tutorial's third
//                                           // curve); an error's `index` says which spec failed
//
// Options are `lrsched simulate`'s: lr, steps, optimizer, momentum, betas, initialLr, metric,
// stepsPerEpoch, epochs, torchCompat; numbers (or arrays of numbers) or their text; and `reuse`
// (for simulateChain: an earlier array of runs). A bad spec
// or option throws an LrschedError with the command line's `type` ("ValueError", "UsageError",
// ...) and `message`, and `column` (where in the spec, or null) and `caret` (the spec line with
// a ^ under that place).
(function (root) {
  "use strict";

  const OPTIONS = ["lr", "steps", "optimizer", "momentum", "betas", "initialLr", "metric",
                   "stepsPerEpoch", "epochs", "torchCompat"];

  class LrschedError extends Error {
    constructor(error) {
      super(error.message);
      this.name = "LrschedError";
      this.type = error.type;
      this.column = error.column;
      this.caret = error.caret;
      this.index = error.index;
    }
  }

  // A number as text that reads back as the same double (JavaScript prints the shortest such
  // digits; -0 keeps its sign).
  function numberText(x) {
    return Object.is(x, -0) ? "-0.0" : String(x);
  }

  function optionText(name, value) {
    if (typeof value === "number") return numberText(value);
    if (typeof value === "string") return value;
    if (Array.isArray(value) && value.every((v) => typeof v === "number")) {
      return value.map(numberText).join(",");
    }
    throw new TypeError(`lrsched.simulate: option '${name}' takes a number, an array of numbers ` +
                        `or text, not ${JSON.stringify(value)}`);
  }

  let native = null;
  let registry = null;

  function requireReady() {
    if (native === null) throw new Error("lrsched is not ready yet: await lrsched.ready first");
  }

  // The options as the command line's text, checked.
  function optionTexts(caller, options) {
    const texts = {};
    for (const [name, value] of Object.entries(options)) {
      if (!OPTIONS.includes(name)) {
        throw new TypeError(`lrsched.${caller}: unknown option '${name}' (options: ` +
                            `${OPTIONS.join(", ")}, reuse)`);
      }
      if (value !== undefined && value !== null) texts[name] = optionText(name, value);
    }
    return texts;
  }

  // A copy of `view` (of the module's memory, valid until the next call), in the buffer of
  // `reuse` where that is a Float64Array large enough.
  function copyOut(view, reuse) {
    const n = view.length;
    const target = reuse instanceof Float64Array && reuse.buffer.byteLength >= n * 8
      ? new Float64Array(reuse.buffer, 0, n)
      : new Float64Array(n);
    target.set(view);
    return target;
  }

  // The module's result as a run of this API: its views copied out (into `reuse`'s arrays where
  // it can), and `steps` as a Float64Array made on first read: the steps are consecutive, and a
  // million-row array costs a fresh allocation the page does not need.
  function run(result, reuse) {
    const old = reuse !== null && typeof reuse === "object" ? reuse : {};
    const columns = (views, olds) =>
      views.map((view, i) => copyOut(view, Array.isArray(olds) ? olds[i] : null));
    result.lr = columns(result.lr, old.lr);
    result.momentum = columns(result.momentum, old.momentum);
    const oldMetric = old.metric || {};
    result.metric = {steps: copyOut(result.metric.steps, oldMetric.steps),
                     values: copyOut(result.metric.values, oldMetric.values)};
    let steps = null;
    Object.defineProperty(result, "steps", {
      enumerable: true,
      get() {
        if (steps === null) {
          steps = new Float64Array(result.rows);
          for (let k = 0; k < steps.length; ++k) steps[k] = result.firstStep + k;
        }
        return steps;
      },
    });
    return result;
  }

  function simulate(spec, options = {}) {
    requireReady();
    if (typeof spec !== "string") throw new TypeError("lrsched.simulate: the spec is a string");
    const {reuse = null, ...rest} = options;
    const result = native.simulate(spec, optionTexts("simulate", rest));
    if (result.error) throw new LrschedError(result.error);
    return run(result, reuse);
  }

  function simulateChain(specs, options = {}) {
    requireReady();
    if (!Array.isArray(specs) || specs.length === 0 || !specs.every((s) => typeof s === "string")) {
      throw new TypeError("lrsched.simulateChain: the specs are a non-empty array of strings");
    }
    const {reuse = null, ...rest} = options;
    const result = native.simulateChain(specs, optionTexts("simulateChain", rest));
    if (result.error) throw new LrschedError({...result.error, index: result.index});
    return result.curves.map((curve, i) => run(curve, Array.isArray(reuse) ? reuse[i] : null));
  }

  function list() {
    requireReady();
    if (registry === null) registry = JSON.parse(native.registry());
    return registry;
  }

  // The module: lrsched-module.js, whose glibc functions fuse their multiply-adds with relaxed
  // SIMD's f64x2.relaxed_madd, where the browser has the instruction and this test shows it
  // fused (browsers fuse it on CPUs with an FMA unit); else lrsched-module-portable.js, whose fma
  // is computed in software, several times slower. Both give the command line's numbers.
  const MADD_MODULE = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,              // \0asm, version 1
    0x01, 0x08, 0x01, 0x60, 0x03, 0x7c, 0x7c, 0x7c, 0x01, 0x7c,  // type: (f64 f64 f64) -> f64
    0x03, 0x02, 0x01, 0x00,                                      // function 0 of that type
    0x07, 0x07, 0x01, 0x03, 0x66, 0x6d, 0x61, 0x00, 0x00,        // exported as "fma"
    0x0a, 0x16, 0x01, 0x14, 0x00,                                // its code, no locals:
    0x20, 0x00, 0xfd, 0x14, 0x20, 0x01, 0xfd, 0x14,              //   f64x2.splat a, b
    0x20, 0x02, 0xfd, 0x14, 0xfd, 0x87, 0x02,                    //   c; f64x2.relaxed_madd
    0xfd, 0x21, 0x00, 0x0b]);                                    //   extract_lane 0; end

  function maddFuses() {
    try {
      if (!WebAssembly.validate(MADD_MODULE)) return false;
      const fma = new WebAssembly.Instance(new WebAssembly.Module(MADD_MODULE)).exports.fma;
      // each is 0 or inf when the product is rounded first
      return fma(1 + 2 ** -52, 1 - 2 ** -53, -1) === 2 ** -53 - 2 ** -105 &&
             fma(1 + 2 ** -52, 1 + 2 ** -52, -(1 + 2 ** -51)) === 2 ** -104 &&
             fma(2 ** 512, 2 ** 512, -(2 ** 1023)) === 2 ** 1023;
    } catch (e) {
      return false;  // an engine that knows the opcode and still refuses the module
    }
  }

  // `LRSCHED_MODULE = "portable"`, set before this script runs, picks the portable one anyway.
  const moduleName =
    root.LRSCHED_MODULE === "portable" || !maddFuses() ? "portable" : "relaxed-simd";
  const moduleFile = moduleName === "portable" ? "lrsched-module-portable.js" : "lrsched-module.js";
  const here = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : null;

  // The module's factory: from a script element next to this script, or require() under node.
  function loadFactory() {
    if (typeof require === "function" && typeof document === "undefined") {
      return Promise.resolve(require("./" + moduleFile));
    }
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = here ? new URL(moduleFile, here).href : moduleFile;
      script.onload = () => resolve(root.createLrschedModule);
      script.onerror = () => reject(new Error(`${moduleFile} could not be loaded`));
      document.head.append(script);
    });
  }

  const ready = loadFactory().then((factory) => factory()).then((module) => { native = module; });

  const api = {ready, simulate, simulateChain, list, LrschedError, module: moduleName};
  if (typeof module === "object" && module.exports) module.exports = api;
  root.lrsched = api;
})(typeof window !== "undefined" ? window : globalThis);
