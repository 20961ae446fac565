import { main, runProcess } from '../system/main';
import { startMaintenanceWorker, startPaymentsWorker } from '../system/servers';
import { installTemporalLogging } from '../system/temporal-logging';

main(() =>
  runProcess('worker', async (sys) => {
    installTemporalLogging(sys.log);
    const payments = await startPaymentsWorker(sys);
    const maintenance = await startMaintenanceWorker(sys).catch(async (err: unknown) => {
      await payments.close();
      throw err;
    });
    return { close: async () => void (await Promise.all([payments.close(), maintenance.close()])) };
  }),
);
