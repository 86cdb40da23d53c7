#!/usr/bin/env node
/**
 * Runs a TypeScript benchmark script without a build step: `node bench/run.js bench/<name>.ts`.
 * Each .ts file is transpiled on load with the project's own TypeScript (CommonJS, no type
 * check), so the scripts can reuse the test helpers (emulator, Pulumi projects) as they are.
 */
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};

const script = process.argv[2];
if (!script) {
  console.error("usage: node bench/run.js bench/<script>.ts");
  process.exit(1);
}
process.argv.splice(1, 1);
require(path.resolve(script));
