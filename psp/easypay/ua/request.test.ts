import { readUaRequest } from './request';

const CHECK =
  '<Request><DateTime>2017-10-01T11:11:11</DateTime><Sign>AB</Sign><Check><ServiceId>1234</ServiceId><Account>987654321</Account></Check></Request>';
const read = (text: string) => readUaRequest(Buffer.from(text, 'utf8'));

describe('readUaRequest: the structure codes EasySoft reads, and the message ops read', () => {
  it.each([
    ['a body of blanks', '  \r\n\t', -51, 'empty request'],
    ['unclosed XML', '<Request>', -52, 'request is not well-formed XML'],
    ['another root', '<Other/>', -52, 'expected exactly one Request element'],
    ['a second root after the Request', `${CHECK}<Other/>`, -52, 'expected exactly one Request element'],
    ['a second, empty Request', `${CHECK}<Request/>`, -52, 'expected exactly one Request element'],
    ['a Request of text only', '<Request>x</Request>', -52, 'expected exactly one Request element'],
    ['two operations', CHECK.replace('<Check>', '<Cancel/><Check>'), -53, 'more than one operation'],
    [
      'the same operation twice',
      CHECK.replace('<Check>', '<Check><ServiceId>1</ServiceId></Check><Check>'),
      -53,
      'more than one operation',
    ],
    ['no operation', '<Request><DateTime>x</DateTime><Sign>AB</Sign></Request>', -55, 'no operation element'],
    [
      'an empty operation',
      '<Request><DateTime>x</DateTime><Sign>AB</Sign><Check/></Request>',
      -57,
      'Check has no elements',
    ],
    [
      'an operation of text',
      '<Request><Sign>AB</Sign><Confirm>1234</Confirm></Request>',
      -57,
      'Confirm has no elements',
    ],
    [
      'a repeated ServiceId',
      CHECK.replace('</ServiceId>', '</ServiceId><ServiceId>1</ServiceId>'),
      -56,
      'ServiceId given more than once or not as text',
    ],
    [
      'an Account with elements',
      CHECK.replace('987654321', '<b>1</b>'),
      -56,
      'Account given more than once or not as text',
    ],
    [
      'a repeated DateTime',
      CHECK.replace('<Sign>', '<DateTime>x</DateTime><Sign>'),
      -56,
      'DateTime or Sign given more than once or not as text',
    ],
    [
      'a Sign with elements',
      CHECK.replace('<Sign>AB</Sign>', '<Sign><b>AB</b></Sign>'),
      -56,
      'DateTime or Sign given more than once or not as text',
    ],
  ])('%s → %i, "%s"', (_label, text, code, message) => {
    expect(read(text)).toStrictEqual({ ok: false, code, message });
  });

  it('keeps only the elements that are there: an absent field is no key at all', () => {
    expect(read(CHECK)).toStrictEqual({
      ok: true,
      request: {
        operation: 'Check',
        dateTime: '2017-10-01T11:11:11',
        sign: 'AB',
        fields: { ServiceId: '1234', Account: '987654321' },
      },
    });
  });

  it('drops a leading byte order mark, and only that one: a BOM inside a value is part of the value', () => {
    expect(read(`\uFEFF${CHECK}`)).toMatchObject({ ok: true, request: { fields: { Account: '987654321' } } });
    expect(read(CHECK.replace('987654321', '9876\uFEFF54321'))).toMatchObject({
      ok: true,
      request: { fields: { Account: '9876\uFEFF54321' } },
    });
  });
});
