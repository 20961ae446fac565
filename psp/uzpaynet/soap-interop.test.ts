import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientAsync, type Client, type IHttpClient } from 'soap';
import { payAccepted, paymentView } from '../fixtures';
import type { Outcome, PspCommand } from '../types';
import { uzpaynetAdapter as adapter } from './adapter';
import { paynetWallet, soapRequest, TEST_CREDENTIALS } from './fixtures/http';
import { PAYNET_WSDL } from './wsdl';

// An independent SOAP stack (the `soap` package) reads our WSDL, builds the calls and parses our answers.
const wallet = paynetWallet({ exposeDriverName: true });
const at = new Date('2024-03-25T09:06:00.000Z');
/** The client sends dateTimes as given (it writes Date objects as empty elements). */
const paynetTime = '2024-03-25T14:06:00.000+05:00';
const commands: PspCommand[] = [];

function decide(cmd: PspCommand): Outcome {
  switch (cmd.kind) {
    case 'check':
      return { kind: 'check_ok', driverId: cmd.account, displayName: 'Ivanov I.' };
    case 'pay':
      return payAccepted({ prvTxn: '42', pspTxnId: cmd.pspTxnId, amountMinor: cmd.amountMinor, currency: 'UZS' });
    case 'status':
      return { kind: 'status', payment: paymentView({ prvTxn: '42', state: 'processed' }) };
    case 'cancel':
      return { kind: 'cancelled', payment: paymentView({ prvTxn: '42' }), repeat: false };
    case 'statement':
      return {
        kind: 'statement',
        payments: [
          paymentView({ prvTxn: '42', pspTxnId: '77', state: 'processed', amountMinor: 5000000n, pspPaidAt: at }),
        ],
        from: cmd.from,
        to: cmd.to,
      };
    default:
      return { kind: 'refused', reason: 'bad_request', message: 'unexpected' };
  }
}

/** The gateway in miniature: verify, parse, decide, render; no network. */
const gateway: IHttpClient = {
  request(_url, data: string, callback, headers) {
    const req = soapRequest(
      data,
      Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
    );
    const verified = adapter.verify(req, wallet);
    const parsed = verified.ok ? adapter.parse(req, wallet) : undefined;
    if (parsed?.ok) commands.push(parsed.command);
    const outcome: Outcome = !verified.ok
      ? { kind: 'refused', reason: verified.reason, message: '' }
      : parsed?.ok
        ? decide(parsed.command)
        : { kind: 'refused', reason: parsed?.reason ?? 'error', message: '' };
    const answer = adapter.render(outcome, parsed?.context, req, wallet);
    callback(null, { status: answer.status, headers: answer.headers, data: answer.body }, answer.body);
    return undefined as never;
  },
};

let client: Client;
const generic = { ...TEST_CREDENTIALS, serviceId: 1 };
const account = { parameters: [{ paramKey: 'client_id', paramValue: 'DRV-000123' }] };

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'paynet-wsdl-')), 'ProviderWebService.wsdl');
  writeFileSync(file, PAYNET_WSDL);
  client = await createClientAsync(file, { httpClient: gateway, endpoint: 'http://localhost/psp/uzpaynet/link' });
});

it('the WSDL describes the five operations', () => {
  const ops = Object.keys(client.describe().ProviderWebService.ProviderWebServicePort);
  expect(ops.sort()).toEqual([
    'CancelTransaction',
    'CheckTransaction',
    'GetInformation',
    'GetStatement',
    'PerformTransaction',
  ]);
});

it('every operation round-trips through a generated client', async () => {
  const [info] = await client.GetInformationAsync({ ...generic, ...account });
  expect(info).toMatchObject({
    errorMsg: 'Success',
    status: 0,
    parameters: [{ paramKey: 'name', paramValue: 'Ivanov I.' }],
  });
  const [paid] = await client.PerformTransactionAsync({
    ...generic,
    amount: 5000000,
    ...account,
    transactionId: 77,
    transactionTime: paynetTime,
  });
  expect(paid).toMatchObject({ status: 0, providerTrnId: 42 });
  const byId = { ...generic, transactionId: 77, transactionTime: paynetTime };
  expect((await client.CheckTransactionAsync(byId))[0]).toMatchObject({
    status: 0,
    providerTrnId: 42,
    transactionState: 1,
  });
  expect((await client.CancelTransactionAsync(byId))[0]).toMatchObject({ status: 0, transactionState: 2 });
  const [statement] = await client.GetStatementAsync({
    ...generic,
    dateFrom: paynetTime,
    dateTo: '2024-03-25T15:06:00+05:00',
  });
  expect(statement).toMatchObject({
    status: 0,
    statements: [{ amount: 5000000, providerTrnId: 42, transactionId: 77 }],
  });
  expect(commands.map((c) => c.kind)).toEqual(['check', 'pay', 'status', 'cancel', 'statement']);
  expect(commands[1]).toEqual({
    kind: 'pay',
    pspTxnId: '77',
    account: 'DRV-000123',
    amountMinor: 5000000n,
    paidAt: at,
  });
});

it('a wrong password is answered 601 inside the result, which the client reads as a result, not a fault', async () => {
  const [paid] = await client.PerformTransactionAsync({
    ...generic,
    password: 'guess',
    amount: 1,
    ...account,
    transactionId: 78,
    transactionTime: paynetTime,
  });
  expect(paid).toMatchObject({ status: 601, providerTrnId: 0 });
});
