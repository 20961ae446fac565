import { OPERATIONS } from './messages';

export const PAYNET_NS = 'http://uws.provider.com/';

const seq = (fields: string) => `<xs:sequence>${fields}</xs:sequence>`;
const el = (name: string, type: string, extra = '') => `<xs:element name="${name}" type="${type}"${extra}/>`;
const list = (name: string, type: string) => el(name, type, ' nillable="true" minOccurs="0" maxOccurs="unbounded"');
const extending = (name: string, base: string, fields: string) =>
  `<xs:complexType name="${name}"><xs:complexContent><xs:extension base="tns:${base}">${seq(fields)}</xs:extension></xs:complexContent></xs:complexType>`;
const params = list('parameters', 'tns:GenericParam');
const byTransaction =
  el('serviceId', 'xs:long') + el('transactionId', 'xs:long') + el('transactionTime', 'xs:dateTime') + params;

/**
 * The types of Paynet's ProviderWebService.xsd for the operations we serve (ChangePassword is left out: passwords
 * are set by the park). Local elements are unqualified, as in Paynet's own samples.
 */
const SCHEMA =
  `<xs:schema targetNamespace="${PAYNET_NS}" version="1.0">` +
  OPERATIONS.map((op) => el(`${op}Arguments`, `tns:${op}Arguments`) + el(`${op}Result`, `tns:${op}Result`)).join('') +
  `<xs:complexType name="GenericArguments">${seq(el('password', 'xs:string') + el('username', 'xs:string'))}</xs:complexType>` +
  `<xs:complexType name="GenericResult">${seq(el('errorMsg', 'xs:string') + el('status', 'xs:int') + el('timeStamp', 'xs:dateTime'))}</xs:complexType>` +
  `<xs:complexType name="GenericParam">${seq(el('paramKey', 'xs:string') + el('paramValue', 'xs:string'))}</xs:complexType>` +
  `<xs:complexType name="TransactionStatement">${seq(
    el('amount', 'xs:long', ' minOccurs="0"') +
      el('providerTrnId', 'xs:long', ' minOccurs="0"') +
      el('transactionId', 'xs:long') +
      el('transactionTime', 'xs:dateTime', ' minOccurs="0"'),
  )}</xs:complexType>` +
  extending('GetInformationArguments', 'GenericArguments', params + el('serviceId', 'xs:long')) +
  extending('GetInformationResult', 'GenericResult', params) +
  extending(
    'PerformTransactionArguments',
    'GenericArguments',
    el('amount', 'xs:long') +
      params +
      el('serviceId', 'xs:long') +
      el('transactionId', 'xs:long') +
      el('transactionTime', 'xs:dateTime'),
  ) +
  extending('PerformTransactionResult', 'GenericResult', params + el('providerTrnId', 'xs:long')) +
  extending('CheckTransactionArguments', 'GenericArguments', byTransaction) +
  extending(
    'CheckTransactionResult',
    'GenericResult',
    el('providerTrnId', 'xs:long') +
      el('transactionState', 'xs:int') +
      el('transactionStateErrorStatus', 'xs:int') +
      el('transactionStateErrorMsg', 'xs:string'),
  ) +
  extending('CancelTransactionArguments', 'GenericArguments', byTransaction) +
  extending('CancelTransactionResult', 'GenericResult', el('transactionState', 'xs:int')) +
  extending(
    'GetStatementArguments',
    'GenericArguments',
    el('dateFrom', 'xs:dateTime') +
      el('dateTo', 'xs:dateTime') +
      el('serviceId', 'xs:long') +
      el('onlyTransactionId', 'xs:boolean', ' minOccurs="0"') +
      params,
  ) +
  extending('GetStatementResult', 'GenericResult', list('statements', 'tns:TransactionStatement')) +
  '</xs:schema>';

const part = (op: string, dir: 'Request' | 'Response') =>
  `<wsdl:message name="${op}${dir}"><wsdl:part name="${dir === 'Request' ? 'arguments' : 'result'}" element="tns:${op}${dir === 'Request' ? 'Arguments' : 'Result'}"/></wsdl:message>`;
const body = '<soap:body use="literal"/>';

/**
 * Document/literal SOAP 1.1, served at `GET <link>?wsdl`. The address is a placeholder: the link's secret is never
 * echoed, so Paynet is given the callback link itself as the endpoint.
 */
export const PAYNET_WSDL =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" ' +
  `xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${PAYNET_NS}" name="ProviderWebService" targetNamespace="${PAYNET_NS}">` +
  `<wsdl:types>${SCHEMA}</wsdl:types>` +
  OPERATIONS.map((op) => part(op, 'Request') + part(op, 'Response')).join('') +
  '<wsdl:portType name="ProviderWebService">' +
  OPERATIONS.map(
    (op) =>
      `<wsdl:operation name="${op}"><wsdl:input message="tns:${op}Request"/><wsdl:output message="tns:${op}Response"/></wsdl:operation>`,
  ).join('') +
  '</wsdl:portType><wsdl:binding name="ProviderWebServiceBinding" type="tns:ProviderWebService">' +
  '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>' +
  OPERATIONS.map(
    (op) =>
      `<wsdl:operation name="${op}"><soap:operation soapAction="urn:${op}" style="document"/>` +
      `<wsdl:input>${body}</wsdl:input><wsdl:output>${body}</wsdl:output></wsdl:operation>`,
  ).join('') +
  '</wsdl:binding><wsdl:service name="ProviderWebService"><wsdl:port name="ProviderWebServicePort" binding="tns:ProviderWebServiceBinding">' +
  '<soap:address location="https://callback-link.invalid/psp/uzpaynet"/></wsdl:port></wsdl:service></wsdl:definitions>\n';
