import type { ActivityShape } from './bare/workflow';

/**
 * `npm run bench` knobs. The defaults fit the whole run in about 15 minutes on 2 cores; `BENCH_QUICK=1` shrinks every
 * phase for a dev run that only shows the table works (its figures mean little).
 */
export interface BenchSettings {
  /** Closed-loop phases (CHECK, PAY, workflow.start): connections kept busy. */
  inFlight: number;
  phaseS: number;
  /** Payments (and bare workflows) in the end-to-end runs. */
  e2eN: number;
  /** Open-loop credit latency runs: rates per second and how long each lasts (the last rate is the soak). */
  openLoopRates: number[];
  openLoopS: number;
  /** The memory run at the soak rate. */
  soakS: number;
  soakRate: number;
  /** A payment's steps (regular and local activities), so the bare workflow matches it. */
  activities: ActivityShape;
  topologies: Array<{ gateways: number; workers: number }>;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function benchSettings(): BenchSettings {
  const quick = process.env.BENCH_QUICK === '1';
  const topologies = (process.env.BENCH_TOPOLOGIES ?? '1x1,2x2').split(',').map((spec) => {
    const [gateways, workers] = spec.split('x').map(Number);
    if (!gateways || !workers) throw new Error(`BENCH_TOPOLOGIES: "${spec}" is not GATEWAYSxWORKERS`);
    return { gateways, workers };
  });
  return {
    inFlight: positive('BENCH_IN_FLIGHT', 50),
    phaseS: positive('BENCH_PHASE_S', quick ? 3 : 8),
    e2eN: positive('BENCH_E2E_N', quick ? 100 : 400),
    openLoopRates: [10, 25],
    openLoopS: positive('BENCH_OPEN_LOOP_S', quick ? 5 : 15),
    soakS: positive('BENCH_SOAK_S', quick ? 15 : 300),
    soakRate: 25,
    activities: activityShape(process.env.BENCH_ACTIVITIES ?? '1+2'),
    topologies,
  };
}

/** `R+L`: R regular then L local activities; a payment today is its credit (regular), then record and state (local). */
function activityShape(spec: string): ActivityShape {
  const match = /^(\d+)\+(\d+)$/.exec(spec);
  if (!match) throw new Error(`BENCH_ACTIVITIES must be REGULAR+LOCAL, e.g. 1+2, got "${spec}"`);
  return { regular: Number(match[1]), local: Number(match[2]) };
}

const benchStart = Date.now();

/** A progress line with the time since the run began, so a slow phase shows itself. */
export function progress(line: string): void {
  const s = Math.round((Date.now() - benchStart) / 1000);
  process.stdout.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}\n`);
}
