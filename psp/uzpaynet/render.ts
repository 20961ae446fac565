import type { HttpAnswer, Outcome, PaymentView, PspRequest, Refusal, WalletContext } from '../types';
import { element } from '../shared/xml';
import { answer, fault, HEADERS } from './soap-envelope';
import { formatXsDateTime } from './datetime';
import { readEnvelope } from './envelope';
import { operationOf, type Operation } from './messages';
import type { PaynetContext } from './parse';
import { messageOf, REFUSAL_STATUS, STATUS } from './statuses';
import { PAYNET_NS, PAYNET_WSDL } from './wsdl';
import { DEFAULT_RULES, resolveWalletRules } from './wallet-rules';

/**
 * Every answer to a readable call is its operation's `…Result` at HTTP 200, errors included, as Paynet expects.
 * Only a call whose operation cannot be told (malformed XML, unknown element, oversized body, wrong method) gets a
 * SOAP Fault; its HTTP status is 4xx (WS-I BP R1113 for malformed requests), never SOAP 1.1's 500.
 */
export function renderPaynet(
  outcome: Outcome,
  context: PaynetContext | undefined,
  req: PspRequest,
  wallet: WalletContext | undefined,
  now: Date,
): HttpAnswer {
  const ctx = context ?? contextOf(req, wallet);
  if (ctx.wsdl && outcome.kind === 'ignored') return { status: 200, headers: HEADERS, body: PAYNET_WSDL };
  if (!ctx.operation) return fault(outcome.kind === 'refused' ? outcome.reason : 'error');
  const op = ctx.operation;
  const stamp = (at: Date) => formatXsDateTime(at, ctx.utcOffsetMinutes);
  const result = (status: number, extra: string, at = now) =>
    `<ns2:${op}Result xmlns:ns2="${PAYNET_NS}">${element('errorMsg', messageOf(status))}${element('status', String(status))}` +
    `${element('timeStamp', stamp(at))}${extra}</ns2:${op}Result>`;

  const success = successOf(op, outcome, ctx, stamp);
  if (success) return answer(200, result(success.status, success.fields, success.at));
  const status =
    outcome.kind === 'refused' ? refusalStatus(outcome.reason, ctx, context !== undefined) : STATUS.systemError;
  const http = outcome.kind === 'refused' && outcome.reason === 'unknown_link' ? 404 : 200;
  return answer(http, result(status, REQUIRED_ON_ERROR[op](status)));
}

type Success = { status: number; fields: string; at?: Date };

/** The outcomes each operation can succeed with; any other pairing is our bug, answered as a system error. */
function successOf(
  op: Operation,
  outcome: Outcome,
  ctx: PaynetContext,
  stamp: (at: Date) => string,
): Success | undefined {
  if (op === 'GetInformation' && outcome.kind === 'check_ok') {
    const name = ctx.exposeDriverName ? outcome.displayName : undefined;
    return { status: STATUS.ok, fields: name ? param('name', name) : '' };
  }
  if (op === 'PerformTransaction' && outcome.kind === 'pay_accepted') {
    // Paynet's duplicate convention: 201 with the original providerTrnId, then CheckTransaction for the state.
    const { payment, repeat } = outcome;
    return {
      status: repeat ? STATUS.alreadyExists : STATUS.ok,
      fields: element('providerTrnId', payment.prvTxn),
      at: payment.createdAt,
    };
  }
  if (op === 'CheckTransaction' && outcome.kind === 'status') {
    return {
      status: STATUS.ok,
      fields: element('providerTrnId', outcome.payment.prvTxn) + transactionState(outcome.payment),
    };
  }
  if (op === 'CancelTransaction' && outcome.kind === 'cancelled') {
    return { status: outcome.repeat ? STATUS.alreadyCancelled : STATUS.ok, fields: element('transactionState', '2') };
  }
  if (op === 'GetStatement' && outcome.kind === 'statement') {
    const performed = outcome.payments.filter((p) => p.state === 'processed' && !p.cancelledAt);
    return {
      status: STATUS.ok,
      fields: performed.map((p) => statement(p, stamp, ctx.onlyTransactionId ?? false)).join(''),
    };
  }
  return undefined;
}

/** Fields the schema requires even in an error answer. */
const REQUIRED_ON_ERROR: Readonly<Record<Operation, (status: number) => string>> = {
  GetInformation: () => '',
  PerformTransaction: () => element('providerTrnId', '0'),
  CheckTransaction: (status) =>
    element('providerTrnId', '0') +
    element('transactionState', '0') +
    element('transactionStateErrorStatus', '1') +
    element('transactionStateErrorMsg', messageOf(status)),
  CancelTransaction: () => element('transactionState', '0'),
  GetStatement: () => '',
};

function refusalStatus(reason: Refusal, ctx: PaynetContext, parsed: boolean): number {
  if (ctx.status !== undefined) return ctx.status;
  // After parsing, `forbidden` is the gateway's verdict on the driver (not active): to Paynet, no such client.
  return parsed && reason === 'forbidden' ? STATUS.clientNotFound : (REFUSAL_STATUS[reason] ?? STATUS.systemError);
}

/** 1 performed, 2 cancelled (or never credited: Paynet must not count it as paid). */
function transactionState(p: PaymentView): string {
  const performed = !p.cancelledAt && p.state !== 'rejected';
  return (
    element('transactionState', performed ? '1' : '2') +
    element('transactionStateErrorStatus', performed ? '0' : '1') +
    element(
      'transactionStateErrorMsg',
      performed ? 'Success' : p.cancelledAt ? 'Transaction cancelled' : 'Transaction not performed',
    )
  );
}

function statement(p: PaymentView, stamp: (at: Date) => string, onlyTransactionId: boolean): string {
  const id = element('transactionId', p.pspTxnId);
  if (onlyTransactionId) return `<statements>${id}</statements>`;
  const fields =
    element('amount', p.amountMinor.toString()) +
    element('providerTrnId', p.prvTxn) +
    id +
    element('transactionTime', stamp(p.pspPaidAt ?? p.createdAt));
  return `<statements>${fields}</statements>`;
}

const param = (key: string, value: string) =>
  `<parameters>${element('paramKey', key)}${element('paramValue', value)}</parameters>`;

/** Refused before parsing (link, IP, credentials): the operation is still read, so the answer is its Result. */
function contextOf(req: PspRequest, wallet: WalletContext | undefined): PaynetContext {
  const resolved = wallet ? resolveWalletRules(wallet) : undefined;
  const rules = resolved?.ok ? resolved.rules : DEFAULT_RULES;
  const envelope = readEnvelope(req.rawBody);
  const operation = envelope.ok ? operationOf(envelope.element) : undefined;
  return { utcOffsetMinutes: rules.utcOffsetMinutes, exposeDriverName: false, ...(operation && { operation }) };
}
