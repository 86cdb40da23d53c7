import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestEmulator } from "./emulator";

export type Forward = (target: URL, req: http.IncomingMessage, res: http.ServerResponse) => void;

/** One HTTP server per region in front of the emulator, each handing its requests to `forward` with the region's emulator URL. */
export async function regionProxies(emulator: TestEmulator, forward: Forward): Promise<{ servers: http.Server[]; urls: { us: string; eu: string } }> {
  const servers: http.Server[] = [];
  const urls = {} as { us: string; eu: string };
  for (const region of ["us", "eu"] as const) {
    const target = new URL(emulator.urls[region]);
    const server = http.createServer((req, res) => forward(target, req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    urls[region] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return { servers, urls };
}

export async function closeAll(servers: http.Server[]): Promise<void> {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); })));
}

/**
 * Sends the request on to the emulator; its answer goes back unchanged unless `intercept` takes
 * it (returns true: it has dealt with the answer and the response itself).
 */
export function passOn(target: URL, req: http.IncomingMessage, res: http.ServerResponse, intercept: (answer: http.IncomingMessage) => boolean = () => false): void {
  const upstream = http.request(
    { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      if (intercept(answer)) return;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}
