export { payment } from './payment';
export { paymentReversal } from './payment-reversal';
export { credentialRotation } from './credential-rotation';
export { paymentSweep } from './payment-sweep';
export { walletBackfill } from './wallet-backfill';
export { walletVerify } from './wallet-verify';
export { walletMirrorRepair } from './wallet-mirror-repair';
