import * as http from "node:http";
import { TestEmulator } from "../../testkit/emulator";

/**
 * A server that received a whole write applies it even if the client is gone before the answer
 * (killed, timed out). The crash tests depend on it: a `pulumi up` killed mid-request must be able
 * to leave objects behind, as it can at Mailgun.
 */
test("a write whose client disconnects during the emulator's latency is still applied, and logged", async () => {
  const emulator = await TestEmulator.start({ knobs: { latencyMs: 400 } });
  try {
    const body = new URLSearchParams({ expression: 'match_recipient("gone@mg.example.com")', action: "stop()", priority: "1" }).toString();
    const url = new URL(`${emulator.urls.us}/v3/routes`);
    await new Promise<void>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: {
          authorization: `Basic ${Buffer.from(`api:${emulator.apiKey}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        } },
      );
      req.on("error", () => resolve());
      req.end(body);
      // The whole request is on the wire; the client dies before the answer.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((res) => setTimeout(res, 700));
    expect((await emulator.state()).us.routes.map((r: { expression: string }) => r.expression)).toEqual(['match_recipient("gone@mg.example.com")']);
    expect(await emulator.requests()).toEqual([expect.objectContaining({ method: "POST", path: "/v3/routes", applied: true })]);
  } finally {
    await emulator.close();
  }
});
