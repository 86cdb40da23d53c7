import { mixedStack } from "../../testkit/mixed-stack";
import { useMailgunStack } from "../../testkit/mailgun-stack";

/**
 * Progress lines of a rate-limited run, through the real CLI: only there do the program and the
 * provider run as two processes the engine starts, and the provider learns the program's count of
 * resources from the engine address both are given (provider/declared-resources.ts).
 */
const ROUTES = 30;
const PROGRESS = /mailgun: \d+ calls made in .*/g;

describe("progress of a run the rate limit paces", () => {
  // 2 calls a second in the one region: 30 routes take about 15 s, past the first line at 8 s.
  const routes = mixedStack({ domains: 0, routes: ROUTES, webhooks: 0, keys: 0 }, "progress").map((r) => ({ ...r, args: { ...r.args, region: "us" } }));
  const t = useMailgunStack(routes, {
    emulator: { knobs: { rateLimit: { limit: 4, windowMs: 2_000 } } },
  });

  const linesOf = (text: string) => text.match(PROGRESS) ?? [];

  test("up and destroy --run-program say how many of the program's resources are done, the calls and the time left", async () => {
    let up = "";
    await t.project.stack.up({ onOutput: (s) => (up += s) });
    expect(linesOf(up).length).toBeGreaterThan(0);
    expect(linesOf(up)[0]).toMatch(new RegExp(`paced by the rate limit \\(Mailgun allows 4 a window\\).*; \\d+ of ${ROUTES} resources done, about \\d+ calls and \\d+s left$`));

    let destroy = "";
    await t.project.stack.destroy({ runProgram: true, onOutput: (s) => (destroy += s) });
    expect(linesOf(destroy)[0]).toMatch(new RegExp(`; \\d+ of ${ROUTES} resources done, about \\d+ calls and \\d+s left$`));
    expect(await t.emulator.api("us", "GET", "/v3/routes")).toMatchObject({ total_count: 0 });
  }, 120_000);
});
