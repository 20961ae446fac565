import { formatLocal, parseLocal } from './dates';

const KYIV = 'Europe/Kyiv';

describe('parseLocal: EasySoft wall-clock time in Kyiv', () => {
  it.each([
    ['2000-01-01T00:00:00', '1999-12-31T22:00:00.000Z'],
    ['2017-01-15T10:00:00', '2017-01-15T08:00:00.000Z'],
    ['2017-12-15T10:00:00', '2017-12-15T08:00:00.000Z'],
    ['2017-10-16T23:59:59', '2017-10-16T20:59:59.000Z'],
    // Spring forward at 03:00 local: just before the switch is still winter time, just after is summer time.
    ['2017-03-26T01:30:00', '2017-03-25T23:30:00.000Z'],
    ['2017-03-26T04:30:00', '2017-03-26T01:30:00.000Z'],
  ])('%s is %s', (text, instant) => {
    expect(parseLocal(text, KYIV)?.toISOString()).toBe(instant);
  });

  it.each([
    ['a year before 2000', '1999-12-31T23:59:59'],
    ['month 00', '2017-00-15T10:00:00'],
    ['month 13', '2017-13-15T10:00:00'],
    ['hour 24', '2017-10-16T24:00:00'],
    ['minute 60', '2017-10-16T10:60:00'],
    ['second 60', '2017-10-16T10:00:60'],
    ['31 April', '2017-04-31T10:00:00'],
    ['29 February of a common year', '2017-02-29T10:00:00'],
  ])('%s is no date', (_label, text) => {
    expect(parseLocal(text, KYIV)).toBeUndefined();
  });
});

describe('formatLocal', () => {
  it('renders the Kyiv wall clock', () => {
    expect(formatLocal(new Date('2017-10-16T12:12:33Z'), KYIV)).toBe('2017-10-16T15:12:33');
  });

  it('renders a date it cannot shift as empty, never as other text', () => {
    expect(formatLocal(new Date(Number.NaN), KYIV)).toBe('');
    expect(formatLocal(new Date(8.64e15), KYIV)).toBe('');
  });
});
