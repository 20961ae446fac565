import { parseArgs } from 'node:util';
import { isPspCode } from '../domain/psp-codes';
import { getSimulator, simulate, simulatedPsps } from '../psp/simulators';

const USAGE = `usage: npm run psp-sim -- <psp> <operation> --link <callback url> [--account A] [--amount 10.45] [--txn ID]
       [--prv-txn OUR_ID] [--date ISO] [--key name=value ...] [--set name=value ...]
Speaks the PSP's own contract to a callback link: builds the request (signed with the wallet's test keys where the
PSP signs), sends it, prints the request and the answer read the PSP's way. PSPs: ${simulatedPsps().join(', ')}`;

const pairs = (list: string[] = []) =>
  Object.fromEntries(
    list.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const).filter(([k]) => k),
  );

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      link: { type: 'string' },
      account: { type: 'string', default: 'DRV000123' },
      amount: { type: 'string', default: '10.45' },
      txn: { type: 'string', default: String(Date.now()) },
      'prv-txn': { type: 'string' },
      date: { type: 'string' },
      key: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  const [psp, operation] = positionals;
  if (values.help || !psp || !operation || !values.link) return void console.log(USAGE);
  const sim = isPspCode(psp) ? getSimulator(psp) : undefined;
  if (!sim) throw new Error(`no simulator for "${psp}"; PSPs: ${simulatedPsps().join(', ')}`);
  if (!sim.operations.includes(operation)) throw new Error(`${psp} operations: ${sim.operations.join(', ')}`);

  const { request, answer, result } = await simulate(
    sim,
    values.link,
    operation,
    {
      account: values.account,
      amount: values.amount,
      txnId: values.txn,
      prvTxn: values['prv-txn'],
      date: values.date ? new Date(values.date) : undefined,
      extra: pairs(values.set),
    },
    pairs(values.key),
  );

  console.log(`→ ${request.method} <link>${request.suffix}`);
  for (const [k, v] of Object.entries(request.headers)) console.log(`  ${k}: ${v}`);
  if (request.body) console.log(`\n${request.body}`);
  console.log(`\n← HTTP ${answer.status}\n${answer.body}\n`);
  console.log(
    JSON.stringify(
      { ok: result.ok, code: result.code, prvTxn: result.prvTxn, signatureValid: result.signatureValid },
      null,
      2,
    ),
  );
  process.exitCode = result.ok ? 0 : 2;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
