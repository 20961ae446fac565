import type { Outcome, Refusal } from '../types';
import { renderPaystack } from './render';

const json = (status: number, result: string) => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ result }),
});

// Only `forbidden` changes with parsing: before it, the wallet or its address; after it, the driver.
it.each<[Refusal, number, number]>([
  ['unknown_link', 404, 404],
  ['too_large', 413, 413],
  ['bad_request', 400, 400],
  ['bad_account', 422, 422],
  ['not_found', 422, 422],
  ['bad_amount', 422, 422],
  ['amount_too_small', 422, 422],
  ['amount_too_large', 422, 422],
  ['forbidden', 403, 422],
  ['unauthorized', 401, 401],
  ['conflict', 409, 409],
  ['unknown_payment', 422, 422],
  ['not_cancellable', 422, 422],
  ['not_confirmable', 422, 422],
  ['temporary', 503, 503],
  ['error', 422, 422],
])('answers %s with %i before parsing and %i after, naming only the code', (reason, before, after) => {
  const refused = { kind: 'refused', reason, message: 'internal detail' } as const;
  expect(renderPaystack(refused, false)).toStrictEqual(json(before, reason));
  expect(renderPaystack(refused, true)).toStrictEqual(json(after, reason));
});

it('takes a refusal as made before parsing unless told otherwise', () => {
  expect(renderPaystack({ kind: 'refused', reason: 'forbidden', message: 'x' })).toStrictEqual(json(403, 'forbidden'));
});

it('answers what it has no code for as an error Paystack retries, never echoing it', () => {
  const unknownReason = { kind: 'refused', reason: 'no_such_reason', message: 'x' } as unknown as Outcome;
  expect(renderPaystack(unknownReason, true)).toStrictEqual(json(422, 'error'));
  expect(renderPaystack({ kind: 'check_ok', driverId: 'D1' })).toStrictEqual(json(422, 'error'));
});
