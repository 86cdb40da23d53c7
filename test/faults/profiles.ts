import type { TestEmulator } from "../../testkit/emulator";

/**
 * The faults the issue names, as emulator knobs. Random faults draw from the emulator's seeded
 * PRNG; 429 bursts are re-armed after a seeded number of requests (Mailgun's bursts come and go).
 * With Pulumi's parallel operations the exact request order still varies a little between runs:
 * the seed fixes which faults are drawn, not which request meets them.
 */
export interface FaultProfile {
  name: string;
  knobs: Record<string, unknown>;
  /** A burst of `count` 429s, re-armed after every `gap` (±50%, seeded) further requests. */
  burst429?: { count: number; gap: number };
}

export const PROFILES = {
  burst429: { name: "429 bursts", knobs: {}, burst429: { count: 8, gap: 60 } },
  serverErrors: { name: "5% 5xx", knobs: { faults: { errorRate: 0.05 } } },
  drops: { name: "dropped connections", knobs: { faults: { dropRate: 0.04 } } },
  latencySpikes: { name: "2 s latency spikes", knobs: { latencySpike: { rate: 0.05, ms: 2_000 } } },
  consistency: { name: "10 s eventual-consistency window", knobs: { consistencyDelayMs: 10_000 } },
} satisfies Record<string, FaultProfile>;

/** Every fault at once. */
export function together(profiles: FaultProfile[]): FaultProfile {
  const knobs: Record<string, any> = { faults: {} };
  let burst429: FaultProfile["burst429"];
  for (const p of profiles) {
    const { faults, ...rest } = p.knobs as Record<string, any>;
    Object.assign(knobs, rest);
    Object.assign(knobs.faults, faults ?? {});
    burst429 ??= p.burst429;
  }
  return { name: profiles.map((p) => p.name).join(" + "), knobs, burst429 };
}

/** Applies a profile (with the seed) for the duration of `work`, then turns every fault off. */
export async function withFaults<T>(emulator: TestEmulator, profile: FaultProfile, seed: number, work: () => Promise<T>): Promise<T> {
  const knobs = structuredClone(profile.knobs) as Record<string, any>;
  knobs.faults = { ...(knobs.faults ?? {}), seed };
  await emulator.setKnobs(knobs);
  const driver = profile.burst429 ? new BurstDriver(emulator, profile.burst429, seed) : undefined;
  await driver?.start();
  try {
    return await work();
  } finally {
    driver?.stop();
    await emulator.setKnobs({
      latencySpike: { rate: 0, ms: 0 },
      consistencyDelayMs: 0,
      faults: { errorRate: 0, dropRate: 0, burst: null } as any,
    });
  }
}

/** Arms a 429 burst, waits until `gap` (±50%) more requests went through, arms the next. */
class BurstDriver {
  private timer?: NodeJS.Timeout;
  private armedAt = 0;
  private nextGap: number;
  private random: () => number;

  constructor(private readonly emulator: TestEmulator, private readonly burst: { count: number; gap: number }, seed: number) {
    let state = seed >>> 0;
    // A tiny LCG: the gaps replay with the seed, independently of the emulator's own PRNG.
    this.random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    this.nextGap = this.gap();
  }

  private gap(): number {
    return Math.round(this.burst.gap * (0.5 + this.random()));
  }

  private arm(): Promise<unknown> {
    return this.emulator.setKnobs({ faults: { burst: { status: 429, count: this.burst.count } } as any });
  }

  async start(): Promise<void> {
    await this.arm();
    this.timer = setInterval(() => void this.tick().catch(() => undefined), 250);
  }

  private async tick(): Promise<void> {
    const seen = (await this.emulator.requests()).length;
    // The request log may have been cleared since: start counting again.
    if (seen < this.armedAt) this.armedAt = 0;
    if (seen - this.armedAt < this.nextGap + this.burst.count) return;
    this.armedAt = seen;
    this.nextGap = this.gap();
    await this.arm();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
