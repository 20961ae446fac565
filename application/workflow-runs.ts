import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

/**
 * Runs an ops action's workflow to its end, or, when its id already names a run the id policies will not start again,
 * waits for that run's result: a repeated request gets the first one's outcome. A failed run throws
 * `WorkflowFailedError`; past `deadlineMs` the wait throws a deadline error and the workflow goes on.
 */
export async function executeOrJoin(
  temporal: Client,
  workflowId: string,
  deadlineMs: number,
  execute: () => Promise<unknown>,
): Promise<void> {
  await temporal.connection.withDeadline(Date.now() + deadlineMs, async () => {
    try {
      await execute();
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await temporal.workflow.getHandle(workflowId).result();
    }
  });
}
