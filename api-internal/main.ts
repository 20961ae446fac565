import { main, runProcess } from '../system/main';
import { startApiInternal } from '../system/servers';

main(() => runProcess('api-internal', (sys) => startApiInternal(sys, undefined, '0.0.0.0')));
