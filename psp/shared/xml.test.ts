import { element, escapeXml } from './xml';
import { xmlResponse } from './xml-response';

describe('escapeXml', () => {
  it('escapes the five markup characters and a carriage return', () => {
    expect(escapeXml(`a&b<c>d"e'f\rg`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g');
  });

  it('keeps tabs, newlines and any character XML can carry, astral ones included', () => {
    expect(escapeXml('\t\n Иван 😀 \uFFFD')).toBe('\t\n Иван 😀 \uFFFD');
  });

  it('drops what XML 1.0 cannot carry at all: control characters, lone surrogates, U+FFFE', () => {
    expect(escapeXml('a\u0000b\u0008c\u001Fd\uD800e\uDFFFf\uFFFEg\uFFFF')).toBe('abcdefg');
  });

  it('wraps escaped text in an element', () => {
    expect(element('comment', 'a<b')).toBe('<comment>a&lt;b</comment>');
  });
});

describe('xmlResponse', () => {
  it('is a UTF-8 <response> document with the content type and any extra headers', () => {
    expect(xmlResponse(200, '<result>0</result>', 'text/xml', { 'X-Extra': '1' })).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/xml', 'X-Extra': '1' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<response><result>0</result></response>',
    });
    expect(xmlResponse(400, '', 'application/xml').headers).toEqual({ 'Content-Type': 'application/xml' });
  });
});
