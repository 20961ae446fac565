import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { bareActivities } from './activities';

/** The bare SDK worker of the end-to-end baseline, in a process of its own like the system's worker. */
async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  try {
    const worker = await Worker.create({
      connection,
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: process.env.BARE_TASK_QUEUE ?? 'bench-bare',
      workflowsPath: require.resolve('./workflow'),
      activities: bareActivities,
    });
    // The line startChild waits for, in the shape of the system's pino lines.
    process.stdout.write(`${JSON.stringify({ level: 30, msg: 'bare worker started' })}\n`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bare worker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
