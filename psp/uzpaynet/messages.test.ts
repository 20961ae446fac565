import { readEnvelope, type XmlElement } from './envelope';
import { operationOf, readCredentials, readMessage } from './messages';

const CREDENTIALS = '<password>test-password</password><username>paynet</username>';
const ACCOUNT = '<parameters><paramKey>client_id</paramKey><paramValue>DRV-000123</paramValue></parameters>';

/** The Body element of a GetInformation call whose arguments are `inner`. */
function argumentsOf(inner: string): XmlElement {
  const envelope = readEnvelope(
    Buffer.from(
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:uws="http://uws.provider.com/">' +
        `<soapenv:Body><uws:GetInformationArguments>${inner}</uws:GetInformationArguments></soapenv:Body></soapenv:Envelope>`,
    ),
  );
  if (!envelope.ok) throw new Error(envelope.message);
  return envelope.body;
}
const check = (inner: string) => readMessage('GetInformation', argumentsOf(inner));

describe('operationOf', () => {
  it.each([
    ['GetInformationArguments', 'GetInformation'],
    ['GetInformationArgumentz', undefined],
    ['ChangePasswordArguments', undefined],
  ])('%s → %s', (element, operation) => {
    expect(operationOf(element)).toBe(operation);
  });
});

describe('readMessage refuses what the schema does not declare, saying what is wrong', () => {
  it.each([
    ['text beside the fields', `${CREDENTIALS}junk${ACCOUNT}<serviceId>1</serviceId>`, 'text outside the fields'],
    [
      'undeclared fields, the first five named',
      `${CREDENTIALS}<serviceId>1</serviceId><a/><b/><c/><d/><e/><f/>`,
      'unknown fields: a, b, c, d, e',
    ],
    [
      'a parameter with a third child',
      `${CREDENTIALS}<parameters><paramKey>client_id</paramKey><paramValue>DRV-000123</paramValue><x>1</x></parameters><serviceId>1</serviceId>`,
      'parameters must be GenericParam {paramKey, paramValue}',
    ],
    [
      'a parameter with two keys',
      `${CREDENTIALS}<parameters><paramKey>client_id</paramKey><paramKey>phone</paramKey><paramValue>DRV-000123</paramValue></parameters><serviceId>1</serviceId>`,
      'parameters must be GenericParam {paramKey, paramValue}',
    ],
    [
      'a parameter with two values',
      `${CREDENTIALS}<parameters><paramKey>client_id</paramKey><paramValue>DRV-000123</paramValue><paramValue>DRV-000124</paramValue></parameters><serviceId>1</serviceId>`,
      'parameters must be GenericParam {paramKey, paramValue}',
    ],
    [
      'a repeated scalar',
      `${CREDENTIALS}${ACCOUNT}<serviceId>1</serviceId><serviceId>2</serviceId>`,
      'serviceId must be given once, as text',
    ],
  ])('%s', (_label, inner, message) => {
    expect(check(inner)).toStrictEqual({ ok: false, message });
  });

  it('leaves a nil parameter out', () => {
    expect(check(`${CREDENTIALS}<parameters xsi:nil="true"/>${ACCOUNT}<serviceId>1</serviceId>`)).toStrictEqual({
      ok: true,
      message: {
        fields: { password: 'test-password', username: 'paynet', serviceId: '1' },
        params: [{ key: 'client_id', value: 'DRV-000123' }],
      },
    });
  });
});

describe('readCredentials', () => {
  it.each([
    ['absent', '<serviceId>1</serviceId>'],
    ['repeated', '<username>paynet</username><username>paynet</username><password>a</password><password>a</password>'],
    ['with an undefined entity', '<username>paynet&foo;</username><password>&foo;</password>'],
  ])('credentials %s read as empty, which no wallet’s match', (_label, inner) => {
    expect(readCredentials(argumentsOf(inner))).toStrictEqual({ username: '', password: '' });
  });
});
