/** SMTP credentials of a domain (`/v3/domains/{d}/credentials`), shapes as recorded in domains.yml. */
import type { FastifyInstance } from "fastify";
import {
  changePassword, createCredentials, deleteAllCredentials, deleteCredential, listCredentials,
} from "../models/credentials";
import type { World } from "../store";
import { api } from "./respond";
import { credentialObject } from "./views";

const STORE_NOTE = "Please store your new password(s) now. You won't be able to see it anymore.";

export function credentialRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v3/domains/:name/credentials", api(world, ({ ctx, params, path }) => {
      const items = listCredentials(ctx, path.name, Math.max(0, params.int("skip") ?? 0), Math.max(0, params.int("limit") ?? 100));
      // The spec defines total_count as "the number of credentials described in items".
      return { total_count: items.length, items: items.map(credentialObject) };
    }));
    app.post("/v3/domains/:name/credentials", api(world, ({ ctx, params, path }) => {
      const logins = [...params.all("login"), ...params.all("mailbox")];
      const { generated, count } = createCredentials(ctx, path.name, logins, params.all("password"));
      const message = `Created ${count} credentials pair(s)`;
      return Object.keys(generated).length > 0 ? { message, note: STORE_NOTE, credentials: generated } : { message };
    }));
    app.put("/v3/domains/:name/credentials/:login", api(world, ({ ctx, params, path }) => {
      const { login, generated } = changePassword(ctx, path.name, path.login, params.get("password"));
      const message = "Password changed";
      return generated ? { message, note: STORE_NOTE, credentials: { [login]: generated } } : { message };
    }));
    app.delete("/v3/domains/:name/credentials/:login", api(world, ({ ctx, path }) => ({
      message: "Credentials have been deleted",
      spec: deleteCredential(ctx, path.name, path.login),
    })));
    app.delete("/v3/domains/:name/credentials", api(world, ({ ctx, path }) => ({
      message: "All domain credentials have been deleted",
      count: deleteAllCredentials(ctx, path.name),
    })));
  };
}
