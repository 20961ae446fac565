import type { Refusal } from '../types';
import { renderTbc } from './render';

const parsed = { exposeDriverName: false, duplicateResult: 0 } as const;

describe('renderTbc HTTP status', () => {
  it.each([
    ['unknown_link', undefined, 404],
    ['too_large', undefined, 413],
    ['unauthorized', undefined, 401],
    ['unauthorized', parsed, 401],
    ['forbidden', undefined, 403],
    ['forbidden', parsed, 200],
    ['bad_request', undefined, 200],
    ['error', undefined, 200],
  ] as const)('%s, context %j → %d', (reason: Refusal, context, status) => {
    expect(renderTbc({ kind: 'refused', reason, message: 'x' }, context).status).toBe(status);
  });
});
