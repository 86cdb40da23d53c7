/**
 * Tests run against real things: the emulator over HTTP, the handlers as the provider process
 * runs them, and the real Pulumi CLI. See docs/testing.md for the layers.
 *
 * Type-checking happens once, in `tsc -p tsconfig.json --noEmit` (scripts/test.sh), over the
 * whole tree; jest only strips types with swc, which is several times faster than ts-jest
 * checking every file again (measured in docs/testing.md).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, sourceMaps: "inline" }],
  },
  testPathIgnorePatterns: ["/node_modules/"],
  // Engine tests drive `pulumi up/refresh/destroy`; they take tens of seconds each.
  testTimeout: 30_000,
  slowTestThreshold: 60,
};
