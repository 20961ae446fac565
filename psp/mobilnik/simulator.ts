import { createHmac } from 'node:crypto';
import { osmpSimulator } from '../osmp/simulator';
import type { PspSimulator, SimArgs, SimKeys, SimRequest } from '../simulator';
import { UnknownOperationError } from '../simulator';
import { MOBILNIK_AUDIENCE } from './jwt';
import { mobilnikTerminalAdapter } from './terminal';

const terminal = osmpSimulator(mobilnikTerminalAdapter.config);
// `check`, `pay` and `pay-post` stay as the OSMP family's names for the terminal channel.
const OPERATIONS = [
  'terminal-check',
  'terminal-pay',
  'terminal-pay-post',
  'web-postback',
  ...terminal.operations,
] as const;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Mobilnik's side of both channels. `web-postback` signs the acquiring postback with the `sellerSecret` key, the
 * driver in sellerData.driverId and the txn id as response.orderId. `--set` bends it: aud, alg (`none` leaves it
 * unsigned), expiresIn (seconds, negative for expired), sellerDataKey, test=true, totalSum (raw JSON), body (raw).
 */
export const mobilnikSimulator: PspSimulator = {
  code: 'mobilnik',
  operations: OPERATIONS,
  build(operation, args, keys): SimRequest {
    if (operation === 'web-postback') {
      return {
        method: 'POST',
        suffix: '',
        headers: { 'content-type': 'text/plain' },
        body: args.extra.body ?? postbackJwt(args, keys),
      };
    }
    const osmpOperation = operation.replace(/^terminal-/, '');
    if (terminal.operations.includes(osmpOperation)) return terminal.build(osmpOperation, args, keys);
    throw new UnknownOperationError('mobilnik', operation, OPERATIONS);
  },
  read(operation, answer, keys) {
    if (operation !== 'web-postback') return terminal.read(operation.replace(/^terminal-/, ''), answer, keys);
    // Success is HTTP 200 with the order id as the whole body; refusals carry a sentence.
    const ok = answer.status === 200 && /^[\w.:-]+$/.test(answer.body);
    return { ok, code: ok ? 'accepted' : `http ${answer.status}`, parsed: answer.body };
  },
};

function postbackJwt(args: SimArgs, keys: SimKeys): string {
  const { aud = MOBILNIK_AUDIENCE, alg = 'HS256', expiresIn = '3600', sellerDataKey = 'driverId' } = args.extra;
  const iat = Math.floor((args.date ?? new Date()).getTime() / 1000);
  const totalSum =
    args.extra.totalSum ?? (/^\d+(\.\d+)?$/.test(args.amount) ? args.amount : JSON.stringify(args.amount));
  const request =
    `{"currencyCode":${JSON.stringify(args.currency ?? 'KGS')},"totalSum":${totalSum},"description":"Top-up",` +
    `"sellerData":${JSON.stringify({ [sellerDataKey]: args.account })},"products":[{"name":"Top-up","price":${JSON.stringify(args.amount)}}]` +
    `${args.extra.test === 'true' ? ',"test":true' : ''}}`;
  const claims =
    `{"iss":${JSON.stringify(keys.sellerId ?? 'seller-1')},"aud":${JSON.stringify(aud)},"typ":"acquiring.mobilnik.kg/api/v1",` +
    `"iat":${iat},"exp":${iat + Number(expiresIn)},"request":${request},"response":{"orderId":${JSON.stringify(args.txnId)}}}`;
  const signingInput = `${b64url({ alg, typ: 'JWT' })}.${Buffer.from(claims).toString('base64url')}`;
  const signature =
    alg === 'none'
      ? ''
      : createHmac('sha256', keys.sellerSecret ?? '')
          .update(signingInput)
          .digest('base64url');
  return `${signingInput}.${signature}`;
}
