import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { credentialRotationWorkflowId } from '../domain/credential-rotation';
import type { credentialRotation, RotationProgress } from '../workflows/credential-rotation';

export interface RotationStart {
  workflowId: string;
  targetKeyId: string;
  sealedByKey: Record<string, number>;
}

export interface RotationReport {
  workflowId: string;
  progress: RotationProgress;
  currentKeyId: string;
  sealedByKey: Record<string, number>;
}

/** Ops: re-seal every wallet's credentials under the newest key, and watch how far that got. */
export interface CredentialRotations {
  start(): Promise<RotationStart>;
  /** Null when no rotation to that key was ever started. */
  report(keyId: string): Promise<RotationReport | null>;
}

export interface CredentialRotationDeps {
  temporal: Client;
  /** This process's newest ring key: the one a started rotation seals under. */
  currentKeyId: string;
  sealedByKey(): Promise<Record<string, number>>;
  maintenanceTaskQueue: string;
}

export function createCredentialRotations({
  temporal,
  currentKeyId,
  sealedByKey,
  maintenanceTaskQueue,
}: CredentialRotationDeps): CredentialRotations {
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

  return {
    async start() {
      const targetKeyId = currentKeyId;
      // The workflow id names the key: a repeat while it runs joins it, one after it finished runs a (cheap) new pass.
      const handle = await temporal.workflow.start<typeof credentialRotation>('credentialRotation', {
        taskQueue: maintenanceTaskQueue,
        workflowId: credentialRotationWorkflowId(targetKeyId),
        args: [{ targetKeyId }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
      return { workflowId: handle.workflowId, targetKeyId, sealedByKey: await sealedByKey() };
    },
    async report(keyId) {
      const progress = await progressOf(keyId);
      if (!progress) return null;
      return {
        workflowId: credentialRotationWorkflowId(keyId),
        progress,
        currentKeyId,
        sealedByKey: await sealedByKey(),
      };
    },
  };
}
