import * as http from "node:http";
import type { TestEmulator } from "./emulator";
import { closeAll, passOn, regionProxies } from "./region-proxies";

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
    let proxy: LostAnswerProxy | undefined;
    const { servers, urls } = await regionProxies(emulator, (target, req, res) => proxy!.forward(target, req, res));
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
    passOn(target, req, res, (answer) => {
      if (!lose) return false;
      answer.resume();
      answer.on("end", () => {
        this.lost.push(`${req.method} ${req.url?.split("?")[0]}`);
        res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ message: "Service Unavailable" }));
      });
      return true;
    });
  }

  async close(): Promise<void> {
    await closeAll(this.servers);
  }
}
