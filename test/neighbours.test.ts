import { randomUUID } from 'node:crypto';
import { createBillingClient, type CreditRequest } from '../clients/billing';
import { createDriverProfilesClient } from '../clients/driver-profiles';
import { NeighbourProtocolError, NeighbourRejectedError, NeighbourUnavailableError } from '../clients/errors';
import { createFleetTransactionsClient, type TransactionRecord } from '../clients/fleet-transactions';
import { startBilling, startStandIns, type StandIns } from '../stand-ins';
import { clearFaults, seedDrivers, setFaults, standInState } from '../testkit/neighbours';

// The clients against the stand-ins, over real HTTP on random ports.

const PARK = 'park-neighbours';
let s: StandIns;

beforeAll(async () => {
  s = await startStandIns({
    seedDrivers: [
      { parkId: PARK, id: 'DRV1', displayName: 'Working Driver' },
      { parkId: PARK, id: 'DRV2', displayName: 'Blocked Driver', blocked: true },
      { parkId: PARK, id: 'DRV3', displayName: 'Fired Driver', status: 'fired', currency: 'KZT' },
    ],
  });
});
afterAll(() => s.close());
beforeEach(async () => {
  for (const url of [s.billingUrl, s.fleetTransactionsUrl, s.driverProfilesUrl]) {
    expect((await fetch(`${url}/_control/reset`, { method: 'POST' })).status).toBe(204);
  }
});

const billing = (timeoutMs = 2000) => createBillingClient({ baseUrl: s.billingUrl, timeoutMs });
const fleet = () => createFleetTransactionsClient({ baseUrl: s.fleetTransactionsUrl, timeoutMs: 2000 });
const drivers = (baseUrl = s.driverProfilesUrl) => createDriverProfilesClient({ baseUrl, timeoutMs: 2000 });

const credit = (over: Partial<CreditRequest> = {}): CreditRequest => ({
  parkId: PARK,
  driverId: 'DRV1',
  amountMinor: 1045n,
  currency: 'RUB',
  idempotencyKey: `key-${randomUUID()}`,
  description: 'Top-up',
  ...over,
});
const record = (over: Partial<TransactionRecord> = {}): TransactionRecord => ({
  parkId: PARK,
  driverId: 'DRV1',
  amountMinor: 1045n,
  currency: 'RUB',
  description: 'Top-up',
  eventAt: new Date('2024-03-25T14:06:00Z'),
  idempotencyKey: `token-${randomUUID()}`,
  ...over,
});

interface BillingState {
  credits: Array<{ credit_id: string; idempotency_key: string; amount_minor: string }>;
  requests: Record<string, number>;
}
const billingState = () => standInState<BillingState>(s.billingUrl);

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 3000): Promise<T> {
  for (const until = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 20))) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
  }
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('billing', () => {
  it('applies one credit per idempotency key; a repeat replays the first answer', async () => {
    const req = credit();
    const first = await billing().credit(req);
    const again = await billing().credit(req);
    expect(again).toEqual(first);
    expect(first.balanceMinor).toBe(1045n);
    const state = await billingState();
    expect(state.credits.filter((c) => c.idempotency_key === req.idempotencyKey)).toHaveLength(1);
    expect(state.requests[req.idempotencyKey]).toBe(2);
    expect(await billing().balance(PARK, 'DRV1')).toEqual({ balanceMinor: 1045n, currency: 'RUB' });
  });

  it('answers the same key with a different body with 409, and credits nothing more', async () => {
    const req = credit();
    await billing().credit(req);
    const conflict = billing().credit({ ...req, amountMinor: 1046n });
    await expect(conflict).rejects.toBeInstanceOf(NeighbourRejectedError);
    await expect(conflict).rejects.toMatchObject({ status: 409, code: 'idempotency_conflict' });
    expect((await billingState()).credits).toHaveLength(1);
    expect(await billing().balance(PARK, 'DRV1')).toEqual({ balanceMinor: 1045n, currency: 'RUB' });
  });

  it.each([
    ['driver_blocked', { driverId: 'DRV2' }],
    ['unknown_driver', { driverId: 'DRV404' }],
    ['currency_mismatch', { driverId: 'DRV3', currency: 'RUB' }],
    ['unsupported_currency', { currency: 'XYZ' }],
  ])('refuses with 422 %s as a non-retryable NeighbourRejectedError', async (code, over) => {
    const refused = billing().credit(credit(over));
    await expect(refused).rejects.toBeInstanceOf(NeighbourRejectedError);
    await expect(refused).rejects.toMatchObject({ status: 422, code });
    expect((await billingState()).credits).toEqual([]);
  });

  it('keeps amounts beyond 2^53 exact', async () => {
    const big = 2n ** 63n + 7n;
    await billing().credit(credit({ amountMinor: big }));
    const second = await billing().credit(credit({ amountMinor: big + 1n }));
    expect(second.balanceMinor).toBe(2n * big + 1n);
    expect(await billing().balance(PARK, 'DRV1')).toEqual({ balanceMinor: 2n * big + 1n, currency: 'RUB' });
    expect((await billingState()).credits.map((c) => c.amount_minor)).toEqual([
      '9223372036854775815',
      '9223372036854775816',
    ]);
  });

  it('has no balance for a driver never credited', async () => {
    expect(await billing().balance(PARK, 'DRV1')).toBeNull();
    expect(await billing().balance(PARK, 'DRV3')).toEqual({ balanceMinor: 0n, currency: 'KZT' });
  });

  it('shows a driver’s balance on /_control even while a fault takes the contract routes down', async () => {
    await billing().credit(credit());
    await setFaults(s.billingUrl, { status: 503 });
    const control = (driverId: string) => fetch(`${s.billingUrl}/_control/balances/${PARK}/${driverId}`);
    expect(await (await control('DRV1')).json()).toEqual({ balance_minor: '1045', currency: 'RUB' });
    expect(await (await control('DRV2')).json()).toEqual({ balance_minor: '0', currency: null });
    expect((await control('NOBODY')).status).toBe(404);
    await expect(billing().balance(PARK, 'DRV1')).rejects.toBeInstanceOf(NeighbourUnavailableError);
  });

  it('answers a request outside the contract with 400: a NeighbourProtocolError', async () => {
    const bad = billing().credit(credit({ amountMinor: 0n }));
    await expect(bad).rejects.toBeInstanceOf(NeighbourProtocolError);
    await expect(bad).rejects.toMatchObject({ status: 400 });
  });
});

describe('faults', () => {
  it('503 twice, then success: three requests, one credit', async () => {
    await setFaults(s.billingUrl, { status: 503, times: 2, paths: ['/v1/credits'] });
    const req = credit();
    for (let i = 0; i < 2; i++) {
      await expect(billing().credit(req)).rejects.toMatchObject({
        name: 'NeighbourUnavailableError',
        status: 503,
      });
    }
    await billing().credit(req);
    const state = await billingState();
    expect(state.requests[req.idempotencyKey]).toBe(3);
    expect(state.credits).toHaveLength(1);
  });

  it('a hang becomes a timeout, a NeighbourUnavailableError; the next call goes through', async () => {
    await setFaults(s.billingUrl, { hang: true, times: 1 });
    const req = credit();
    const started = Date.now();
    const hung = billing(150).credit(req);
    await expect(hung).rejects.toBeInstanceOf(NeighbourUnavailableError);
    await expect(hung).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await billingState()).credits).toEqual([]);
    expect((await billing(150).credit(req)).balanceMinor).toBe(1045n);
  });

  it('a delay past the timeout applies the credit but loses the answer; the retry replays it', async () => {
    await setFaults(s.billingUrl, { delay_ms: 300, times: 1, paths: ['/v1/credits'] });
    const req = credit();
    await expect(billing(100).credit(req)).rejects.toMatchObject({ reason: 'timeout' });
    const state = await eventually(billingState, (st) => st.credits.length > 0);
    expect(state.credits).toHaveLength(1);
    const retried = await billing(100).credit(req);
    expect(retried.creditId).toBe(state.credits[0]!.credit_id);
    expect((await billingState()).credits).toHaveLength(1);
  });

  it('paths limit a fault; DELETE clears it', async () => {
    await setFaults(s.billingUrl, { status: 500, paths: ['/v1/credits'] });
    expect(await billing().balance(PARK, 'DRV1')).toBeNull();
    await expect(billing().credit(credit())).rejects.toMatchObject({ status: 500 });
    await expect(billing().credit(credit())).rejects.toMatchObject({ status: 500 });
    await clearFaults(s.billingUrl);
    await billing().credit(credit());
  });

  it('an injected 422 reaches the caller as a rejection', async () => {
    await setFaults(s.fleetTransactionsUrl, { status: 422, times: 1 });
    await expect(fleet().record(record())).rejects.toMatchObject({
      name: 'NeighbourRejectedError',
      code: 'injected_fault',
    });
  });

  it('an unreachable neighbour is a NeighbourUnavailableError', async () => {
    const gone = await startBilling(0);
    await gone.close();
    const unreachable = createBillingClient({ baseUrl: gone.url, timeoutMs: 2000 }).credit(credit());
    await expect(unreachable).rejects.toMatchObject({ name: 'NeighbourUnavailableError', reason: 'network' });
  });

  it('refuses a fault spec outside the control contract', async () => {
    const res = await fetch(`${s.billingUrl}/_control/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 2 }),
    });
    expect(res.status).toBe(400);
  });
});

describe('fleet-transactions', () => {
  it('records once per token; a repeat returns the same id, a different body is a 409', async () => {
    const req = record();
    const first = await fleet().record(req);
    expect(await fleet().record({ ...req, eventAt: new Date(req.eventAt) })).toEqual(first);
    await expect(fleet().record({ ...req, amountMinor: 1n })).rejects.toMatchObject({
      status: 409,
      code: 'idempotency_conflict',
    });
    const state = await standInState<{ records: Array<{ id: string }>; requests: Record<string, number> }>(
      s.fleetTransactionsUrl,
    );
    expect(state.records.map((r) => r.id)).toEqual([first.id]);
    expect(state.requests[req.idempotencyKey]).toBe(3);
  });

  it('refuses an unsupported currency with 422', async () => {
    await expect(fleet().record(record({ currency: 'XYZ' }))).rejects.toMatchObject({
      status: 422,
      code: 'unsupported_currency',
    });
  });

  it('wants the X-Idempotency-Token header', async () => {
    const body = JSON.stringify({
      driver_id: 'DRV1',
      amount_minor: '1',
      currency: 'RUB',
      category: 'partner_service_payment',
      description: '',
      event_at: new Date().toISOString(),
    });
    expect((await post(`${s.fleetTransactionsUrl}/v1/parks/${PARK}/transactions`, body)).status).toBe(400);
    expect(
      (await post(`${s.fleetTransactionsUrl}/v1/parks/${PARK}/transactions`, body, { 'x-idempotency-token': 't1' }))
        .status,
    ).toBe(200);
  });
});

describe('driver profiles', () => {
  it('finds a seeded driver, and answers null for an unknown one', async () => {
    expect(await drivers().find(PARK, 'DRV3')).toEqual({
      id: 'DRV3',
      parkId: PARK,
      displayName: 'Fired Driver',
      status: 'fired',
    });
    expect(await drivers().find(PARK, 'DRV404')).toBeNull();
    expect(await drivers().find('another-park', 'DRV1')).toBeNull();
  });

  it('takes a 404 without the contract code as a wrong URL, not an absent driver', async () => {
    await expect(drivers(s.billingUrl).find(PARK, 'DRV1')).rejects.toMatchObject({
      name: 'NeighbourProtocolError',
      status: 404,
    });
  });

  it('seeds over /_control/drivers until a reset', async () => {
    await seedDrivers(s.driverProfilesUrl, [
      { park_id: PARK, id: 'DRV9', display_name: 'Late Driver', status: 'not_working' },
    ]);
    expect(await drivers().find(PARK, 'DRV9')).toMatchObject({ status: 'not_working' });
    await fetch(`${s.driverProfilesUrl}/_control/reset`, { method: 'POST' });
    expect(await drivers().find(PARK, 'DRV9')).toBeNull();
    expect(await drivers().find(PARK, 'DRV1')).not.toBeNull();
  });
});

describe('the wire', () => {
  it('answers malformed JSON with a 400 JSON error, not a stack', async () => {
    const res = await post(`${s.billingUrl}/v1/credits`, '{"park_id": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'malformed_json', message: expect.any(String) });
  });

  it('answers a body over 64 KiB with 413', async () => {
    const huge = JSON.stringify({ description: 'x'.repeat(70 * 1024) });
    const res = await post(`${s.billingUrl}/v1/credits`, huge);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers an unknown route with a 404 JSON error', async () => {
    const res = await fetch(`${s.fleetTransactionsUrl}/v2/nothing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'no_route' });
  });
});
