import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  setHandler,
} from '@temporalio/workflow';
import { ledger, neighbours } from './payment-activities';
import { reverseCreditedPayment } from './payment-reversal';
import {
  BUSINESS_REJECTION,
  CANCELLED_AND_REVERSED,
  CANCELLED_BY_PSP,
  type PaymentInput,
  type PaymentStatus,
} from '../domain/payment';

/** A held payment the PSP neither confirms nor cancels within this is dropped. */
const HOLD_TIMEOUT = '24 hours';

export const paymentStatusQuery = defineQuery<PaymentStatus>('status');
export const confirmSignal = defineSignal('confirm');
export const cancelSignal = defineSignal('cancel');

/** (Wait for the PSP's confirm,) (verify with the PSP,) credit the driver, record the top-up, mark it processed. */
export async function payment(input: PaymentInput): Promise<PaymentStatus> {
  const status: PaymentStatus = {
    state: 'accepted',
    step: input.hold ? 'awaiting_confirm' : 'crediting',
    cancelRequested: false,
  };
  let confirmed = false;
  setHandler(paymentStatusQuery, () => status);
  setHandler(confirmSignal, () => void (confirmed = true));
  setHandler(cancelSignal, () => void (status.cancelRequested = true));

  const reject = async (reason: string) => {
    status.step = 'finishing';
    status.state = await ledger.finishTransaction(input, 'rejected', reason);
    status.rejectReason = reason;
    status.step = 'done';
    return status;
  };

  if (input.hold && !(await condition(() => confirmed || status.cancelRequested, HOLD_TIMEOUT))) {
    return reject('not confirmed by the PSP in time');
  }
  if (status.cancelRequested) return reject(CANCELLED_BY_PSP);

  try {
    if (input.verifyWithPsp) {
      status.step = 'verifying';
      await neighbours.verifyWithPsp(input);
      if (status.cancelRequested) return reject(CANCELLED_BY_PSP);
    }
    status.step = 'crediting';
    await neighbours.creditDriver(input);
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    return reject(reason);
  }

  // The driver has the money now: the record must follow, however long it takes, so it is not allowed to reject.
  status.step = 'recording';
  await neighbours.recordFleetTransaction(input, 'partner_service_payment');

  if (status.cancelRequested) {
    status.step = 'reversing';
    status.state = await reverseCreditedPayment(input);
    status.rejectReason = CANCELLED_AND_REVERSED;
    status.step = 'done';
    return status;
  }

  status.step = 'finishing';
  status.state = await ledger.finishTransaction(input, 'processed');
  status.step = 'done';
  return status;
}

function businessRejection(err: unknown): string | undefined {
  if (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === BUSINESS_REJECTION
  ) {
    return err.cause.message;
  }
  return undefined;
}
