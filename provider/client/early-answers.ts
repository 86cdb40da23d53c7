/**
 * Answers to GETs sent ahead of the call that will need them. A `refresh` reads every resource
 * of the state, but the engine asks for them a few at a time and in its own order, so each read's
 * calls would wait for the engine's turn; the provider can read the state itself and send those
 * GETs sooner (provider/read-ahead.ts). A call sent ahead is one attempt of the very request the
 * later call would send; its raw answer (status, headers, body) is kept here and stands for the
 * later call's first attempt, which then parses, checks and retries it exactly as if it had just
 * arrived. So reading ahead changes when a request is sent, never what is done with its answer,
 * and costs no request the operation would not have made: each answer is taken once.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AttemptResult } from "./transport";

/** A first attempt's answer and when it arrived (the rate-limit headers' clock). */
export interface EarlyAnswer {
  result: Extract<AttemptResult, { kind: "response" }>;
  at: number;
}

const sendingAhead = new AsyncLocalStorage<true>();

/** Runs `f` with every call under it sent ahead: GETs only, one attempt each, answers kept. */
export function ahead<T>(f: () => Promise<T>): Promise<T> {
  return sendingAhead.run(true, f);
}

/** Runs `f` as an ordinary call (retried as usual), also under `ahead`: for what every reader shares. */
export function notAhead<T>(f: () => Promise<T>): Promise<T> {
  return sendingAhead.exit(f);
}

export function isAhead(): boolean {
  return sendingAhead.getStore() === true;
}

/**
 * The answers of one client (one account: its key and URLs are part of the client), by request.
 * An answer still on its way is already here, so a call made meanwhile waits for it rather than
 * sending the same GET again.
 */
export class EarlyAnswers {
  private readonly pending = new Map<string, Promise<EarlyAnswer | undefined>>();

  /** A GET sent ahead; `answer` resolves undefined when no answer came (timeout, dropped, aborted). */
  put(key: string, answer: Promise<EarlyAnswer | undefined>): void {
    this.pending.set(key, answer);
  }

  /** The answer to a request sent ahead, taken (a second caller sends its own); undefined when none was. */
  take(key: string): Promise<EarlyAnswer | undefined> | undefined {
    const answer = this.pending.get(key);
    if (answer) this.pending.delete(key);
    return answer;
  }

  /** This client writes: answers sent before may no longer be Mailgun's. */
  clear(): void {
    this.pending.clear();
  }
}

/** Only a GET is sent ahead, and one stands for another only when region, path and query match. */
export function requestKey(region: string, pathAndQuery: string): string {
  return `${region} ${pathAndQuery}`;
}
