import { z } from 'zod';
import type { CredentialRotations } from '../application/credential-rotation';
import { errorBody, operation, type Operation } from './operations';

export interface OpsRoutesDeps {
  credentialRotations: CredentialRotations;
}

const sealedByKeySchema = z
  .record(z.string(), z.number().int())
  .describe('credentials sealed under each key id: a key with none left can leave CREDENTIALS_KEYS');
const progressSchema = z.object({
  targetKeyId: z.string(),
  pass: z.number().int(),
  cursor: z.string().nullable(),
  resealed: z.number().int(),
  unreadable: z.array(z.string()).describe('wallet ids whose key is no longer in the ring (at most 100)'),
  resealedThisPass: z.number().int(),
  runs: z.number().int().describe('runs so far: the workflow continues as new every 50 batches'),
  done: z.boolean(),
});

/** Operations staff only: maintenance workflows. */
export function opsOperations({ credentialRotations }: OpsRoutesDeps): Operation[] {
  const common = { tag: 'ops', access: 'ops' as const };
  return [
    operation({
      ...common,
      id: 'startCredentialRotation',
      method: 'post',
      path: '/v1/ops/credential-rotations',
      summary: "Re-seal every wallet's credentials under this process's newest key (starts or joins the workflow)",
      responses: {
        202: {
          description: 'running',
          schema: z.object({ workflowId: z.string(), targetKeyId: z.string(), sealedByKey: sealedByKeySchema }),
        },
      },
      async handle(_ctx, _req, res) {
        res.status(202).json(await credentialRotations.start());
      },
    }),
    operation({
      ...common,
      id: 'getCredentialRotation',
      method: 'get',
      path: '/v1/ops/credential-rotations/{keyId}',
      summary: 'Progress of the rotation to a key (live query while it runs, its result after)',
      params: z.object({ keyId: z.string().regex(/^[\w.-]{1,64}$/) }),
      responses: {
        200: {
          description: 'progress',
          schema: z.object({
            workflowId: z.string(),
            progress: progressSchema,
            currentKeyId: z.string(),
            sealedByKey: sealedByKeySchema,
          }),
        },
        404: { description: 'no rotation to this key', schema: errorBody },
      },
      async handle({ params }, _req, res) {
        const report = await credentialRotations.report(params.keyId);
        if (!report) return void res.status(404).json({ error: 'not_found', message: 'no rotation to this key' });
        res.json(report);
      },
    }),
  ];
}
