import type { PspCode } from '../domain/psp-codes';
import { ADAPTERS } from '../psp/registry';
import { FALLBACK, WIRES, type PspWire } from './psp-wires';

export const EXTERNAL_API_INFO = {
  title: 'fleet-payment-systems api-external',
  version: '1',
  description:
    "The PSP-facing gateway: one callback link per wallet, `/psp/{psp}/{secret}`, spoken in each PSP's own wire " +
    "contract (psp/<code>/README.md). Refusals are answered in the PSP's envelope with the statuses its README " +
    'lists: an unknown link is 404 and a body over MAX_BODY_BYTES 413 for every PSP.',
};

const secretParameter = {
  name: 'secret',
  in: 'path',
  required: true,
  description: "the wallet's callback-link secret (only its hash is stored)",
  schema: { type: 'string' },
};

const strings = (types: string[]) => Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' } }]));

interface Call {
  operationId: string;
  method: 'get' | 'post';
  commands: string;
  bodyTypes: string[];
  answerTypes: string[];
}

function operation(code: PspCode, wire: PspWire, { operationId, method, commands, bodyTypes, answerTypes }: Call) {
  return {
    operationId,
    summary: wire.summary,
    description: `${commands}\n\nAuthenticated by ${wire.auth}. Contract: psp/${code}/README.md.`,
    tags: [code],
    parameters: [secretParameter],
    ...(method === 'post' && bodyTypes.length ? { requestBody: { content: strings(bodyTypes) } } : {}),
    responses: {
      200: { description: "the PSP's answer, refusals included", content: strings(answerTypes) },
      default: { description: '403 refused address or credentials, 404 unknown link, 413 body too large' },
    },
  };
}

/** OpenAPI 3.1 for every PSP route, one path per PSP of the registry, so a new PSP appears with its registry line. */
export function externalOpenApiDocument(codes: Iterable<PspCode> = ADAPTERS.keys()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const code of codes) {
    const wire = WIRES[code] ?? { ...FALLBACK, summary: `${code}: see psp/${code}/README.md` };
    const link = `/psp/${code}/{secret}`;
    paths[link] = Object.fromEntries(
      wire.methods.map((method) => [
        method,
        operation(code, wire, {
          operationId: `${code}_${method}`,
          method,
          commands: wire.commands,
          bodyTypes: wire.requestTypes,
          answerTypes: wire.answerTypes,
        }),
      ]),
    );
    for (const { path, method, command } of wire.endpoints ?? []) {
      paths[`${link}${path}`] = {
        [method]: operation(code, wire, {
          operationId: `${code}_${method}${path.replace(/\W+/g, '_')}`,
          method,
          commands: command,
          bodyTypes: method === 'post' ? ['application/json'] : [],
          answerTypes: ['application/json'],
        }),
      };
    }
  }
  return { openapi: '3.1.0', info: EXTERNAL_API_INFO, paths };
}
