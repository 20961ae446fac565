import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { expectLedger } from './support/ledger';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';

// A worker process killed (SIGKILL) while billing is crediting: after a new worker starts, the payment completes once.
let h: Harness;
let child: ChildProcess | undefined;

beforeAll(async () => {
  h = await startHarness({ worker: false });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.close();
});

function startWorkerProcess(): ChildProcess {
  // One process (not the tsx launcher, whose SIGKILL would orphan the real worker).
  const proc = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'workers', 'main.ts')], {
    env: { ...h.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return proc;
}

it('a payment in flight when its worker dies is credited exactly once after restart', async () => {
  const parkId = newParkId();
  const { linkUrl, walletId } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', {
    ipAllowList: ['127.0.0.1/32', '::1/128'],
  });
  const driver = { park_id: parkId, id: 'DRV-CRASH-1', display_name: 'Crash Test' };
  await seedDrivers(h.driverProfilesUrl, [driver]);
  await seedDrivers(h.billingUrl, [driver]);
  await setFaults(h.billingUrl, { delay_ms: 4000, times: 1, paths: ['/v1/credits'] });

  const res = await fetch(`${linkUrl}?command=pay&txn_id=777001&txn_date=20240325140600&account=DRV-CRASH-1&sum=12.34`);
  expect(await res.text()).toContain('<result>0</result>');
  const row = await h.sys.db.transaction.findFirstOrThrow({ where: { parkId, walletId, pspTxnId: '777001' } });
  const key = `fleet-payment:${parkId}:${row.id}`;

  child = startWorkerProcess();
  await eventually(
    () => standInState<{ requests: Record<string, number> }>(h.billingUrl),
    (s) => (s.requests[key] ?? 0) >= 1,
    90_000,
  );
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  await clearFaults(h.billingUrl);

  await h.startWorker();
  const done = await eventually(
    () => h.sys.db.transaction.findFirstOrThrow({ where: { id: row.id, parkId } }),
    (t) => t.state === 'processed',
    90_000,
  );
  expect(done.state).toBe('processed');
  await expectLedger(h, parkId, 'DRV-CRASH-1', { credits: 1, records: 1, reversals: 0, balance: 1234n });
});
