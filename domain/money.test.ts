import { currencyExponent, formatMinor, isSupportedCurrency, parseDecimalAmount } from './money';

describe('parseDecimalAmount', () => {
  it.each([
    ['10.45', 1045n],
    ['10', 1000n],
    ['10.4', 1040n],
    ['0.01', 1n],
    ['10.450000', 1045n],
    ['0', 0n],
    ['0.00', 0n],
    ['-0', 0n],
    ['-0.00', 0n],
    ['999999999999999.99', 99999999999999999n],
  ])('reads %s exactly as %p minor units', (text, minor) => {
    expect(parseDecimalAmount(text, 'RUB')).toEqual({ ok: true, minor });
  });

  it.each(['', '.5', '10.', '+10', '1e3', ' 10', '10 ', '10,45', '1 000', 'abc', '1000000000000000', '--1', '10.4.5'])(
    'refuses %p as a format error',
    (text) => {
      expect(parseDecimalAmount(text, 'RUB')).toEqual({ ok: false, reason: 'format' });
    },
  );

  it('refuses a third significant decimal as a precision error, but not trailing zeros', () => {
    expect(parseDecimalAmount('10.451', 'RUB')).toEqual({ ok: false, reason: 'precision' });
    expect(parseDecimalAmount('10.001', 'RUB')).toEqual({ ok: false, reason: 'precision' });
    expect(parseDecimalAmount('10.100', 'RUB')).toEqual({ ok: true, minor: 1010n });
  });

  it('refuses a negative amount, whatever its size', () => {
    expect(parseDecimalAmount('-0.01', 'RUB')).toEqual({ ok: false, reason: 'negative' });
    expect(parseDecimalAmount('-5', 'RUB')).toEqual({ ok: false, reason: 'negative' });
  });

  it('throws on a currency it has no exponent for', () => {
    expect(() => parseDecimalAmount('1', 'XXX')).toThrow(new RangeError('unsupported currency XXX'));
  });
});

describe('formatMinor', () => {
  it.each([
    [1045n, '10.45'],
    [1n, '0.01'],
    [10n, '0.10'],
    [0n, '0.00'],
    [100n, '1.00'],
    [-1045n, '-10.45'],
    [-5n, '-0.05'],
    [99999999999999999n, '999999999999999.99'],
  ])('writes %p as %s', (minor, text) => {
    expect(formatMinor(minor, 'UAH')).toBe(text);
  });

  it('round-trips with parseDecimalAmount', () => {
    for (const minor of [0n, 7n, 1045n, 123456789n]) {
      expect(parseDecimalAmount(formatMinor(minor, 'KZT'), 'KZT')).toEqual({ ok: true, minor });
    }
  });
});

describe('currencies', () => {
  it('knows every currency the PSPs use, each with two decimals', () => {
    const codes = ['RUB', 'UAH', 'KZT', 'UZS', 'GEL', 'AMD', 'KGS', 'MDL', 'NGN', 'GHS', 'KES', 'ZAR', 'USD', 'EUR'];
    for (const code of codes) {
      expect(isSupportedCurrency(code)).toBe(true);
      expect(currencyExponent(code)).toBe(2);
    }
  });

  it('refuses one it does not know, and names it', () => {
    expect(isSupportedCurrency('XXX')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
    expect(() => currencyExponent('constructor')).toThrow('unsupported currency constructor');
    expect(() => currencyExponent('JPY')).toThrow('unsupported currency JPY');
  });
});
