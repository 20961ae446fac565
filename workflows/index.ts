export { payment } from './payment';
export { paymentReversal } from './payment-reversal';
export { credentialRotation } from './credential-rotation';
export { paymentSweep } from './payment-sweep';
export { credentialReminders, credentialReminder } from './credential-reminders';
export { invoice } from './invoice';
export { qiwiReconcile } from './qiwi-reconcile';
