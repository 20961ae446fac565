import { main, runProcess } from '../system/main';
import { startMaintenanceWorker, startPaymentsWorker, startWorkerMetrics } from '../system/servers';
import { installTemporalLogging } from '../system/temporal-logging';

main(() =>
  runProcess('worker', async (sys) => {
    installTemporalLogging(sys.log, `0.0.0.0:${sys.config.TEMPORAL_METRICS_PORT}`);
    const metrics = await startWorkerMetrics(sys, undefined, '0.0.0.0');
    const payments = await startPaymentsWorker(sys);
    const maintenance = await startMaintenanceWorker(sys).catch(async (err: unknown) => {
      await payments.close();
      throw err;
    });
    return {
      async close() {
        await Promise.all([payments.close(), maintenance.close()]);
        await metrics.close();
      },
    };
  }),
);
