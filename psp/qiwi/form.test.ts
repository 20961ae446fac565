import { pspRequest } from '../osmp/fixtures/http';
import { notificationParams, signedText } from './form';

const FORM = 'application/x-www-form-urlencoded';

it('reads the body of a form POST only, whatever the case of method and media type', () => {
  const body = 'command=bill&bill_id=B-1';
  expect(
    notificationParams(
      pspRequest('/q', { method: 'post', body, contentType: `Application/X-WWW-Form-Urlencoded; charset=utf-8` }),
    ),
  ).toEqual([
    ['command', 'bill'],
    ['bill_id', 'B-1'],
  ]);
  expect(notificationParams(pspRequest('/q', { method: 'GET', body, contentType: FORM }))).toEqual([]);
  expect(notificationParams(pspRequest('/q', { method: 'PUT', body, contentType: FORM }))).toEqual([]);
});

it('signs the values of one name in the order received: the sort by name is stable', () => {
  expect(
    signedText([
      ['extra', '2'],
      ['amount', '1.00'],
      ['extra', '1'],
      ['extra', '3'],
    ]),
  ).toBe('1.00|2|1|3');
});
