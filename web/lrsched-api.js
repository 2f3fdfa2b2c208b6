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
//   lrsched.simulateChain([a, b], options)  // [run of a, run of b]: b on the optimizer a left,
//                                           // as `lrsched plot a --then b` (the tutorial's third
//                                           // curve); an error's `index` says which spec failed
//
// Options are `lrsched simulate`'s: lr, steps, optimizer, momentum, betas, initialLr, metric,
// stepsPerEpoch, epochs, torchCompat; numbers (or arrays of numbers) or their text. A bad spec
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
                            `${OPTIONS.join(", ")})`);
      }
      if (value !== undefined && value !== null) texts[name] = optionText(name, value);
    }
    return texts;
  }

  // `steps` as a Float64Array made on first read: the steps are consecutive, and a million-row
  // array costs a fresh allocation the page does not need.
  function withSteps(result) {
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
    const result = native.simulate(spec, optionTexts("simulate", options));
    if (result.error) throw new LrschedError(result.error);
    return withSteps(result);
  }

  function simulateChain(specs, options = {}) {
    requireReady();
    if (!Array.isArray(specs) || specs.length === 0 || !specs.every((s) => typeof s === "string")) {
      throw new TypeError("lrsched.simulateChain: the specs are a non-empty array of strings");
    }
    const result = native.simulateChain(specs, optionTexts("simulateChain", options));
    if (result.error) throw new LrschedError({...result.error, index: result.index});
    return result.curves.map(withSteps);
  }

  function list() {
    requireReady();
    if (registry === null) registry = JSON.parse(native.registry());
    return registry;
  }

  const factory = typeof createLrschedModule === "function"
    ? createLrschedModule
    : (typeof require === "function" ? require("./lrsched-module.js") : null);
  const ready = factory === null
    ? Promise.reject(new Error("lrsched-module.js is not loaded"))
    : factory().then((module) => { native = module; });

  const api = {ready, simulate, simulateChain, list, LrschedError};
  if (typeof module === "object" && module.exports) module.exports = api;
  root.lrsched = api;
})(typeof window !== "undefined" ? window : globalThis);
