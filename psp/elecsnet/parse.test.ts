import { postForm, testWallet } from '../osmp/fixtures/http';
import type { WalletContext } from '../types';
import { elecsnetAdapter as adapter } from './index';

const wallet = (settings: Record<string, unknown> = {}): WalletContext => testWallet('elecsnet', 'RUB', settings);
// Parse reads only the part before the signature; verify (tested apart) decides whether the signature holds.
const signed = (payload: string) => postForm('/elecsnet', `${payload}&signature=00`);
const context = { exposeDriverName: false, duplicateAnsCode: '01' };

describe('parseElecsnet refusals say what ops must fix', () => {
  it.each([
    ['type=1&reqid=1&reqid=2&type=1', 'bad_request', 'repeated with different values: reqid'],
    ['type=1&reqid=1&reqid=2&type=2', 'bad_request', 'repeated with different values: reqid, type'],
    ['type=3&reqid=1', 'bad_request', 'type must be 1 (check) or 2 (pay)'],
    ['reqid=1&auth_code=9&amount=100&currency=643', 'bad_request', 'type must be 1 (check) or 2 (pay)'],
    ['type=2&reqid=1&amount=100&currency=643', 'bad_request', 'auth_code is missing or malformed'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=840', 'bad_request', 'currency is not the wallet currency'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=%2B643', 'bad_request', 'currency is not the wallet currency'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=+643', 'bad_request', 'currency is not the wallet currency'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=643.0', 'bad_request', 'currency is not the wallet currency'],
    ['type=2&reqid=1&auth_code=9&amount=100&currency=643 ', 'bad_request', 'currency is not the wallet currency'],
    ['type=2&reqid=1&auth_code=9&currency=643', 'bad_request', 'amount is missing'],
    ['type=2&reqid=1&auth_code=9&amount=10.00&currency=643', 'bad_amount', 'amount must be an integer in minor units'],
  ])('%j → %s: %s', (payload, reason, message) => {
    expect(adapter.parse(signed(payload), wallet())).toStrictEqual({ ok: false, reason, message, context });
  });

  it('a wallet that counts in rubles refuses an amount that is no decimal', () => {
    const rubles = wallet({ amountUnit: 'major' });
    expect(adapter.parse(signed('type=2&reqid=1&auth_code=9&amount=1e3&currency=643'), rubles)).toStrictEqual({
      ok: false,
      reason: 'bad_amount',
      message: 'amount is not a decimal',
      context,
    });
  });

  it('a body without a signature part is no signed form', () => {
    expect(adapter.parse(postForm('/elecsnet', 'type=1&reqid=1'), wallet())).toStrictEqual({
      ok: false,
      reason: 'bad_request',
      message: 'body is not a signed form',
      context,
    });
  });

  it('a misconfigured wallet answers the contact-the-park error and never exposes a name', () => {
    expect(adapter.parse(signed('type=1&reqid=1'), wallet({ amountUnit: 'rubles' }))).toStrictEqual({
      ok: false,
      reason: 'error',
      message: expect.stringContaining('amountUnit'),
      context,
    });
  });
});
