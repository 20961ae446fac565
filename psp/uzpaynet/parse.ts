import type { ParseResult, PspRequest, WalletContext } from '../types';
import { toCommand } from './commands';
import { readEnvelope } from './envelope';
import { operationOf, readMessage, type Operation } from './messages';
import { DEFAULT_RULES, resolveWalletRules } from './wallet-rules';

/** What the answer needs from the request. */
export interface PaynetContext {
  /** Known once the Body names one of our operations: the answer is then that operation's `…Result`. */
  readonly operation?: Operation;
  readonly wsdl?: true;
  /** A Paynet status more precise than the refusal can say (414 bad date, 502 other serviceId). */
  readonly status?: number;
  readonly utcOffsetMinutes: number;
  readonly exposeDriverName: boolean;
  readonly onlyTransactionId?: boolean;
}

/** `?wsdl`, or `?WSDL` as .NET tooling asks. */
export const isWsdlRequest = (req: PspRequest): boolean =>
  req.method.toUpperCase() === 'GET' && [...req.query.keys()].some((key) => key.toLowerCase() === 'wsdl');

export function parsePaynet(req: PspRequest, wallet: WalletContext): ParseResult<PaynetContext> {
  const resolved = resolveWalletRules(wallet);
  const rules = resolved.ok ? resolved.rules : DEFAULT_RULES;
  const base: PaynetContext = { utcOffsetMinutes: rules.utcOffsetMinutes, exposeDriverName: rules.exposeDriverName };
  if (isWsdlRequest(req))
    return { ok: true, command: { kind: 'ignore', why: 'WSDL request' }, context: { ...base, wsdl: true } };
  if (req.method.toUpperCase() !== 'POST')
    return { ok: false, reason: 'bad_request', message: 'SOAP calls are POSTed', context: base };
  const envelope = readEnvelope(req.rawBody);
  if (!envelope.ok) return { ok: false, reason: 'bad_request', message: envelope.message, context: base };
  const operation = operationOf(envelope.element);
  if (!operation) return { ok: false, reason: 'bad_request', message: 'unknown operation', context: base };
  if (!soapActionFits(req.headers.soapaction, operation)) {
    return { ok: false, reason: 'bad_request', message: 'SOAPAction names another operation', context: base };
  }
  const context: PaynetContext = { ...base, operation };
  if (!resolved.ok) return { ok: false, reason: 'error', message: resolved.message, context };
  const message = readMessage(operation, envelope.body);
  if (!message.ok) return { ok: false, reason: 'bad_request', message: message.message, context };
  const command = toCommand(operation, message.message, rules);
  if (!command.ok)
    return {
      ok: false,
      reason: command.reason,
      message: command.message,
      context: { ...context, status: command.status },
    };
  const only = message.message.fields.onlyTransactionId;
  return {
    ok: true,
    command: command.value,
    context: only === undefined ? context : { ...context, onlyTransactionId: /^\s*(true|1)\s*$/.test(only) },
  };
}

/** An absent or empty SOAPAction is fine; one that names another operation is not (`urn:PerformTransaction`, …). */
function soapActionFits(header: string | undefined, operation: Operation): boolean {
  const action = (header ?? '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  return action === '' || action.split(/[:/#]/).pop() === operation;
}
