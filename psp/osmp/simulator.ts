import { XMLParser } from 'fast-xml-parser';
import type { PspSimulator, SimArgs, SimRequest } from '../simulator';
import { UnknownOperationError } from '../simulator';
import type { OsmpConfig } from './config';

const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const OPERATIONS = ['check', 'pay', 'pay-post', 'get-info'] as const;

/** `YYYYMMDDHHMMSS` in the PSP's local time. */
function osmpDate(date: Date, offsetMinutes: number): string {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * QIWI's side of the OSMP convention; `pay-post` sends the same PAY as a form POST, `get-info` the newer docs'
 * `command=getInfo`. Wire names follow the config.
 */
export function osmpSimulator(config: OsmpConfig): PspSimulator {
  const names = config.paramNames;
  const params = (command: 'check' | 'pay' | 'getInfo', a: SimArgs) => {
    const p = new URLSearchParams({
      [names.command]: command,
      [names.txn_id]: a.txnId,
      [names.account]: a.account,
      [names.sum]: a.amount,
    });
    if (command === 'pay') p.set(names.txn_date, osmpDate(a.date ?? new Date(), config.txnDateUtcOffsetMinutes));
    for (const [k, v] of Object.entries(a.extra)) p.set(k, v);
    return p;
  };
  return {
    code: config.code,
    operations: OPERATIONS,
    build(operation, args): SimRequest {
      if (operation === 'check' || operation === 'pay')
        return { method: 'GET', suffix: `?${params(operation, args)}`, headers: {} };
      if (operation === 'get-info') return { method: 'GET', suffix: `?${params('getInfo', args)}`, headers: {} };
      if (operation === 'pay-post') {
        return {
          method: 'POST',
          suffix: '',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: params('pay', args).toString(),
        };
      }
      throw new UnknownOperationError(config.code, operation, OPERATIONS);
    },
    read(_operation, answer) {
      const response = (xml.parse(answer.body) as { response?: Record<string, string> }).response ?? {};
      const code = String(response.result ?? `http ${answer.status}`);
      return { ok: code === '0', code, prvTxn: response.prv_txn, parsed: response };
    },
  };
}
