import { checkoutReference, invoiceIdOfReference } from './invoice';

// A later Paystack checkout's reference names its invoice: the lookup strips exactly the `.<n>` we add, nothing else.
const id = '0b6f3c1e-8d2a-4f4b-9c55-2f6f1a7d9e10';

it('a checkout reference is the invoice id and its number, and leads back to the id', () => {
  expect(checkoutReference(id, 1)).toBe(`${id}.1`);
  expect(invoiceIdOfReference(checkoutReference(id, 12))).toBe(id);
  expect(invoiceIdOfReference(id)).toBe(id);
});

it('only a trailing `.<digits>` is a checkout number: other references stay as they are', () => {
  for (const reference of ['TOPUP-2024-000123', 'a.b', `${id}.`, `${id}.1x`, `${id}.1.x`])
    expect(invoiceIdOfReference(reference)).toBe(reference);
});
