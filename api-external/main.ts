import { main, runProcess } from '../system/main';
import { startApiExternal } from '../system/servers';

main(() => runProcess('api-external', (sys) => startApiExternal(sys, undefined, '0.0.0.0')));
