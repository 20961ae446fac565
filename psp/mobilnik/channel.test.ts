import { pspRequest } from '../osmp/fixtures/http';
import { channelOfRequest } from './channel';

describe('channelOfRequest: the envelope of an answer before the link resolves', () => {
  it.each([
    ['a bare GET', pspRequest('/psp/mobilnik/x'), 'terminal'],
    ['a bare lower-case get', pspRequest('/psp/mobilnik/x', { method: 'get' }), 'terminal'],
    [
      'a POST with a query',
      pspRequest('/psp/mobilnik/x?command=check', { method: 'POST', contentType: 'text/plain' }),
      'terminal',
    ],
    [
      'a POST of a form',
      pspRequest('/psp/mobilnik/x', {
        method: 'POST',
        contentType: 'Application/X-WWW-Form-Urlencoded; charset=utf-8',
      }),
      'terminal',
    ],
    ['a POST of a bare JWT', pspRequest('/psp/mobilnik/x', { method: 'POST', contentType: 'text/plain' }), 'web'],
    ['a POST without a content type', pspRequest('/psp/mobilnik/x', { method: 'POST' }), 'web'],
  ] as const)('%s → %s', (_name, req, channel) => {
    expect(channelOfRequest(req)).toBe(channel);
  });
});
