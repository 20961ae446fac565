import { randomUUID } from 'node:crypto';
import { credentialsStatus, defaultCredentialsExpiry, dueThreshold } from '../application/credential-expiry';
import { newParkId, startHarness, type Harness } from '../testkit/harness';

// Issue 8, items 1 and 2: each wallet's credentials carry an expiry and a status; each park names who is told.
const DAY = 24 * 60 * 60 * 1000;
const sealed = (expiresAt: Date | null, invalidAt: Date | null = null) => ({
  ciphertext: 'x',
  keyId: 'k',
  updatedAt: new Date(0),
  expiresAt,
  invalidAt,
});

describe('credential expiry rules', () => {
  const now = new Date('2026-11-27T12:00:00.000Z');
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  it('QIWI credentials live a year from the save (calendar year, UTC); other PSPs have no known lifetime', () => {
    expect(defaultCredentialsExpiry('qiwi', now)).toEqual(new Date('2027-11-27T12:00:00.000Z'));
    expect(defaultCredentialsExpiry('qiwi', new Date('2028-02-29T00:00:00.000Z'))).toEqual(
      new Date('2029-03-01T00:00:00.000Z'),
    );
    expect(defaultCredentialsExpiry('qiwi_qvp', now)).toBeNull();
    expect(defaultCredentialsExpiry('tbc', now)).toBeNull();
  });

  it('status: missing, invalid before anything else, expired at the instant, expiring within 30 days, else ok', () => {
    expect(credentialsStatus(null, now)).toBe('missing');
    expect(credentialsStatus(sealed(at(365), at(-1)), now)).toBe('invalid');
    expect(credentialsStatus(sealed(now), now)).toBe('expired');
    expect(credentialsStatus(sealed(at(-400)), now)).toBe('expired');
    expect(credentialsStatus(sealed(at(30)), now)).toBe('expiring');
    expect(credentialsStatus(sealed(new Date(at(30).getTime() + 1)), now)).toBe('ok');
    expect(credentialsStatus(sealed(null), now)).toBe('ok');
  });

  it('the reminder due is the most urgent threshold reached, and none before 30 days', () => {
    expect(dueThreshold(new Date(at(30).getTime() + 1), now)).toBeNull();
    expect(dueThreshold(at(30), now)).toBe('30d');
    expect(dueThreshold(at(7.5), now)).toBe('30d');
    expect(dueThreshold(at(7), now)).toBe('7d');
    expect(dueThreshold(at(1.5), now)).toBe('7d');
    expect(dueThreshold(at(1), now)).toBe('1d');
    expect(dueThreshold(new Date(now.getTime() + 1), now)).toBe('1d');
    expect(dueThreshold(now, now)).toBe('expired');
    expect(dueThreshold(at(-100), now)).toBe('expired');
  });
});

describe('wallet credentials expiry through the API', () => {
  let h: Harness;
  const park = newParkId();
  const base = `/v1/parks/${park}/wallets`;
  beforeAll(async () => {
    h = await startHarness({ worker: false });
  });
  afterAll(() => h?.close());

  const create = (body: Record<string, unknown>) =>
    h.api('POST', base, { name: `w-${randomUUID().slice(0, 6)}`, currency: 'RUB', ...body });

  it('a QIWI wallet saved with credentials expires a year after the save unless the dispatcher names a date', async () => {
    const before = Date.now();
    const saved = await create({ psp: 'qiwi', credentials: { password: 'p' } });
    expect(saved.status).toBe(201);
    const expires = Date.parse(saved.body.credentialsExpireAt);
    const yearOf = (t: number) => defaultCredentialsExpiry('qiwi', new Date(t))!.getTime();
    expect(expires).toBeGreaterThanOrEqual(yearOf(before));
    expect(expires).toBeLessThanOrEqual(yearOf(Date.now()));
    expect(saved.body).toMatchObject({ hasCredentials: true, credentialsStatus: 'ok' });
    expect(JSON.stringify(saved.body)).not.toContain('"p"');

    const soon = new Date(Date.now() + 10 * DAY).toISOString();
    const named = await create({ psp: 'qiwi', credentials: { password: 'p' }, credentialsExpireAt: soon });
    expect(named.body).toMatchObject({ credentialsExpireAt: soon, credentialsStatus: 'expiring' });
    const got = await h.api('GET', `${base}/${named.body.id}`);
    expect(got.body).toMatchObject({ credentialsExpireAt: soon, credentialsStatus: 'expiring' });
  });

  it('a date in the past reads expired; new credentials bring a new year and clear a PSP refusal', async () => {
    const past = new Date(Date.now() - DAY).toISOString();
    const w = await create({ psp: 'qiwi', credentials: { password: 'old' }, credentialsExpireAt: past });
    expect(w.body.credentialsStatus).toBe('expired');
    await h.sys.db.wallet.update({ where: { id: w.body.id }, data: { credentialsInvalidAt: new Date() } });
    expect((await h.api('GET', `${base}/${w.body.id}`)).body.credentialsStatus).toBe('invalid');

    const renewed = await h.api('PATCH', `${base}/${w.body.id}`, { credentials: { password: 'new' } });
    expect(renewed.body.credentialsStatus).toBe('ok');
    expect(Date.parse(renewed.body.credentialsExpireAt)).toBeGreaterThan(Date.now() + 364 * DAY);
    expect((await h.api('GET', base)).body.items.find((x: any) => x.id === w.body.id).credentialsStatus).toBe('ok');
  });

  it('the date alone can be moved while credentials are kept; removing them clears it', async () => {
    const w = await create({ psp: 'qiwi', credentials: { password: 'p' } });
    const moved = new Date(Date.now() + 3 * DAY).toISOString();
    const patched = await h.api('PATCH', `${base}/${w.body.id}`, { credentialsExpireAt: moved });
    expect(patched.body).toMatchObject({ credentialsExpireAt: moved, credentialsStatus: 'expiring' });
    expect(await h.sys.wallets.credentials(park, w.body.id)).toEqual({ password: 'p' });

    const removed = await h.api('PATCH', `${base}/${w.body.id}`, { credentials: null });
    expect(removed.body).toMatchObject({
      hasCredentials: false,
      credentialsExpireAt: null,
      credentialsStatus: 'missing',
    });
  });

  it('PSPs without a known lifetime keep no date; a date without credentials is refused with 400', async () => {
    const qvp = await create({ psp: 'qiwi_qvp', credentials: { token: 't' } });
    expect(qvp.body).toMatchObject({ credentialsExpireAt: null, credentialsStatus: 'ok' });
    const bare = await create({ psp: 'qiwi_qvp' });
    expect(bare.body).toMatchObject({ credentialsExpireAt: null, credentialsStatus: 'missing' });

    const date = new Date(Date.now() + DAY).toISOString();
    const refusedPatch = await h.api('PATCH', `${base}/${bare.body.id}`, { credentialsExpireAt: date });
    expect(refusedPatch).toMatchObject({ status: 400, body: { field: 'credentialsExpireAt' } });
    const refusedCreate = await create({ psp: 'qiwi', credentialsExpireAt: date });
    expect(refusedCreate).toMatchObject({ status: 400, body: { field: 'credentialsExpireAt' } });
    const notADate = await create({ psp: 'qiwi', credentials: { p: 'p' }, credentialsExpireAt: 'next year' });
    expect(notADate).toMatchObject({ status: 400, body: { field: 'credentialsExpireAt' } });
  });
});

describe('park notification settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ worker: false });
  });
  afterAll(() => h?.close());

  it('start empty, are replaced as a whole, one address per mailbox', async () => {
    const park = newParkId();
    const path = `/v1/parks/${park}/notification-settings`;
    expect((await h.api('GET', path)).body).toEqual({ parkId: park, emails: [], updatedAt: null });

    const put = await h.api('PUT', path, { emails: ['Fleet@Park.example', 'fleet@park.example', 'ops@park.example'] });
    expect(put.status).toBe(200);
    expect(put.body.emails).toEqual(['fleet@park.example', 'ops@park.example']);
    expect((await h.api('GET', path)).body).toMatchObject({ emails: ['fleet@park.example', 'ops@park.example'] });

    await h.api('PUT', path, { emails: ['only@park.example'] });
    expect((await h.api('GET', path, undefined, { parkId: park, role: 'ops' })).body.emails).toEqual([
      'only@park.example',
    ]);
  });

  it('refuses what is not a list of e-mail addresses, naming the field, and leaves the saved list', async () => {
    const park = newParkId();
    const path = `/v1/parks/${park}/notification-settings`;
    await h.api('PUT', path, { emails: ['kept@park.example'] });
    for (const body of [
      { emails: ['not an address'] },
      { emails: 'kept@park.example' },
      { emails: Array.from({ length: 21 }, (_, i) => `a${i}@park.example`) },
      { emails: [], extra: true },
      {},
    ]) {
      const res = await h.api('PUT', path, body);
      expect(res.status).toBe(400);
      expect(res.body.field).toMatch(/^(emails|extra|body)/);
    }
    expect((await h.api('GET', path)).body.emails).toEqual(['kept@park.example']);
  });

  it('a driver of the park may neither read nor change them', async () => {
    const park = newParkId();
    const driver = { parkId: park, role: 'driver' as const, driverId: 'DRV1' };
    const path = `/v1/parks/${park}/notification-settings`;
    expect((await h.api('GET', path, undefined, driver)).status).toBe(403);
    expect((await h.api('PUT', path, { emails: ['d@park.example'] }, driver)).status).toBe(403);
  });
});
