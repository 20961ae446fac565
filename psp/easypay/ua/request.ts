import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const UA_OPERATIONS = ['Check', 'Payment', 'Confirm', 'Cancel'] as const;
export type UaOperation = (typeof UA_OPERATIONS)[number];
const FIELDS = ['ServiceId', 'Account', 'OrderId', 'Amount', 'PaymentId'] as const;
export type UaField = (typeof FIELDS)[number];

/** A `<Request>` as EasySoft sends it; values are the elements' text, absent when the element is. */
export interface UaRequest {
  operation: UaOperation;
  dateTime?: string;
  sign?: string;
  fields: Partial<Record<UaField, string>>;
}
/** Structural errors carry the codes of EasySoft-Provider 3.1 (php_EasyPay): -51 empty … -57 missing element. */
export type UaRead = { ok: true; request: UaRequest } | { ok: false; code: number; message: string };

// Entities stay unexpanded: no DTD tricks, and every value is the raw text between the tags.
const xml = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: () => true,
});
type Node = Record<string, unknown>;

export function readUaRequest(rawBody: Buffer): UaRead {
  const text = rawBody.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return failed(-51, 'empty request');
  if (XMLValidator.validate(text) !== true) return failed(-52, 'request is not well-formed XML');
  const doc = safeParse(text);
  const roots = doc && Object.keys(doc);
  const requests = doc?.Request;
  if (!roots || roots.length !== 1 || !Array.isArray(requests) || requests.length !== 1 || !isNode(requests[0])) {
    return failed(-52, 'expected exactly one Request element');
  }
  const request: Node = requests[0];
  const operations = UA_OPERATIONS.filter((op) => op in request);
  const [operation] = operations;
  if (operations.length > 1 || (operation && (request[operation] as unknown[]).length > 1))
    return failed(-53, 'more than one operation');
  if (!operation) return failed(-55, 'no operation element');
  const body = (request[operation] as unknown[])[0];
  if (!isNode(body)) return failed(-57, `${operation} has no elements`);

  const dateTime = leaf(request, 'DateTime');
  const sign = leaf(request, 'Sign');
  const fields: Partial<Record<UaField, string>> = {};
  for (const name of FIELDS) {
    const value = leaf(body, name);
    if (value === null) return failed(-56, `${name} given more than once or not as text`);
    if (value !== undefined) fields[name] = value;
  }
  if (dateTime === null || sign === null) return failed(-56, 'DateTime or Sign given more than once or not as text');
  return { ok: true, request: { operation, dateTime, sign, fields } };
}

/** The element's text; undefined when absent, null when repeated or not plain text. */
function leaf(node: Node, name: string): string | undefined | null {
  const values = node[name];
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length !== 1) return null;
  const [value] = values as unknown[];
  return typeof value === 'string' ? value : null;
}

function safeParse(text: string): Node | undefined {
  try {
    const doc: unknown = xml.parse(text);
    return isNode(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failed(code: number, message: string): UaRead {
  return { ok: false, code, message };
}
