import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestEmulator } from "./emulator";

/**
 * A pass-through HTTP proxy per region in front of the emulator that can lose the answer of the
 * next write: Mailgun applies the write, the provider gets a 503 instead of its answer.
 *
 * The emulator's fault knobs (`faults.errorRate` with `afterWriteShare: 1`) do apply a write
 * and then fail it, but they draw for every request, reads included, from one seeded PRNG: which
 * call of a handler gets the fault depends on how many calls came before it. A test that means
 * "the create's write took effect and its answer was lost" needs exactly that write, so it arms
 * this proxy instead; the emulator's request log still shows the write as made and answered.
 */
export class LostAnswerProxy {
  private armed = 0;
  /** Writes whose answer this proxy replaced: `POST /v3/routes`. */
  readonly lost: string[] = [];

  private constructor(private readonly servers: http.Server[], readonly urls: { us: string; eu: string }) {}

  static async start(emulator: TestEmulator): Promise<LostAnswerProxy> {
    const servers: http.Server[] = [];
    const urls = {} as { us: string; eu: string };
    let proxy: LostAnswerProxy | undefined;
    for (const region of ["us", "eu"] as const) {
      const target = new URL(emulator.urls[region]);
      const server = http.createServer((req, res) => proxy!.forward(target, req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      urls[region] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    proxy = new LostAnswerProxy(servers, urls);
    return proxy;
  }

  /** The next `count` writes (POST, PUT, PATCH, DELETE) are applied and answered 503. */
  loseNextWriteAnswers(count = 1): void {
    this.armed = count;
  }

  private forward(target: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    const isWrite = req.method !== "GET" && req.method !== "HEAD";
    const lose = isWrite && this.armed > 0;
    if (lose) this.armed--;
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on("end", () => {
            this.lost.push(`${req.method} ${req.url?.split("?")[0]}`);
            res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ message: "Service Unavailable" }));
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
  }
}
