import { main, runProcess } from '../system/main';
import { startPaymentsWorker } from '../system/servers';
import { installTemporalLogging } from '../system/temporal-logging';

main(() =>
  runProcess('worker', (sys) => {
    installTemporalLogging(sys.log);
    return startPaymentsWorker(sys);
  }),
);
