/**
 * One fastify app (one route table) served by two HTTP listeners: the request's listener
 * decides its region, as `api.mailgun.net` and `api.eu.mailgun.net` do.
 */
import Fastify, { FastifyInstance, FastifyRequest } from "fastify";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { controlRoutes } from "./control";
import { registerFormParsers } from "./params";
import { registerPipeline } from "./pipeline";
import { sendNotFoundPage } from "./routes/respond";
import { RequestLog } from "./request-log";
import { credentialRoutes } from "./routes/credentials";
import { domainSettingsRoutes } from "./routes/domain-settings";
import { domainRoutes } from "./routes/domains";
import { keyRoutes } from "./routes/keys";
import { accountWebhookRoutes } from "./routes/account-webhooks";
import { dkimKeyRoutes } from "./routes/dkim-keys";
import { messageRoutes } from "./routes/messages";
import { routeRoutes } from "./routes/routes";
import { webhookRoutes } from "./routes/webhooks";
import { ipAllowlistRoutes } from "./routes/ip-allowlist";
import { suppressionRoutes } from "./routes/suppressions";
import { mailingListRoutes } from "./routes/mailing-lists";
import { templateRoutes } from "./routes/templates";
import { subaccountRoutes } from "./routes/subaccounts";
import type { Region, World } from "./store";

const REGION = Symbol("mailgunRegion");
type TaggedRequest = IncomingMessage & { [REGION]?: Region };

export interface ExchangeObserver {
  (exchange: { region: Region; method: string; path: string; status: number; contentType: string; body: string }): void;
}

export interface Listeners {
  app: FastifyInstance;
  urls: Record<Region, string>;
  close(): Promise<void>;
}

export async function listen(
  world: World, log: RequestLog,
  options: { host: string; usPort: number; euPort: number; verbose: boolean; onExchange?: ExchangeObserver },
): Promise<Listeners> {
  let euServer: Server | undefined;
  const app = Fastify({
    logger: false,
    // Mailgun answers `/v3/lists/` (trailing slash) with its HTML 404, so slashes stay significant.
    routerOptions: { ignoreTrailingSlash: false },
    serverFactory: (handler) => {
      const tag = (region: Region) => (req: IncomingMessage, res: ServerResponse) => {
        (req as TaggedRequest)[REGION] = region;
        handler(req, res);
      };
      euServer = createServer(tag("eu"));
      return createServer(tag("us"));
    },
  });

  registerFormParsers(app);
  registerPipeline(app, {
    world, log, verbose: options.verbose,
    regionOf: (request: FastifyRequest) => (request.raw as TaggedRequest)[REGION] ?? "us",
  });
  if (options.onExchange) {
    const observe = options.onExchange;
    app.addHook("onSend", async (request, reply, payload) => {
      if (!request.mailgun?.control) {
        observe({
          region: request.mailgun?.region ?? "us", method: request.method, path: (request.raw.url ?? "").split("?")[0],
          status: reply.statusCode, contentType: String(reply.getHeader("content-type") ?? ""),
          body: typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : "",
        });
      }
      return payload;
    });
  }

  app.get("/", async (_req, reply) => reply.type("text/plain; charset=utf-8").send("Mailgun Magnificent API"));
  await app.register(domainRoutes(world));
  await app.register(domainSettingsRoutes(world));
  await app.register(webhookRoutes(world));
  await app.register(credentialRoutes(world));
  await app.register(routeRoutes(world));
  await app.register(keyRoutes(world));
  await app.register(dkimKeyRoutes(world));
  await app.register(messageRoutes(world));
  await app.register(accountWebhookRoutes(world));
  await app.register(ipAllowlistRoutes(world));
  await app.register(suppressionRoutes(world));
  await app.register(mailingListRoutes(world));
  await app.register(templateRoutes(world));
  await app.register(subaccountRoutes(world));
  await app.register(controlRoutes(world, log));
  app.setNotFoundHandler((_req, reply) => sendNotFoundPage(reply));

  await app.listen({ host: options.host, port: options.usPort });
  await new Promise<void>((resolve, reject) => {
    euServer!.once("error", reject);
    euServer!.listen(options.euPort, options.host, () => resolve());
  });

  const urlOf = (server: Server) => {
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(":") ? `[${options.host}]` : options.host;
    return `http://${host}:${port}`;
  };

  return {
    app,
    urls: { us: urlOf(app.server), eu: urlOf(euServer!) },
    close: async () => {
      const eu = euServer!;
      const euClosed = new Promise<void>((resolve) => eu.close(() => resolve()));
      eu.closeAllConnections();
      app.server.closeAllConnections();
      await Promise.all([app.close(), euClosed]);
    },
  };
}
