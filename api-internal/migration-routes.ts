import { z } from 'zod';
import type { WalletMigration } from '../application/wallet-migration';
import { errorBody, invalidField, operation, type Operation } from './operations';

export interface MigrationRoutesDeps {
  walletMigration: WalletMigration;
}

const phase = z.enum(['redis-primary', 'pg-primary', 'pg-only']);
const parkPrefix = z
  .string()
  .regex(/^[\w.:-]{0,64}$/)
  .optional()
  .describe('only parks whose id starts with this (a pilot group); absent: every park');
const change = z.object({
  phase,
  previous: phase.nullable(),
  forced: z.boolean(),
  reason: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.date(),
});
const sample = z.object({
  kind: z.enum(['missing', 'extra', 'different']),
  parkId: z.string(),
  walletId: z.string(),
  fields: z.array(z.string()).optional().describe('names of the differing fields; never their values'),
});
const counts = {
  parks: z.number().int(),
  redisWallets: z.number().int(),
  postgresWallets: z.number().int(),
  missing: z.number().int().describe('in Redis, not live in Postgres'),
  extra: z.number().int().describe('live in Postgres, not in Redis'),
  different: z.number().int().describe('in both with differing fields'),
  samples: z.array(sample).describe('at most 20'),
};
const report = z.object({
  phase,
  source: z.enum(['stored', 'bootstrap']).describe('bootstrap: no move yet, the process flags named the phase'),
  readsFrom: z.enum(['redis', 'postgres']),
  history: z.array(change).describe('newest first; forced moves keep their reason'),
  backfill: z.object({ workflowId: z.string(), progress: z.record(z.string(), z.unknown()) }).nullable(),
  verification: z
    .object({ workflowId: z.string(), parkPrefix: z.string(), finishedAt: z.date(), ...counts })
    .nullable()
    .describe('the last finished verification'),
  owedRepairs: z.number().int().describe('wallets whose Redis copy still awaits its repair'),
});
const started = z.object({ workflowId: z.string() });

/** Operations staff only: the Redis→Postgres wallet migration. */
export function migrationOperations({ walletMigration }: MigrationRoutesDeps): Operation[] {
  const common = { tag: 'ops', access: 'ops' as const };
  const prefixQuery = z.object({ parkPrefix });
  return [
    operation({
      ...common,
      id: 'getWalletMigration',
      method: 'get',
      path: '/v1/ops/wallet-migration',
      summary: 'The phase in force, its history, the backfill progress and the last verification',
      query: prefixQuery,
      responses: { 200: { description: 'the migration', schema: report } },
      async handle({ query }, _req, res) {
        res.json(await walletMigration.report(query.parkPrefix));
      },
    }),
    operation({
      ...common,
      id: 'moveWalletMigrationPhase',
      method: 'post',
      path: '/v1/ops/wallet-migration/phase',
      summary: 'Move the phase; every gateway and worker follows within seconds',
      body: z.object({ phase, force: z.boolean().optional(), reason: z.string().min(1).max(500).optional() }).strict(),
      responses: {
        200: { description: 'moved', schema: change },
        409: { description: 'refused: the reason says why (differences, no verification, …)', schema: errorBody },
      },
      async handle({ body, caller }, _req, res) {
        if (body.force && !body.reason) return invalidField(res, 'reason', 'a forced move needs a reason');
        const result = await walletMigration.move({ ...body, changedBy: caller.subject });
        if ('refused' in result) return void res.status(409).json({ error: 'conflict', message: result.refused });
        res.json(result.change);
      },
    }),
    operation({
      ...common,
      id: 'startWalletBackfill',
      method: 'post',
      path: '/v1/ops/wallet-migration/backfill',
      summary: 'Copy the legacy wallets into Postgres (starts or joins the walletBackfill workflow)',
      query: prefixQuery,
      responses: { 202: { description: 'running', schema: started } },
      async handle({ query }, _req, res) {
        res.status(202).json(await walletMigration.startBackfill(query.parkPrefix));
      },
    }),
    operation({
      ...common,
      id: 'startWalletVerify',
      method: 'post',
      path: '/v1/ops/wallet-migration/verify',
      summary: 'Compare the two stores park by park (starts or joins the walletVerify workflow)',
      query: prefixQuery,
      responses: { 202: { description: 'running', schema: started } },
      async handle({ query }, _req, res) {
        res.status(202).json(await walletMigration.startVerify(query.parkPrefix));
      },
    }),
  ];
}
