/**
 * Preloaded into every Node process of the test run (scripts/test.sh, NODE_OPTIONS --require).
 *
 * `@pulumi/pulumi`'s runtime requires npm's `@npmcli/arborist` (and with it pacote, sigstore,
 * cacache, ...) when it loads, in every program and every dynamic-provider process, for one
 * function, `computeCodePaths`, which packages a function's dependencies (for serverless
 * functions) and which nothing here calls. Loading it took 0.2-0.25 CPU-s a process: a
 * no-change preview of a 2-resource stack went from 3.1 s to 2.5 s without it
 * (docs/testing.md). Here that one require, from that one Pulumi module, gets a stand-in that
 * loads the real module the first time anything is read from it, so what runs is unchanged.
 * The test suite's own choice: the benchmarks measure what users run, without it.
 */
"use strict";
const Module = require("node:module");

const load = Module._load;
const FROM = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]codePaths\.js$/;

Module._load = function (request, parent, isMain) {
  if (request !== "@npmcli/arborist" || !parent || !FROM.test(parent.filename)) return load.apply(this, arguments);
  let real;
  const module = () => (real ??= load.call(this, request, parent, isMain));
  // `__esModule` keeps TypeScript's __importStar from copying every export (which would load it).
  return new Proxy({}, {
    get: (_, key) => (key === "__esModule" ? true : module()[key]),
    has: (_, key) => key in module(),
    ownKeys: () => Reflect.ownKeys(module()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Object.getOwnPropertyDescriptor(module(), key);
      return d && { ...d, configurable: true };
    },
  });
};
