import { ahead } from "../../provider/client/early-answers";
import { MailgunNotFoundError } from "../../provider/client/errors";
import { startHarness, type Harness } from "./emulator-harness";

/**
 * GETs sent ahead (client/early-answers.ts) against the emulator: the answer stands for the
 * first attempt of the same GET made later, once; a write voids the answers; nothing but a GET
 * is ever sent ahead; a failed answer is retried by the call that takes it, as if it had just come.
 */
describe("answers sent ahead", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const paths = async () => (await h.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);

  test("a GET sent ahead answers the same GET made later, once; another GET goes out", async () => {
    const c = h.client();
    await c.domains.create("us", { name: "a.example.com" });
    const early = await ahead(() => c.tracking.get("us", "a.example.com"));
    // Changed at Mailgun meanwhile (by someone else): the call that takes the answer gets it as it came, the next one the change.
    await h.client().tracking.updateOpen("us", "a.example.com", { active: true });
    await h.clearRequests();
    const taken = await c.tracking.get("us", "a.example.com");
    expect(taken).toEqual(early);
    expect(taken.open.active).toBe(false);
    expect(await paths()).toEqual([]);
    expect((await c.tracking.get("us", "a.example.com")).open.active).toBe(true);
    await expect(c.domains.get("us", "b.example.com")).rejects.toBeInstanceOf(MailgunNotFoundError);
    expect(await paths()).toEqual(["GET /v3/domains/a.example.com/tracking 200", "GET /v4/domains/b.example.com 404"]);
  });

  test("an answer on its way is waited for, not sent again", async () => {
    const c = h.client();
    await c.domains.create("us", { name: "a.example.com" });
    await h.knobs({ latencyMs: 100 });
    await h.clearRequests();
    const [early, taken] = await Promise.all([ahead(() => c.domains.get("us", "a.example.com")), c.domains.get("us", "a.example.com")]);
    expect(taken).toEqual(early);
    expect(await paths()).toEqual(["GET /v4/domains/a.example.com 200"]);
  });

  test("after a write, no answer sent before it is used", async () => {
    const c = h.client();
    await c.domains.create("us", { name: "a.example.com" });
    await ahead(() => c.tracking.get("us", "a.example.com"));
    await c.tracking.updateOpen("us", "a.example.com", { active: true });
    await h.clearRequests();
    const tracking = await c.tracking.get("us", "a.example.com");
    expect(tracking.open.active).toBe(true);
    expect(await paths()).toEqual(["GET /v3/domains/a.example.com/tracking 200"]);
  });

  test("a failed answer is tried once ahead, and retried by the call that takes it", async () => {
    const c = h.client({ maxRetries: 3 });
    await c.domains.create("us", { name: "a.example.com" });
    await h.knobs({ faults: { burst: { status: 429, count: 1 } } });
    await h.clearRequests();
    await expect(ahead(() => c.domains.get("us", "a.example.com"))).rejects.toMatchObject({ status: 429 });
    expect(await paths()).toEqual(["GET /v4/domains/a.example.com 429"]);
    const taken = await c.domains.get("us", "a.example.com");
    expect(taken.domain.name).toBe("a.example.com");
    expect(await paths()).toEqual(["GET /v4/domains/a.example.com 429", "GET /v4/domains/a.example.com 200"]);
  });

  test("only GETs are sent ahead", async () => {
    const c = h.client();
    await expect(ahead(() => c.domains.create("us", { name: "a.example.com" }))).rejects.toThrow("only a GET's first attempt is sent ahead, not POST /v4/domains");
    expect(await paths()).toEqual([]);
  });
});
