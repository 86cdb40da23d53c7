export type { LookupAccount, LookupCommonArgs } from "./common";
export * from "./domain";
export * from "./routes";
export * from "./webhooks";
export * from "./api-keys";
export * from "./domain-credentials";
export * from "./templates";
export * from "./mailing-lists";
