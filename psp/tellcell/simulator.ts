import { createHmac } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { PspSimulator, SimArgs, SimRequest } from '../simulator';
import { assertOperation } from '../simulator';

const xml = new XMLParser({ processEntities: false, parseTagValue: false });
const OPERATIONS = ['check', 'payment', 'status'] as const;
type Operation = (typeof OPERATIONS)[number];

/**
 * Telcell's side (README: Rules) with the default (assumed) parameter names; `extra` adds or overrides parameters.
 * Keys: `jwtSecret` signs an `Authorization: JWT` header (HS256, 5 minutes), as the SDK's jwtAuth expects.
 */
export const tellcellSimulator: PspSimulator = {
  code: 'tellcell',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    assertOperation('tellcell', operation, OPERATIONS);
    const headers: Record<string, string> = keys.jwtSecret
      ? { authorization: `JWT ${signJwt(keys.jwtSecret, args.date ?? new Date())}` }
      : {};
    return { method: 'GET', suffix: `?${query(operation, args)}`, headers };
  },
  read(operation, answer) {
    const response = (xml.parse(answer.body) as { response?: Record<string, string> }).response ?? {};
    const code = String(response.code ?? `http ${answer.status}`);
    // A status answer's success is "the order exists": 200 completed, or the wallet's code for another state.
    const ok = operation === 'status' ? typeof response.authcode === 'string' : code === '0';
    return { ok, code, prvTxn: response.authcode, parsed: response };
  },
};

function query(action: Operation, a: SimArgs): URLSearchParams {
  const params = new URLSearchParams({ action });
  if (action !== 'status') params.set('account', a.account);
  if (action === 'payment') params.set('amount', a.amount);
  if (action !== 'check') params.set('id', a.txnId);
  for (const [name, value] of Object.entries(a.extra)) params.set(name, value);
  return params;
}

export function signJwt(secret: string, at: Date, claims: Record<string, unknown> = {}): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(at.getTime() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: 'telcell', iat, exp: iat + 300, ...claims })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
