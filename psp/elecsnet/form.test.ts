import { readElecsnetForm } from './form';

const read = (text: string) => readElecsnetForm(Buffer.from(text, 'latin1'));

describe('readElecsnetForm', () => {
  it.each([
    ['a name without = is a name with an empty value', 'type=1&flag', { type: '1', flag: '' }],
    ['an empty name before = is kept as the empty name', '=7&type=1', { '': '7', type: '1' }],
    ['only the first = splits; values stay literal', 'reqid=a=b%20c', { reqid: 'a=b%20c' }],
    ['a name repeated with the same value is not ambiguous', 'TYPE=1&type=1', { type: '1' }],
  ])('%s', (_rule, text, values) => {
    expect(read(text)).toStrictEqual({ values: new Map(Object.entries(values)), ambiguous: [] });
  });

  it('drops and names every field repeated with different values', () => {
    expect(read('type=1&reqid=1&REQID=2&amount=5&amount=6&amount=5')).toStrictEqual({
      values: new Map([['type', '1']]),
      ambiguous: ['reqid', 'amount'],
    });
  });
});
