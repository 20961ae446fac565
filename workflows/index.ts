export { payment } from './payment';
export { paymentReversal } from './payment-reversal';
export { credentialRotation } from './credential-rotation';
export { paymentSweep } from './payment-sweep';
export { paymentRedrive, paymentSettlement } from './payment-attention';
export { credentialReminders, credentialReminder } from './credential-reminders';
