import { decodeText, elementNames, hasStrayText, type XmlElement } from './envelope';

export const OPERATIONS = [
  'GetInformation',
  'PerformTransaction',
  'CheckTransaction',
  'CancelTransaction',
  'GetStatement',
] as const;
export type Operation = (typeof OPERATIONS)[number];

type FieldType = 'string' | 'long' | 'dateTime' | 'boolean' | 'params';
type Shape = Readonly<Record<string, { type: FieldType; optional?: true }>>;

const credentials = { password: { type: 'string' }, username: { type: 'string' } } as const;
const params = { type: 'params', optional: true } as const;
const byTransaction = {
  ...credentials,
  serviceId: { type: 'long' },
  transactionId: { type: 'long' },
  transactionTime: { type: 'dateTime' },
  parameters: params,
} as const;

/** The `…Arguments` types of the WSDL's schema (wsdl.ts), field by field; every one extends GenericArguments. */
export const SHAPES: Readonly<Record<Operation, Shape>> = {
  GetInformation: { ...credentials, parameters: params, serviceId: { type: 'long' } },
  PerformTransaction: {
    ...credentials,
    amount: { type: 'long' },
    parameters: params,
    serviceId: { type: 'long' },
    transactionId: { type: 'long' },
    transactionTime: { type: 'dateTime' },
  },
  CheckTransaction: byTransaction,
  CancelTransaction: byTransaction,
  GetStatement: {
    ...credentials,
    dateFrom: { type: 'dateTime' },
    dateTo: { type: 'dateTime' },
    serviceId: { type: 'long' },
    onlyTransactionId: { type: 'boolean', optional: true },
    parameters: params,
  },
};

/** `PerformTransactionArguments` → `PerformTransaction`; anything else (ChangePassword included) is unknown. */
export function operationOf(element: string): Operation | undefined {
  const name = element.endsWith('Arguments') ? element.slice(0, -'Arguments'.length) : '';
  return (OPERATIONS as readonly string[]).includes(name) ? (name as Operation) : undefined;
}

export interface Message {
  /** Scalar fields, entities decoded, exactly as sent (xs:string keeps its whitespace). */
  readonly fields: Readonly<Record<string, string>>;
  /** GenericParam list; nil entries (`<parameters xsi:nil="true"/>`) are left out. */
  readonly params: ReadonlyArray<{ key: string; value: string }>;
}
export type MessageResult = { ok: true; message: Message } | { ok: false; message: string };

/** Checks an arguments element against its shape: known fields only, scalars once, required ones present. */
export function readMessage(operation: Operation, element: XmlElement): MessageResult {
  const shape = SHAPES[operation];
  if (hasStrayText(element)) return invalid('text outside the fields');
  const unknown = elementNames(element).filter((name) => !Object.hasOwn(shape, name));
  if (unknown.length > 0) return invalid(`unknown fields: ${unknown.slice(0, 5).join(', ')}`);
  const fields: Record<string, string> = {};
  const params: Array<{ key: string; value: string }> = [];
  for (const [name, { type, optional }] of Object.entries(shape)) {
    const values = element[name] ?? [];
    if (type === 'params') {
      for (const value of values) {
        const param = readParam(value);
        if (param === undefined) return invalid('parameters must be GenericParam {paramKey, paramValue}');
        if (param) params.push(param);
      }
      continue;
    }
    if (values.length === 0 && optional) continue;
    const [value] = values;
    const text = values.length === 1 && typeof value === 'string' ? decodeText(value) : undefined;
    if (text === undefined) return invalid(`${name} must be given once, as text`);
    fields[name] = text;
  }
  return { ok: true, message: { fields, params } };
}

/** GenericArguments alone, read even when other fields are bad, so the credentials are checked first. */
export function readCredentials(element: XmlElement): { username: string; password: string } {
  const leaf = (name: string) => {
    const values = element[name] ?? [];
    return values.length === 1 && typeof values[0] === 'string' ? (decodeText(values[0]) ?? '') : '';
  };
  return { username: leaf('username'), password: leaf('password') };
}

/** A GenericParam, `null` for a nil one, undefined when malformed. */
function readParam(value: XmlElement | string): { key: string; value: string } | null | undefined {
  if (value === '') return null;
  if (typeof value === 'string' || hasStrayText(value)) return undefined;
  const names = elementNames(value);
  const [key] = value.paramKey ?? [];
  const [text] = value.paramValue ?? [];
  if (names.length !== 2 || value.paramKey?.length !== 1 || value.paramValue?.length !== 1) return undefined;
  const decodedKey = typeof key === 'string' ? decodeText(key) : undefined;
  const decodedValue = typeof text === 'string' ? decodeText(text) : undefined;
  return decodedKey === undefined || decodedValue === undefined ? undefined : { key: decodedKey, value: decodedValue };
}

function invalid(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
