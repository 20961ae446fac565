import type { PspSimulator } from '../simulator';
import { assertOperation } from '../simulator';
import { AM_SIM_OPERATIONS, amSimulatorSide } from './am/simulator';
import { buildUa, readUa, UA_SIM_OPERATIONS } from './ua/simulator';

const OPERATIONS = [...UA_SIM_OPERATIONS, ...AM_SIM_OPERATIONS] as const;
type Operation = (typeof OPERATIONS)[number];
const isUa = (op: Operation): op is (typeof UA_SIM_OPERATIONS)[number] => op.startsWith('ua-');

/** Both EasyPay products: `ua-*` speaks EasySoft-Provider 3.1 (XML, RSA), `am-*` EasyPay.am (JSON, HMAC). */
export function easypaySimulator(): PspSimulator {
  const am = amSimulatorSide();
  return {
    code: 'easypay',
    operations: OPERATIONS,
    build(operation, args, keys) {
      assertOperation('easypay', operation, OPERATIONS);
      return isUa(operation) ? buildUa(operation, args, keys) : am.build(operation, args, keys);
    },
    read(operation, answer, keys) {
      assertOperation('easypay', operation, OPERATIONS);
      return isUa(operation) ? readUa(answer, keys) : am.read(operation, answer, keys);
    },
  };
}
