import { renderPaystack } from './paystack/render';
import { renderQiwi } from './qiwi/render';
import type { PspRequest } from './types';

// A bill paid for a driver who may not be paid is held for ops: the PSP has the money whatever we answer, so the
// answer acknowledges the notification (each protocol repeats anything else for a day or more, to no end).
const request = (headers: Record<string, string> = {}): PspRequest => ({
  method: 'POST',
  url: '/psp/x/secret',
  query: new URLSearchParams(),
  headers,
  rawBody: Buffer.from(''),
  clientIp: '127.0.0.1',
});

it('QIWI: result_code 0 in its XML envelope, however the notification was signed', () => {
  for (const req of [request(), request({ 'x-api-signature': 'sig' })]) {
    expect(renderQiwi({ kind: 'held' }, req, true)).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: '<?xml version="1.0"?><result><result_code>0</result_code></result>',
    });
  }
});

it('Paystack: 200 with `held`, told apart from accepted and ignored in the delivery log', () => {
  expect(renderPaystack({ kind: 'held' }, true)).toEqual({
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: '{"result":"held"}',
  });
});
