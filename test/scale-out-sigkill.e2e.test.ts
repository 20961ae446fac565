import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { seedDrivers } from '../testkit/neighbours';
import { sleep, startTopology, type Topology } from '../testkit/processes';
import { expectLedger } from './support/ledger';

/**
 * Two api-external and two worker processes under a PSP's load; one of each is SIGKILLed halfway. The PSP retries
 * every PAY it got no success answer for, as PSPs do, spreading calls over the gateways like a balancer would. Every
 * payment it was told succeeded must be credited exactly once, and its retries of the unanswered ones must converge.
 */

const PAYMENTS = 150;
const IN_FLIGHT = 10;
const KILL_AFTER = PAYMENTS / 3;
const DRIVER = 'DRV-SCALE-1';
const amountOf = (i: number) => 100n + BigInt(i);
const txnOf = (i: number) => String(910_000 + i);

let h: Harness;
let topology: Topology | undefined;

beforeAll(async () => {
  h = await startHarness({ worker: false });
  topology = await startTopology({ env: { ...h.env, LOG_LEVEL: 'warn' }, gateways: 2, internals: 0, workers: 2 });
});
afterAll(async () => {
  await Promise.all((topology?.all() ?? []).map((p) => p.kill('SIGKILL')));
  await h?.close();
});

interface PspLoad {
  /** The provider's transaction id (prv_txn) each payment was first answered with, by txn id. */
  answered: Map<string, string>;
  attempts: number;
  unanswered: number;
}

/** A PSP paying `PAYMENTS` distinct PAYs, each retried until it is answered success, round-robin over `bases`. */
async function pspPays(bases: string[], linkPath: string, onAnswered: (n: number) => Promise<void>): Promise<PspLoad> {
  const load: PspLoad = { answered: new Map(), attempts: 0, unanswered: 0 };
  const queue = Array.from({ length: PAYMENTS }, (_, i) => i);
  let turn = 0;
  const until = Date.now() + 90_000;
  const lane = async () => {
    while (Date.now() < until && load.answered.size < PAYMENTS) {
      const i = queue.shift();
      if (i === undefined) {
        await sleep(50);
        continue;
      }
      const base = bases[turn++ % bases.length]!;
      const sum = (Number(amountOf(i)) / 100).toFixed(2);
      const url = `${base}${linkPath}?command=pay&txn_id=${txnOf(i)}&txn_date=20240325140600&account=${DRIVER}&sum=${sum}`;
      load.attempts++;
      const prvTxn = await fetch(url, { signal: AbortSignal.timeout(5000) })
        .then(async (res) => (res.ok ? successOf(await res.text()) : undefined))
        .catch(() => undefined);
      if (prvTxn === undefined) {
        load.unanswered++;
        await sleep(200);
        queue.push(i);
        continue;
      }
      load.answered.set(txnOf(i), prvTxn);
      await onAnswered(load.answered.size);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return load;
}

function successOf(body: string): string | undefined {
  if (!body.includes('<result>0</result>')) return undefined;
  return /<prv_txn>([^<]+)<\/prv_txn>/.exec(body)?.[1];
}

it('credits every payment exactly once when a gateway and a worker are SIGKILLed mid-load', async () => {
  const parkId = newParkId();
  const { linkUrl } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: ['127.0.0.1/32', '::1/128'] });
  const driver = { park_id: parkId, id: DRIVER, display_name: 'Scale Test' };
  await seedDrivers(h.driverProfilesUrl, [driver]);
  await seedDrivers(h.billingUrl, [driver]);
  const linkPath = linkUrl.slice(h.externalUrl.length);
  const [gateway, worker] = [topology!.gateways[0]!, topology!.workers[0]!];

  let killed: Promise<unknown> | undefined;
  const load = await pspPays(topology!.externalUrls, linkPath, async (n) => {
    if (n >= KILL_AFTER && !killed) killed = Promise.all([gateway.kill('SIGKILL'), worker.kill('SIGKILL')]);
  });
  await killed;
  expect([await gateway.exited, await worker.exited]).toEqual(['SIGKILL', 'SIGKILL']);

  // Every PAY converged on a success answer, through the surviving gateway where the first one died under it.
  expect(load.answered.size).toBe(PAYMENTS);
  expect(load.unanswered).toBeGreaterThan(0);
  const processed = await eventually(
    () => h.sys.db.transaction.groupBy({ by: ['state'], where: { parkId }, _count: true }),
    (groups) => groups.length === 1 && groups[0]!.state === 'processed' && groups[0]!._count === PAYMENTS,
    90_000,
    500,
  );
  expect(processed).toEqual([{ state: 'processed', _count: PAYMENTS }]);

  // One transaction per PSP payment, and a repeat of any of them gets the answer the PSP was first given.
  const rows = await h.sys.db.transaction.findMany({ where: { parkId }, select: { pspTxnId: true } });
  expect(new Set(rows.map((r) => r.pspTxnId))).toEqual(new Set(load.answered.keys()));
  const survivor = topology!.externalUrls[1]!;
  for (const i of [0, KILL_AFTER, PAYMENTS - 1]) {
    const sum = (Number(amountOf(i)) / 100).toFixed(2);
    const res = await fetch(
      `${survivor}${linkPath}?command=pay&txn_id=${txnOf(i)}&txn_date=20240325140600&account=${DRIVER}&sum=${sum}`,
    );
    expect(successOf(await res.text())).toBe(load.answered.get(txnOf(i)));
  }

  // The driver's whole ledger: one credit and one record per distinct payment, nothing more, the exact sum.
  const total = Array.from({ length: PAYMENTS }, (_, i) => amountOf(i)).reduce((a, b) => a + b, 0n);
  await expectLedger(h, parkId, DRIVER, { credits: PAYMENTS, records: PAYMENTS, reversals: 0, balance: total });
});
