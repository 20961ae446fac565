import { Router } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CredentialsCipher } from '../storage/credentials-cipher';
import type { Db } from '../storage/prisma';
import { credentialRotationWorkflowId, type credentialRotation, type RotationProgress } from '../workflows/credential-rotation';

export interface OpsRoutesDeps {
  temporal: Client;
  cipher: CredentialsCipher;
  db: Db;
  maintenanceTaskQueue: string;
}

/** Operations staff only (the router is mounted behind `requireRole('ops')`). */
export function opsRoutes({ temporal, cipher, db, maintenanceTaskQueue }: OpsRoutesDeps) {
  const router = Router();

  // How many credentials each key still seals: a key with none left can leave CREDENTIALS_KEYS.
  const sealedByKey = async () => {
    const rows = await db.wallet.groupBy({ by: ['credentialsKeyId'], where: { credentialsCiphertext: { not: null } }, _count: { _all: true } });
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

  /** Starts (or joins) the rotation to this process's newest key; the workflow id names the key, so a repeat is harmless. */
  router.post('/credential-rotations', async (_req, res) => {
    const targetKeyId = cipher.currentKeyId;
    const handle = await temporal.workflow.start<typeof credentialRotation>('credentialRotation', {
      taskQueue: maintenanceTaskQueue,
      workflowId: credentialRotationWorkflowId(targetKeyId),
      args: [{ targetKeyId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    res.status(202).json({ workflowId: handle.workflowId, targetKeyId, sealedByKey: await sealedByKey() });
  });

  router.get('/credential-rotations/:keyId', async (req, res) => {
    const keyId = String(req.params.keyId);
    const progress = await progressOf(keyId);
    if (!progress) return void res.status(404).json({ error: 'not_found', message: 'no rotation to this key' });
    res.json({ workflowId: credentialRotationWorkflowId(keyId), progress, currentKeyId: cipher.currentKeyId, sealedByKey: await sealedByKey() });
  });

  return router;
}
