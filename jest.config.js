/** Tests run against real things: the emulator over HTTP and the real Pulumi CLI. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  testPathIgnorePatterns: ["/node_modules/", "/fixtures/"],
  // Engine tests drive `pulumi up/refresh/destroy`; they take tens of seconds each.
  testTimeout: 30_000,
  slowTestThreshold: 60,
};
