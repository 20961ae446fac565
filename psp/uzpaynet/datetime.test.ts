import { formatXsDateTime, parseXsDateTime } from './datetime';

const TASHKENT = 5 * 60;
const iso = (text: string) => parseXsDateTime(text, TASHKENT)?.toISOString();

describe('parseXsDateTime', () => {
  it.each([
    ['padded with whitespace', ' 2024-03-25T14:05:09+05:00\n', '2024-03-25T09:05:09.000Z'],
    ['a tenth of a second', '2024-03-25T14:05:09.1+05:00', '2024-03-25T09:05:09.100Z'],
    ['hundredths', '2024-03-25T14:05:09.12+05:00', '2024-03-25T09:05:09.120Z'],
    ['digits beyond milliseconds, cut', '2024-03-25T14:05:09.123999Z', '2024-03-25T14:05:09.123Z'],
    ['UTC', '2024-03-25T14:05:09Z', '2024-03-25T14:05:09.000Z'],
    ['no zone, read in the wallet offset', '2024-03-25T14:05:09', '2024-03-25T09:05:09.000Z'],
    ['a negative offset', '2024-03-25T14:05:09-03:00', '2024-03-25T17:05:09.000Z'],
    ['an offset with minutes', '2024-03-25T14:05:09+05:30', '2024-03-25T08:35:09.000Z'],
    ['a negative offset with minutes', '2024-03-25T14:05:09-09:30', '2024-03-25T23:35:09.000Z'],
    ['59 minutes of offset', '2024-03-25T14:05:09+05:59', '2024-03-25T08:06:09.000Z'],
    ['the largest offset, +14:00', '2024-03-25T14:05:09+14:00', '2024-03-25T00:05:09.000Z'],
    ['the largest offset, -14:00', '2024-03-25T14:05:09-14:00', '2024-03-26T04:05:09.000Z'],
    ['the last second of a year', '2024-12-31T23:59:59.999Z', '2024-12-31T23:59:59.999Z'],
    ['the year 2000', '2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
  ])('reads %s', (_, text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['a year before 2000', '1999-12-31T23:59:59Z'],
    ['month 00', '2024-00-10T14:05:09Z'],
    ['month 13', '2024-13-10T14:05:09Z'],
    ['minute 60', '2024-03-25T14:60:09Z'],
    ['second 60', '2024-03-25T14:05:60Z'],
    ['31 April', '2024-04-31T14:05:09Z'],
    ['an offset of 15 hours', '2024-03-25T14:05:09+15:00'],
    ['an offset past 14 hours by a minute', '2024-03-25T14:05:09+14:01'],
    ['an offset past 14 hours by a minute, west', '2024-03-25T14:05:09-14:01'],
    ['offset minutes of 60', '2024-03-25T14:05:09+00:60'],
    ['no time', '2024-03-25'],
  ])('refuses %s', (_, text) => {
    expect(parseXsDateTime(text, TASHKENT)).toBeUndefined();
  });
});

describe('formatXsDateTime', () => {
  const at = new Date('2024-03-25T09:05:09.120Z');

  it.each([
    ['Tashkent', TASHKENT, '2024-03-25T14:05:09.120+05:00'],
    ['UTC, with a plus sign', 0, '2024-03-25T09:05:09.120+00:00'],
    ['a negative offset with minutes', -(3 * 60 + 30), '2024-03-25T05:35:09.120-03:30'],
  ])('writes %s', (_, offset, expected) => {
    expect(formatXsDateTime(at, offset)).toBe(expected);
  });
});
