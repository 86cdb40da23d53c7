import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestEmulator } from "./emulator";

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
    const servers: http.Server[] = [];
    const urls = {} as { us: string; eu: string };
    let proxy: DyingProxy | undefined;
    for (const region of ["us", "eu"] as const) {
      const target = new URL(emulator.urls[region]);
      const server = http.createServer((req, res) => proxy!.forward(target, k, req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      urls[region] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    proxy = new DyingProxy(servers, urls);
    return proxy;
  }

  private forward(target: URL, k: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.dead) {
      this.held.add(res);
      return;
    }
    const last = req.method !== "GET" && req.method !== "HEAD" && ++this.writes === k;
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        if (last) {
          this.dead = true;
          this.held.add(res);
          answer.resume();
          answer.on("end", () => this.markDead());
          return;
        }
        if (this.dead) {
          // A read that was in flight when the process died: its answer goes nowhere.
          answer.resume();
          this.held.add(res);
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
    for (const res of this.held) res.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
  }
}
