import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { CredentialsCipher } from '../storage/credentials-cipher';
import type { Db } from '../storage/prisma';
import {
  credentialRotationWorkflowId,
  type credentialRotation,
  type RotationProgress,
} from '../workflows/credential-rotation';
import { errorBody, operation, type Operation } from './operations';

export interface OpsRoutesDeps {
  temporal: Client;
  cipher: CredentialsCipher;
  db: Db;
  maintenanceTaskQueue: string;
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
export function opsOperations({ temporal, cipher, db, maintenanceTaskQueue }: OpsRoutesDeps): Operation[] {
  const sealedByKey = async () => {
    const rows = await db.wallet.groupBy({
      by: ['credentialsKeyId'],
      where: { credentialsCiphertext: { not: null } },
      _count: { _all: true },
    });
    return Object.fromEntries(rows.map((r) => [r.credentialsKeyId ?? 'unknown', r._count._all]));
  };

  const progressOf = async (keyId: string): Promise<RotationProgress | null> => {
    const handle = temporal.workflow.getHandle<typeof credentialRotation>(credentialRotationWorkflowId(keyId));
    try {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? await handle.query<RotationProgress>('progress') : await handle.result();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  };

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
        const targetKeyId = cipher.currentKeyId;
        // The workflow id names the key: a repeat while it runs joins it, one after it finished runs a (cheap) new pass.
        const handle = await temporal.workflow.start<typeof credentialRotation>('credentialRotation', {
          taskQueue: maintenanceTaskQueue,
          workflowId: credentialRotationWorkflowId(targetKeyId),
          args: [{ targetKeyId }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        res.status(202).json({ workflowId: handle.workflowId, targetKeyId, sealedByKey: await sealedByKey() });
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
        const progress = await progressOf(params.keyId);
        if (!progress) return void res.status(404).json({ error: 'not_found', message: 'no rotation to this key' });
        res.json({
          workflowId: credentialRotationWorkflowId(params.keyId),
          progress,
          currentKeyId: cipher.currentKeyId,
          sealedByKey: await sealedByKey(),
        });
      },
    }),
  ];
}
