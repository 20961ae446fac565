import { PSP_CODES, type PspCode } from '../domain/psp-codes';
import { isIpAllowed } from './ip-allow-list';
import { pspRequest } from './osmp/fixtures/http';
import { QIWI_SAMPLES } from './osmp/fixtures/samples';
import { ADAPTERS, getAdapter } from './registry';
import { payAccepted } from './fixtures';

describe('registry', () => {
  it('serves the OSMP family under their own codes', () => {
    // Other PSPs join the registry too: this test owns only the OSMP family.
    expect([...ADAPTERS.keys()]).toEqual(expect.arrayContaining(['city24', 'mobilnik', 'qiwi_md', 'qiwi_qvp']));
    for (const [code, adapter] of ADAPTERS) expect(adapter.code).toBe(code);
  });

  it('has an adapter for every PSP code and none for any other name', () => {
    expect([...ADAPTERS.keys()].sort()).toEqual([...PSP_CODES].sort());
    for (const code of PSP_CODES) expect(getAdapter(code)?.code).toBe(code);
    // Names from a URL that are not PSPs, including ones an object literal would have answered.
    for (const name of ['qiwi-qvp', 'QIWI_QVP', 'unknown', '__proto__', 'constructor', 'toString', ''])
      expect(getAdapter(name as PspCode)).toBeUndefined();
  });

  it.each([
    ['qiwi_qvp', 'RUB'],
    ['qiwi_md', 'MDL'],
    ['city24', 'UAH'],
    ['mobilnik', 'KGS'],
  ] as const)('%s answers the canonical PAY in %s', (code, currency) => {
    const adapter = getAdapter(code)!;
    const req = pspRequest(QIWI_SAMPLES.pay.url);
    const parsed = adapter.parse(req, { id: 'w', parkId: 'p', psp: code, currency, settings: {}, credentials: {} });
    expect(parsed).toMatchObject({ ok: true, command: { kind: 'pay', amountMinor: 1045n } });
    const outcome = payAccepted({ prvTxn: '98765', pspTxnId: '1234567', amountMinor: 1045n, currency });
    expect(adapter.render(outcome, parsed.context, req).body).toBe(QIWI_SAMPLES.pay.answer);
  });

  it("admits QIWI's documented ranges for qiwi_qvp", () => {
    const qiwi = getAdapter('qiwi_qvp')!.defaultIpAllowList;
    expect(isIpAllowed('79.142.16.10', qiwi)).toBe(true);
    expect(isIpAllowed('91.232.231.1', qiwi)).toBe(true);
    expect(isIpAllowed('8.8.8.8', qiwi)).toBe(false);
  });

  it.each(['qiwi_md', 'city24', 'mobilnik'] as const)(
    '%s admits nobody until the park lists the PSP ranges',
    (code) => {
      const defaults = getAdapter(code)!.defaultIpAllowList;
      for (const ip of ['79.142.16.10', '127.0.0.1', '::1', '::ffff:10.0.0.1'])
        expect(isIpAllowed(ip, defaults)).toBe(false);
    },
  );
});
