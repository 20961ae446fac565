import { postForm } from '../osmp/fixtures/http';
import type { Outcome, PspRequest, Refusal } from '../types';
import { renderQiwi } from './render';

const unsigned = postForm('/psp/qiwi/***', 'command=bill');
const signed: PspRequest = { ...unsigned, headers: { ...unsigned.headers, 'x-api-signature': 'c2lnbmVk' } };
const xml = (status: number, code: number) => ({
  status,
  headers: { 'Content-Type': 'text/xml; charset=utf-8' },
  body: `<?xml version="1.0"?><result><result_code>${code}</result_code></result>`,
});

// Only `forbidden` changes with parsing: before it, the wallet or its address (auth error); after it, the driver.
it.each<[Refusal, number, number, number]>([
  ['unknown_link', 404, 150, 150],
  ['too_large', 413, 5, 5],
  ['bad_request', 200, 5, 5],
  ['bad_account', 200, 5, 5],
  ['not_found', 200, 5, 5],
  ['bad_amount', 200, 5, 5],
  ['amount_too_small', 200, 5, 5],
  ['amount_too_large', 200, 5, 5],
  ['forbidden', 200, 150, 300],
  ['unauthorized', 200, 150, 150],
  ['conflict', 200, 5, 5],
  ['unknown_payment', 200, 5, 5],
  ['not_cancellable', 200, 300, 300],
  ['not_confirmable', 200, 300, 300],
  ['temporary', 200, 13, 13],
  ['error', 200, 300, 300],
])('answers %s with HTTP %i and result_code %i before parsing, %i after', (reason, status, before, after) => {
  const refused = { kind: 'refused', reason, message: 'internal detail' } as const;
  expect(renderQiwi(refused, unsigned, false)).toStrictEqual(xml(status, before));
  expect(renderQiwi(refused, unsigned, true)).toStrictEqual(xml(status, after));
});

it('answers a signed notification it cannot authenticate with 151, bad signature', () => {
  expect(renderQiwi({ kind: 'refused', reason: 'unauthorized', message: 'x' }, signed)).toStrictEqual(xml(200, 151));
});

it('takes a refusal as made before parsing unless told otherwise', () => {
  expect(renderQiwi({ kind: 'refused', reason: 'forbidden', message: 'x' }, unsigned)).toStrictEqual(xml(200, 150));
});

it('answers what it has no code for as a technical error QIWI retries', () => {
  const unknownReason = { kind: 'refused', reason: 'no_such_reason', message: 'x' } as unknown as Outcome;
  expect(renderQiwi(unknownReason, unsigned, true)).toStrictEqual(xml(200, 300));
  expect(renderQiwi({ kind: 'check_ok', driverId: 'D1' }, unsigned)).toStrictEqual(xml(200, 300));
});
