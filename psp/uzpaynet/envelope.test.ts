import { decodeText, hasStrayText, only, readEnvelope } from './envelope';

const envelope = (body: string) =>
  Buffer.from(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`);

describe('readEnvelope', () => {
  it('reads a body that starts with a UTF-8 byte order mark, as some SOAP stacks write one', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), envelope('<Ping/>')]);
    expect(readEnvelope(bom)).toStrictEqual({ ok: true, element: 'Ping', body: {} });
  });

  it('reads an empty element in the Body as one with no fields', () => {
    expect(readEnvelope(envelope('<Ping></Ping>'))).toStrictEqual({ ok: true, element: 'Ping', body: {} });
  });

  // The message is what ops read in the log of a refused call.
  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), 'body is not UTF-8'],
    [
      'a DOCTYPE',
      Buffer.from('<!DOCTYPE x [<!ENTITY e "1">]><x>&e;</x>'),
      'DTD declarations and CDATA are not accepted',
    ],
    ['CDATA', envelope('<Ping><![CDATA[x]]></Ping>'), 'DTD declarations and CDATA are not accepted'],
    ['an empty body', Buffer.from(''), 'body is not well-formed XML'],
    ['an unclosed envelope', Buffer.from('<Envelope><Body><Ping/>'), 'body is not well-formed XML'],
    ['a mismatched closing tag', envelope('<Ping></Pong>'), 'body is not well-formed XML'],
    ['a document that is no envelope', Buffer.from('<Ping/>'), 'expected one element in a SOAP Envelope Body'],
    [
      'an envelope without a Body',
      Buffer.from('<Envelope><Header/></Envelope>'),
      'expected one element in a SOAP Envelope Body',
    ],
    ['an empty Body', envelope(''), 'expected one element in a SOAP Envelope Body'],
    ['two elements in the Body', envelope('<Ping/><Pong/>'), 'expected one element in a SOAP Envelope Body'],
    ['one element name twice in the Body', envelope('<Ping/><Ping/>'), 'expected one element in a SOAP Envelope Body'],
    ['text as the Body element', envelope('<Ping>x</Ping>'), 'expected one element in a SOAP Envelope Body'],
  ])('refuses %s', (_, raw, message) => {
    expect(readEnvelope(raw)).toStrictEqual({ ok: false, message });
  });
});

describe('only', () => {
  it.each([
    ['an element with children', { a: [{ b: ['1'] }] }, { b: ['1'] }],
    ['an empty element', { a: [''] }, {}],
    ['a text leaf', { a: ['x'] }, undefined],
    ['a repeated element', { a: [{}, {}] }, undefined],
    ['a repeated empty element', { a: ['', ''] }, undefined],
    ['an absent element', { b: [''] }, undefined],
  ])('of %s', (_, parent, expected) => {
    expect(only(parent, 'a')).toStrictEqual(expected);
  });
});

describe('hasStrayText', () => {
  const body = (inner: string) => {
    const read = readEnvelope(envelope(`<Pay>${inner}</Pay>`));
    if (!read.ok) throw new Error(read.message);
    return read.body;
  };

  it('sees text between the fields', () => {
    expect(hasStrayText(body('stray<a/>'))).toBe(true);
  });

  it('ignores whitespace between the fields and a body of fields only', () => {
    expect(hasStrayText(body('\n  <a/>\n'))).toBe(false);
    expect(hasStrayText(body('<a/>'))).toBe(false);
  });
});

describe('decodeText', () => {
  it.each([
    ['the five predefined entities', '&lt;&gt;&amp;&quot;&apos;', `<>&"'`],
    ['a decimal character reference', '&#65;&#1048;', 'AИ'],
    ['a hex character reference, either case', '&#x41;&#x418;&#x6a;', 'AИj'],
    ['the last character before the surrogates', '&#xD7FF;', '\uD7FF'],
    ['the first character after the surrogates', '&#xE000;', '\uE000'],
    ['the last code point', '&#x10FFFF;', '\u{10FFFF}'],
    ['the last code point in decimal', '&#1114111;', '\u{10FFFF}'],
  ])('decodes %s', (_, text, expected) => {
    expect(decodeText(`a ${text} b`)).toBe(`a ${expected} b`);
  });

  it.each([
    ['an undeclared entity', '&nbsp;'],
    ['a bare ampersand', 'a & b'],
    ['a reference to NUL', '&#0;'],
    ['the first surrogate', '&#xD800;'],
    ['the last surrogate', '&#xDFFF;'],
    ['a code point beyond Unicode', '&#x110000;'],
    ['a decimal code point beyond Unicode', '&#1114112;'],
  ])('finds no text in %s', (_, text) => {
    expect(decodeText(`x ${text} y`)).toBeUndefined();
  });
});
