import { XMLParser } from 'fast-xml-parser';
import type { PspSimulator, SimArgs, SimRequest } from '../simulator';
import { assertOperation } from '../simulator';

const xml = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: false });
const OPERATIONS = ['check', 'pay'] as const;

/**
 * TBC's side (README: Rules): GET with HTTP Basic. Keys: `username`, `password` (as the wallet's credentials).
 * `extra` adds or overrides query parameters.
 */
export const tbcSimulator: PspSimulator = {
  code: 'tbc',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    assertOperation('tbc', operation, OPERATIONS);
    const auth = Buffer.from(`${keys.username ?? ''}:${keys.password ?? ''}`, 'utf8').toString('base64');
    return { method: 'GET', suffix: `?${query(operation, args)}`, headers: { authorization: `Basic ${auth}` } };
  },
  read(_operation, answer) {
    const response = (xml.parse(answer.body) as { response?: Record<string, unknown> }).response ?? {};
    const code = typeof response.result === 'string' ? response.result : `http ${answer.status}`;
    return { ok: code === '0', code, parsed: response };
  },
};

function query(command: 'check' | 'pay', a: SimArgs): URLSearchParams {
  const params = new URLSearchParams({ command, account: a.account });
  if (command === 'pay') {
    params.set('txn_id', a.txnId);
    params.set('sum', a.amount);
  }
  for (const [name, value] of Object.entries(a.extra)) params.set(name, value);
  return params;
}
