import { uaWallet } from '../fixtures/http';
import { resolveRules, type UaRules } from '../settings';
import { renderUa } from './render';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const now = new Date('2017-10-01T08:11:12Z');
function unsignedRules(settings: Record<string, unknown>): UaRules {
  const resolved = resolveRules(uaWallet({ useSign: false, ...settings }, {}));
  if (!resolved.ok || resolved.rules.product !== 'ua') throw new Error('the UA test wallet must resolve');
  return resolved.rules;
}
const checkAnswer = (accountInfo: string) =>
  `${XML_HEAD}<Response><StatusCode>0</StatusCode><StatusDetail>checked</StatusDetail>` +
  `<DateTime>2017-10-01T11:11:12</DateTime><AccountInfo>${accountInfo}</AccountInfo></Response>`;

describe('renderUa Check answer', () => {
  it('names the driver in Fio when the wallet exposes names, escaped, after the Account', () => {
    const answer = renderUa(
      { kind: 'check_ok', driverId: 'd', displayName: 'Ivan <Petrenko>' },
      { product: 'ua', account: '987654321' },
      unsignedRules({ exposeDriverName: true }),
      now,
    );
    expect(answer).toStrictEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: checkAnswer('<Account>987654321</Account><Fio>Ivan &lt;Petrenko&gt;</Fio>'),
    });
  });

  it('without a parsed account the Account is empty: an answer echoes nothing it was not given', () => {
    const answer = renderUa({ kind: 'check_ok', driverId: 'd' }, undefined, unsignedRules({}), now);
    expect(answer.body).toBe(checkAnswer('<Account></Account>'));
  });
});
