export * from "./client";
export * from "./errors";
export * from "./schemas";
export { shouldRetry, delayFromHeaders, backoffDelay, isIdempotent } from "./retry";
export type { AttemptOutcome, RetryDecision, HttpMethod } from "./retry";
export { path, encodeForm, encodeQuery } from "./encoding";
export type { Logger } from "./log";
