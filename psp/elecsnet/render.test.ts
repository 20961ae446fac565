import type { Refusal } from '../types';
import { renderElecsnet } from './render';

const parsed = { exposeDriverName: false, duplicateAnsCode: '01' } as const;
const refused = (reason: Refusal) => ({ kind: 'refused', reason, message: 'x' }) as const;

describe('renderElecsnet HTTP status', () => {
  it.each([
    ['unknown_link', undefined, 404],
    ['too_large', undefined, 413],
    ['forbidden', undefined, 403],
    ['unauthorized', undefined, 403],
    ['bad_request', undefined, 200],
    ['error', undefined, 200],
    ['forbidden', parsed, 200],
    ['unauthorized', parsed, 200],
    ['bad_request', parsed, 200],
  ] as const)('%s, context %j → %d', (reason, context, status) => {
    expect(renderElecsnet(refused(reason), context, undefined).status).toBe(status);
  });
});

describe('renderElecsnet answers', () => {
  it('an outcome Elecsnet has no answer for gets the contact-the-park error, as plain text', () => {
    expect(renderElecsnet({ kind: 'pong' }, parsed, undefined)).toStrictEqual({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'ans_code=62&ansid=Error._Contact_the_taxi_park&message=Error',
    });
  });
});
