import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { startWorkerMetrics, type Running } from '../system/servers';
import { installTemporalLogging } from '../system/temporal-logging';
import { eventually, newParkId, startHarness, walletWithLink, type Harness } from '../testkit/harness';
import { samples, scrape, valueOf } from './support/metrics-text';
import { clearFaults, seedDrivers, setFaults } from '../testkit/neighbours';
import { freePort, startPrometheus } from './support/prometheus';
import { LOOPBACK } from './support/psp-terminals';

/**
 * The metrics of every process after real traffic (PSP calls through the gateway, payments through the worker and
 * the stand-in neighbours), read from the processes' /metrics, from the Temporal SDK's exporter and back through a
 * real Prometheus; the dashboard's queries run against that Prometheus; labels stay bounded over 1,000 parks.
 */

let h: Harness;
let worker: Running;
let sdkAddress: string;
const parkId = newParkId();
let linkUrl: string;
let walletId: string;
let txn = 700_000;

const call = (link: string, query: string) => fetch(`${link}?${query}`).then((r) => r.text());
const check = (link: string, account: string) =>
  call(link, `command=check&txn_id=${++txn}&account=${account}&sum=1.00`);
const pay = (link: string, account: string, id: number) =>
  call(link, `command=pay&txn_id=${id}&txn_date=20240325140600&account=${account}&sum=10.45`);

beforeAll(async () => {
  sdkAddress = `127.0.0.1:${await freePort()}`;
  // First: the harness's own Runtime.install (a logger only) then finds this runtime in place and keeps it.
  installTemporalLogging(pino({ level: 'error' }), sdkAddress);
  h = await startHarness();
  worker = await startWorkerMetrics(h.sys, 0);
  ({ linkUrl, walletId } = await walletWithLink(h, parkId, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK }));
  const drivers = [
    { park_id: parkId, id: 'DRV-OK', display_name: 'Ok' },
    { park_id: parkId, id: 'DRV-BLOCKED', display_name: 'Blocked', blocked: true },
  ];
  await seedDrivers(h.driverProfilesUrl, drivers);
  await seedDrivers(h.billingUrl, drivers);
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await h?.close();
});

const finalState = (pspTxnId: string) =>
  eventually(
    async () => (await h.sys.transactions.byKey(parkId, walletId, pspTxnId))?.state,
    (state) => state !== undefined && state !== 'accepted',
  );

it('counts PSP calls, neighbour calls and payment state changes by bounded labels, on every /metrics', async () => {
  await check(linkUrl, 'DRV-OK');
  await check(linkUrl, 'NOBODY');
  await setFaults(h.driverProfilesUrl, { status: 503, times: 1 });
  await check(linkUrl, 'DRV-OK');
  await clearFaults(h.driverProfilesUrl);
  await call(`${h.externalUrl}/psp/qiwi_qvp/not-a-real-secret`, 'command=check&txn_id=1&account=DRV-OK');
  await pay(linkUrl, 'DRV-OK', 1);
  // Billing's account read down: the gateway takes the blocked driver's payment, and billing refuses the credit.
  await setFaults(h.billingUrl, { status: 503, paths: ['/v1/accounts'] });
  await pay(linkUrl, 'DRV-BLOCKED', 2);
  await clearFaults(h.billingUrl);
  expect([await finalState('1'), await finalState('2')]).toEqual(['processed', 'rejected']);

  const text = await scrape(h.externalUrl);
  const callbacks = (operation: string, result: string) =>
    valueOf(text, 'psp_callback_duration_seconds_count', { psp: 'qiwi_qvp', operation, result });
  expect({
    checkOk: callbacks('check', 'check_ok'),
    notFound: callbacks('check', 'not_found'),
    temporary: callbacks('check', 'temporary'),
    unknownLink: callbacks('unknown', 'unknown_link'),
    payAccepted: callbacks('pay', 'pay_accepted'),
  }).toEqual({ checkOk: 1, notFound: 1, temporary: 1, unknownLink: 1, payAccepted: 2 });

  const neighbour = (service: string, outcome: string) =>
    valueOf(text, 'neighbour_call_duration_seconds_count', { service, outcome });
  expect({
    profilesOk: neighbour('driver-profiles', 'ok'),
    profilesNotFound: neighbour('driver-profiles', 'not_found'),
    profilesUnavailable: neighbour('driver-profiles', 'unavailable'),
    billingOk: neighbour('billing', 'ok'),
    billingNotFound: neighbour('billing', 'not_found'),
    billingUnavailable: neighbour('billing', 'unavailable'),
    billingRejected: neighbour('billing', 'rejected'),
    recorded: neighbour('fleet-transactions', 'ok'),
  }).toEqual({
    profilesOk: 3,
    profilesNotFound: 1,
    profilesUnavailable: 1,
    // Account reads beside each profile lookup (2 checks and a pay of DRV-OK, NOBODY unknown, one down), one credit.
    billingOk: 4,
    billingNotFound: 1,
    billingUnavailable: 1,
    billingRejected: 1,
    recorded: 1,
  });

  const moved = (from: string, to: string) => valueOf(text, 'payment_transitions_total', { from, to });
  expect([moved('new', 'accepted'), moved('accepted', 'processed'), moved('accepted', 'rejected')]).toEqual([2, 1, 1]);
  expect(valueOf(text, 'payments_rejected_after_accept_total', { reason: 'neighbour_refused' })).toBe(1);

  // In the harness the three servers share one system, so one registry: each serves all of it.
  for (const url of [h.internalUrl, worker.url]) {
    expect(valueOf(await scrape(url), 'payment_transitions_total', { from: 'accepted', to: 'processed' })).toBe(1);
  }
});

it('serves the Temporal SDK metrics that show whether the workers keep up', async () => {
  const text = await scrape(`http://${sdkAddress}`);
  const names = new Set(samples(text).map((s) => s.name));
  for (const name of [
    'temporal_workflow_task_schedule_to_start_latency_bucket',
    'temporal_activity_schedule_to_start_latency_bucket',
    'temporal_workflow_task_execution_latency_bucket',
    'temporal_activity_execution_latency_bucket',
  ]) {
    expect([name, names.has(name)]).toEqual([name, true]);
  }
  const queues = samples(text).map((s) => s.labels.task_queue);
  expect(queues).toContain(h.config.PAYMENTS_TASK_QUEUE);
});

it('counts accepted payments older than 1 and 10 minutes at scrape time', async () => {
  const stuck = async () => {
    const text = await scrape(worker.url);
    const over = (older_than: string) => valueOf(text, 'payments_stuck', { older_than });
    return { over1m: over('1m'), over10m: over('10m') };
  };
  const before = await stuck();
  const ids: bigint[] = [];
  for (const [pspTxnId, ageMinutes] of [
    ['stuck-2m', 2],
    ['stuck-11m', 11],
    ['fresh', 0],
  ] as const) {
    const { transaction } = await h.sys.transactions.accept({
      parkId,
      walletId,
      psp: 'qiwi_qvp',
      pspTxnId,
      driverId: 'DRV-OK',
      amountMinor: 100n,
      currency: 'RUB',
      pspPaidAt: null,
      workflowId: `metrics-test:${pspTxnId}`,
      hold: false,
      verifyWithPsp: false,
    });
    ids.push(transaction.id);
    await h.sys.db.$executeRaw`UPDATE transactions SET created_at = now() - make_interval(mins => ${ageMinutes}::int)
      WHERE park_id = ${parkId} AND id = ${transaction.id}`;
  }
  try {
    expect(await stuck()).toEqual({ over1m: before.over1m + 2, over10m: before.over10m + 1 });
  } finally {
    // No workflow drives these rows: the sweep tests of other files must not find them.
    await h.sys.db.transaction.updateMany({ where: { parkId, id: { in: ids } }, data: { state: 'rejected' } });
  }
});

it('Prometheus scrapes every process of ops/prometheus.yml, and every dashboard query parses and returns data', async () => {
  const hostPort = (url: string) => new URL(url).host;
  const prometheus = await startPrometheus({
    'api-external': [hostPort(h.externalUrl)],
    'api-internal': [hostPort(h.internalUrl)],
    worker: [hostPort(worker.url)],
    'temporal-sdk': [sdkAddress],
  });
  try {
    const up = await eventually(
      () => prometheus.query('up == 1'),
      (r) => r.length === 4,
    );
    expect(up.map((r) => r.metric.job).sort()).toEqual(['api-external', 'api-internal', 'temporal-sdk', 'worker']);
    const paid = await eventually(
      () =>
        prometheus.query(
          'psp_callback_duration_seconds_count{job="api-external",psp="qiwi_qvp",operation="pay",result="pay_accepted"}',
        ),
      (r) => r.length === 1,
    );
    expect(paid[0]!.value[1]).toBe('2');

    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '../ops/grafana/dashboards/fleet-payments.json'), 'utf8'),
    ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    // Grafana's own macro; Prometheus knows only durations.
    const queries = dashboard.panels.flatMap((p) =>
      p.targets.map((t) => ({ panel: p.title, expr: t.expr.replaceAll('$__rate_interval', '1m') })),
    );
    // A rate needs two scrapes of a series: wait until every panel has something to show.
    const answered = await eventually(
      () => Promise.all(queries.map(async (q) => ({ ...q, series: (await prometheus.query(q.expr)).length }))),
      (all) => all.every((q) => q.series > 0),
      30_000,
      1000,
    ).catch((err: Error) => {
      throw new Error(`dashboard queries without data: ${err.message}`);
    });
    expect(answered.filter((q) => q.series === 0)).toEqual([]);
  } finally {
    await prometheus.close();
  }
}, 120_000);

it('keeps labels bounded: 1,000 more parks add no series', async () => {
  const ours = (text: string) =>
    samples(text)
      .filter((s) => /^(psp_callback|neighbour_call|payment_|payments_)/.test(s.name))
      .map((s) => `${s.name}${JSON.stringify(s.labels)}`)
      .sort();
  const parkTraffic = async (park: string) => {
    const { linkUrl: link } = await walletWithLink(h, park, 'qiwi_qvp', 'RUB', { ipAllowList: LOOPBACK });
    await check(link, `DRV-${park}`);
    await check(link, `NOBODY-${park}`);
    return link;
  };
  const newParks = async (n: number) => {
    const parks = Array.from({ length: n }, () => newParkId());
    // In batches: the stand-in caps its request bodies.
    for (let i = 0; i < n; i += 100) {
      const batch = parks.slice(i, i + 100).map((p) => ({ park_id: p, id: `DRV-${p}`, display_name: 'Driver' }));
      await seedDrivers(h.driverProfilesUrl, batch);
    }
    const links: string[] = [];
    for (let i = 0; i < parks.length; i += 20)
      links.push(...(await Promise.all(parks.slice(i, i + 20).map(parkTraffic))));
    return { parks, links };
  };
  await newParks(3);
  const before = ours(await scrape(h.externalUrl));

  const { parks, links } = await newParks(1000);
  const texts = await Promise.all([h.externalUrl, h.internalUrl, worker.url].map(scrape));
  expect(ours(texts[0]!)).toEqual(before);
  const callbacks = samples(texts[0]!).filter((s) => s.name === 'psp_callback_duration_seconds_count');
  expect(callbacks.find((s) => s.labels.result === 'check_ok')!.value).toBeGreaterThanOrEqual(1003);
  const secrets = links.map((l) => l.slice(l.lastIndexOf('/') + 1));
  const leaked = [...parks, ...parks.map((p) => `DRV-${p}`), ...secrets].filter((id) =>
    texts.some((t) => t.includes(id)),
  );
  expect(leaked).toEqual([]);
}, 600_000);
