import * as http from "node:http";
import type { TestEmulator } from "./emulator";
import { closeAll, passOn, regionProxies } from "./region-proxies";

/**
 * A provider process killed at its `k`-th write, as SIGKILL leaves Mailgun: a pass-through proxy
 * per region in front of the emulator that forwards the first `k` writes (and the reads between
 * them), lets the `k`-th reach Mailgun but never answers it, and from then on neither forwards
 * nor answers anything. The handler that was running waits forever, as a dead process would:
 * nothing it does afterwards reaches the emulator. `died` settles once the `k`-th write was
 * applied. One proxy per kill: `close()` drops the held connections and the port.
 */
export class DyingProxy {
  private writes = 0;
  private dead = false;
  private readonly held = new Set<http.ServerResponse>();
  private markDead!: () => void;
  /** Settles when the `k`-th write has been applied at the emulator (and its answer swallowed). */
  readonly died = new Promise<void>((resolve) => (this.markDead = resolve));

  private constructor(private readonly servers: http.Server[], readonly urls: { us: string; eu: string }) {}

  static async start(emulator: TestEmulator, k: number): Promise<DyingProxy> {
    let proxy: DyingProxy | undefined;
    const { servers, urls } = await regionProxies(emulator, (target, req, res) => proxy!.forward(target, k, req, res));
    proxy = new DyingProxy(servers, urls);
    return proxy;
  }

  private forward(target: URL, k: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.dead) {
      this.held.add(res);
      return;
    }
    const last = req.method !== "GET" && req.method !== "HEAD" && ++this.writes === k;
    passOn(target, req, res, (answer) => {
      if (last) {
        this.dead = true;
        this.held.add(res);
        answer.resume();
        answer.on("end", () => this.markDead());
        return true;
      }
      if (!this.dead) return false;
      // A read that was in flight when the process died: its answer goes nowhere.
      answer.resume();
      this.held.add(res);
      return true;
    });
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    await closeAll(this.servers);
  }
}
