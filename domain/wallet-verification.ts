/**
 * What a comparison of the legacy wallet store with Postgres counts. Pure, so the verify workflow and its activities
 * add and start counts the same way.
 */
export type DifferenceKind = 'missing' | 'extra' | 'different';

/** One difference, by ids and field names only: never a value, so no secret reaches a report. */
export interface DifferenceSample {
  kind: DifferenceKind;
  parkId: string;
  walletId: string;
  fields?: string[];
}

export interface VerifyCounts {
  parks: number;
  redisWallets: number;
  postgresWallets: number;
  missing: number;
  extra: number;
  different: number;
  samples: DifferenceSample[];
}

/** Samples kept per report: enough to find the pattern, small enough for workflow history. */
export const MAX_SAMPLES = 20;

const COUNTED = ['parks', 'redisWallets', 'postgresWallets', 'missing', 'extra', 'different'] as const;

export const emptyVerifyCounts = (): VerifyCounts => ({
  parks: 0,
  redisWallets: 0,
  postgresWallets: 0,
  missing: 0,
  extra: 0,
  different: 0,
  samples: [],
});

/** Adds a batch's counts into the running total, keeping the first MAX_SAMPLES samples. */
export function addVerifyCounts(into: VerifyCounts, more: VerifyCounts): void {
  for (const k of COUNTED) into[k] += more[k];
  for (const s of more.samples) if (into.samples.length < MAX_SAMPLES) into.samples.push(s);
}
