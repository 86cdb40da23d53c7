import { youngGenerationGiven } from "../../provider/young-generation";

describe("the provider's young-generation setting", () => {
  it("is left to the user who sized the young generation on node's command line or in NODE_OPTIONS", () => {
    expect(youngGenerationGiven(["--max-semi-space-size=64"])).toBe(true);
    expect(youngGenerationGiven(["--semi-space-growth-factor=2"])).toBe(true);
    expect(youngGenerationGiven([], "--enable-source-maps --max-semi-space-size=64")).toBe(true);
    expect(youngGenerationGiven(["--max-semi-space-size", "64"])).toBe(true);
  });

  it("is set when nothing sized it (other flags do not count)", () => {
    expect(youngGenerationGiven([])).toBe(false);
    expect(youngGenerationGiven(["--enable-source-maps", "--max-old-space-size=4096"], "--max-old-space-size=4096")).toBe(false);
    expect(youngGenerationGiven([], "")).toBe(false);
  });
});
