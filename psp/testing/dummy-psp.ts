import { parseDecimalAmount } from '../../domain/money';
import type { PspCode } from '../../domain/psp-codes';
import { DENY_ALL_IPS } from '../ip-allow-list';
import { definePspManifest } from '../manifest';
import { assertOperation, type PspSimulator } from '../simulator';
import type { HttpAnswer, Outcome, PspAdapter } from '../types';

/**
 * A 13th PSP, shaped the way docs/adding-a-psp.md tells: GET `?op=check|pay&account=…&amount=…&id=…`, JSON answers
 * `{"code":0,"id":…}`. Tests add it to the list to prove a PSP needs nothing outside its folder and its line.
 */
// A real PSP adds its code to domain/psp-codes.ts; a test may not edit that list, so it names the code by cast.
export const DUMMY_CODE = 'dummy' as PspCode;
const OPERATIONS = ['check', 'pay'] as const;

const json = (body: object): HttpAnswer => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function render(outcome: Outcome): HttpAnswer {
  if (outcome.kind === 'check_ok') return json({ code: 0 });
  if (outcome.kind === 'pay_accepted') return json({ code: 0, id: outcome.payment.prvTxn });
  if (outcome.kind === 'refused') return json({ code: 1, reason: outcome.reason });
  return json({ code: 2 });
}

export const dummyAdapter: PspAdapter = {
  code: DUMMY_CODE,
  defaultIpAllowList: DENY_ALL_IPS,
  settingsProblem: (draft) => (draft.currency === 'RUB' ? undefined : 'the dummy PSP pays in RUB only'),
  verify: () => ({ ok: true }),
  parse(req, wallet) {
    const [op, account, id] = ['op', 'account', 'id'].map((name) => req.query.get(name) ?? '');
    if (op === 'check' && account) return { ok: true, command: { kind: 'check', account }, context: undefined };
    const amount = parseDecimalAmount(req.query.get('amount') ?? '', wallet.currency);
    if (op === 'pay' && account && id && amount.ok && amount.minor > 0n)
      return {
        ok: true,
        command: { kind: 'pay', pspTxnId: id, account, amountMinor: amount.minor },
        context: undefined,
      };
    return { ok: false, reason: 'bad_request', message: 'not a dummy call', context: undefined };
  },
  render: (outcome) => render(outcome),
};

export const dummySimulator: PspSimulator = {
  code: DUMMY_CODE,
  operations: OPERATIONS,
  build(operation, args) {
    assertOperation('dummy', operation, OPERATIONS);
    const query = new URLSearchParams({ op: operation, account: args.account, amount: args.amount, id: args.txnId });
    return { method: 'GET', suffix: `?${query}`, headers: {} };
  },
  read(_operation, answer) {
    const parsed = JSON.parse(answer.body) as { code?: number; id?: string };
    return { ok: parsed.code === 0, code: String(parsed.code), prvTxn: parsed.id, parsed };
  },
};

export const dummy = definePspManifest({
  code: DUMMY_CODE,
  adapter: dummyAdapter,
  simulator: dummySimulator,
  currencies: ['RUB'],
});
