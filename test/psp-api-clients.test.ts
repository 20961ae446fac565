import { NeighbourProtocolError, NeighbourUnavailableError } from '../clients/errors';
import { createPaystackClient } from '../psp/paystack/client';
import { paystackVerifier } from '../psp/paystack/verifier';
import { createQiwiPullClient } from '../psp/qiwi/client';
import { startPaystack } from '../psp/paystack/stand-in';
import { startQiwiPull } from '../psp/qiwi/stand-in';
import type { StandIn } from '../stand-ins';
import { setFaults, standInState } from '../testkit/neighbours';

// The PSP API clients against the local stand-ins of Paystack and QIWI Pull REST API v2.
const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/_control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Paystack verify', () => {
  let standIn: StandIn;
  const client = () => createPaystackClient({ baseUrl: standIn.url, timeoutMs: 500 });
  beforeAll(async () => {
    standIn = await startPaystack();
    await post(standIn.url, '/transactions', {
      secret_key: 'sk_a',
      reference: 'REF-1',
      amount: 500000,
      currency: 'NGN',
      metadata: { driver_id: '123' },
    });
  });
  afterAll(() => standIn.close());

  it('reads a transaction with its exact subunit amount', async () => {
    expect(await client().verifyTransaction('sk_a', 'REF-1')).toEqual({
      found: true,
      transaction: {
        status: 'success',
        reference: 'REF-1',
        amountMinor: 500000n,
        currency: 'NGN',
        metadata: { driver_id: '123' },
      },
    });
  });

  it("answers not found for a reference of another merchant, and types a bad key and Paystack's outage", async () => {
    await post(standIn.url, '/transactions', { secret_key: 'sk_b', reference: 'REF-B', amount: 1, currency: 'NGN' });
    expect(await client().verifyTransaction('sk_a', 'REF-B')).toEqual({ found: false });
    await expect(client().verifyTransaction('sk_unknown', 'REF-1')).rejects.toBeInstanceOf(NeighbourProtocolError);
    await setFaults(standIn.url, { status: 503, times: 1 });
    await expect(client().verifyTransaction('sk_a', 'REF-1')).rejects.toBeInstanceOf(NeighbourUnavailableError);
    await setFaults(standIn.url, { hang: true, times: 1 });
    await expect(client().verifyTransaction('sk_a', 'REF-1')).rejects.toMatchObject({ reason: 'timeout' });
  });
});

describe('Paystack verifier', () => {
  let standIn: StandIn;
  const input = {
    transactionId: '1',
    parkId: 'p',
    walletId: 'w',
    psp: 'paystack',
    pspTxnId: 'REF-V',
    driverId: 'D',
    amountMinor: '500',
    currency: 'NGN',
    acceptedAt: '',
  };
  const verifier = (credentials: Record<string, string>) =>
    paystackVerifier(createPaystackClient({ baseUrl: standIn.url, timeoutMs: 500 }), () =>
      Promise.resolve(credentials),
    );
  beforeAll(async () => {
    standIn = await startPaystack();
    await post(standIn.url, '/transactions', [
      { secret_key: 'sk_v', reference: 'REF-V', amount: 500, currency: 'NGN' },
      { secret_key: 'sk_v', reference: 'REF-GHS', amount: 500, currency: 'GHS' },
    ]);
  });
  afterAll(() => standIn.close());

  it('verifies only success for our exact amount and currency, at Paystack, under the wallet key', async () => {
    expect(await verifier({ secretKey: 'sk_v' })(input)).toEqual({ verified: true });
    expect(await verifier({ secretKey: 'sk_v' })({ ...input, amountMinor: '501' })).toMatchObject({ verified: false });
    expect(await verifier({ secretKey: 'sk_v' })({ ...input, pspTxnId: 'REF-GHS' })).toMatchObject({
      verified: false,
      reason: /GHS/,
    });
    expect(await verifier({ secretKey: 'sk_v' })({ ...input, pspTxnId: 'REF-NONE' })).toMatchObject({
      verified: false,
    });
  });

  it('throws (the activity retries) when it cannot ask: no key, or Paystack down', async () => {
    await expect(verifier({})(input)).rejects.toThrow(/secretKey/);
    await setFaults(standIn.url, { status: 502, times: 1 });
    await expect(verifier({ secretKey: 'sk_v' })(input)).rejects.toBeInstanceOf(NeighbourUnavailableError);
  });
});

describe('QIWI Pull bills', () => {
  let standIn: StandIn;
  const account = { prvId: '24274', apiId: 'api-1', apiPassword: 'p@ss:word' };
  const client = () => createQiwiPullClient({ baseUrl: standIn.url, timeoutMs: 500 });
  const bill = {
    user: 'tel:+79031811737',
    amountMinor: 1045n,
    currency: 'RUB',
    comment: 'DRV000123',
    lifetime: new Date('2026-12-01T09:00:00Z'),
  };
  beforeAll(async () => {
    standIn = await startQiwiPull();
    await post(standIn.url, '/accounts', {
      prv_id: account.prvId,
      api_id: account.apiId,
      api_password: account.apiPassword,
    });
  });
  afterAll(() => standIn.close());

  it('creates a bill (form PUT, Basic, Moscow lifetime), reads it, sees it paid', async () => {
    const created = await client().createBill(account, 'B-1', bill);
    expect(created).toEqual({
      ok: true,
      bill: {
        billId: 'B-1',
        amountMinor: 1045n,
        currency: 'RUB',
        status: 'waiting',
        user: 'tel:+79031811737',
        comment: 'DRV000123',
      },
    });
    const state = await standInState<{ bills: Array<{ bill_id: string; amount: string; lifetime: string }> }>(
      standIn.url,
    );
    expect(state.bills.find((b) => b.bill_id === 'B-1')).toMatchObject({
      amount: '10.45',
      lifetime: '2026-12-01T12:00:00',
    });
    await post(standIn.url, '/bills/status', { prv_id: '24274', bill_id: 'B-1', status: 'paid' });
    expect(await client().bill(account, 'B-1')).toMatchObject({ ok: true, bill: { status: 'paid' } });
  });

  it('answers a repeat with 215, an unknown bill with 210, a paid bill cancel with 1419, bad auth with 150', async () => {
    expect(await client().createBill(account, 'B-1', bill)).toMatchObject({
      ok: false,
      resultCode: 215,
      retryable: false,
    });
    expect(await client().bill(account, 'NOPE')).toMatchObject({ ok: false, resultCode: 210 });
    expect(await client().cancelBill(account, 'B-1')).toMatchObject({ ok: false, resultCode: 1419 });
    expect(await client().bill({ ...account, apiPassword: 'wrong' }, 'B-1')).toMatchObject({
      ok: false,
      resultCode: 150,
    });
  });

  it('cancels a waiting bill (PATCH status=rejected), idempotently', async () => {
    await client().createBill(account, 'B-2', bill);
    expect(await client().cancelBill(account, 'B-2')).toMatchObject({ ok: true, bill: { status: 'rejected' } });
    expect(await client().cancelBill(account, 'B-2')).toMatchObject({ ok: true, bill: { status: 'rejected' } });
  });

  it('types an outage as unavailable', async () => {
    await setFaults(standIn.url, { status: 503, times: 1 });
    await expect(client().bill(account, 'B-1')).rejects.toBeInstanceOf(NeighbourUnavailableError);
  });
});
