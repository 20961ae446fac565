import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element as read: children by local name, each name always a list; text leaves are strings (`#text`, the text between children, is a bare string). */
export type XmlElement = { readonly [name: string]: ReadonlyArray<XmlElement | string> };
export type EnvelopeResult = { ok: true; element: string; body: XmlElement } | { ok: false; message: string };

// Entities stay unexpanded (no DTD is ever read); the five predefined ones and character references are decoded below.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  isArray: () => true,
});
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** DOCTYPE, ENTITY and other declarations, and CDATA (Paynet's JAX-WS client sends none); comments pass. */
const DECLARATION = /<!(?!--)/;

/** The SOAP 1.1 envelope's single Body element, namespace prefixes ignored as implementations do. */
export function readEnvelope(rawBody: Buffer): EnvelopeResult {
  let text: string;
  try {
    text = utf8.decode(rawBody).replace(/^\uFEFF/, '');
  } catch {
    return { ok: false, message: 'body is not UTF-8' };
  }
  if (DECLARATION.test(text)) return { ok: false, message: 'DTD declarations and CDATA are not accepted' };
  if (text.trim() === '' || XMLValidator.validate(text) !== true)
    return { ok: false, message: 'body is not well-formed XML' };
  let root: XmlElement;
  try {
    root = parser.parse(text) as XmlElement;
  } catch {
    return { ok: false, message: 'body is not well-formed XML' };
  }
  const envelope = only(root, 'Envelope');
  const body = envelope && only(envelope, 'Body');
  const children = body ? elementNames(body) : [];
  const [name] = children;
  const element = name !== undefined && body ? only(body, name) : undefined;
  if (!element || children.length !== 1) return { ok: false, message: 'expected one element in a SOAP Envelope Body' };
  return { ok: true, element: name!, body: element };
}

/** The single child element `name`, or undefined when absent, repeated or text. */
export function only(parent: XmlElement, name: string): XmlElement | undefined {
  const values = Object.hasOwn(parent, name) ? parent[name] : undefined;
  const [first] = values ?? [];
  return values?.length === 1 && typeof first === 'object'
    ? first
    : values?.length === 1 && first === ''
      ? {}
      : undefined;
}

/** Child element names; whitespace between elements is ignored, other text makes the element invalid. */
export function elementNames(parent: XmlElement): string[] {
  return Object.keys(parent).filter((name) => name !== '#text');
}

export function hasStrayText(parent: XmlElement): boolean {
  const text: unknown = parent['#text'];
  return text !== undefined && (typeof text !== 'string' || text.trim() !== '');
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes predefined entities and character references; any other reference makes the text invalid. */
export function decodeText(text: string): string | undefined {
  let invalid = false;
  const decoded = text.replace(
    /&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][\w.-]*);|&/g,
    (match, ref: string | undefined) => {
      const value = ref === undefined ? undefined : characterOf(ref);
      if (value === undefined) invalid = true;
      return value ?? match;
    },
  );
  return invalid ? undefined : decoded;
}

function characterOf(ref: string): string | undefined {
  if (!ref.startsWith('#')) return PREDEFINED[ref];
  const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code > 0 ? String.fromCodePoint(code) : undefined;
}
