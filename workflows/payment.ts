import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
  TemporalFailure,
} from '@temporalio/workflow';
import type { PaymentActivities } from '../activities/payment';
import { ledger, local, neighbours } from './payment-activities';
import { reverseCreditedPayment } from './payment-reversal';
import {
  BUSINESS_REJECTION,
  CANCEL_UPDATE,
  CANCELLED_AND_REVERSED,
  CANCELLED_BY_PSP,
  CONFIRM_UPDATE,
  type CancelVerdict,
  type ConfirmVerdict,
  type PaymentInput,
  type PaymentStatus,
} from '../domain/payment';

/** A held payment the PSP neither confirms nor cancels within this is dropped. */
const HOLD_TIMEOUT = '24 hours';
/** Payments started before this patch record the top-up and their final state with regular activities only. */
const LOCAL_AFTER_CREDIT = 'payment-local-after-credit';

export const paymentStatusQuery = defineQuery<PaymentStatus>('status');
export const confirmUpdate = defineUpdate<ConfirmVerdict>(CONFIRM_UPDATE);
export const cancelUpdate = defineUpdate<CancelVerdict>(CANCEL_UPDATE);
/** Payments accepted before cancel and confirm were Updates were sent signals; their histories must still replay. */
const legacyConfirmSignal = defineSignal(CONFIRM_UPDATE);
const legacyCancelSignal = defineSignal(CANCEL_UPDATE);

/** (Wait for the PSP's confirm,) (verify with the PSP,) credit the driver, record the top-up, mark it processed. */
export async function payment(input: PaymentInput): Promise<PaymentStatus> {
  const status: PaymentStatus = {
    state: 'accepted',
    step: input.hold ? 'awaiting_confirm' : 'crediting',
    cancelRequested: false,
  };
  let confirmed = false;
  // From the first credit attempt on, billing may hold the money whatever the activity's outcome says.
  let creditMayBeApplied = false;
  // Set once the workflow is rejecting for its own reason: a cancel then has nothing left to stop.
  let rejecting = false;
  const confirm = (): ConfirmVerdict => {
    if (confirmed) return 'already_confirmed';
    if (status.cancelRequested || status.step !== 'awaiting_confirm') return 'too_late';
    confirmed = true;
    return 'will_credit';
  };
  const cancel = (): CancelVerdict => {
    if (status.step === 'done') return 'already_finished';
    if (rejecting) return 'dropped';
    status.cancelRequested = true;
    return creditMayBeApplied ? 'will_reverse' : 'dropped';
  };
  setHandler(paymentStatusQuery, () => status);
  setHandler(confirmUpdate, confirm, {
    validator: () => {
      if (!input.hold) throw new Error('the payment is not held: there is nothing to confirm');
    },
  });
  setHandler(cancelUpdate, cancel);
  setHandler(legacyConfirmSignal, () => void (confirmed = true));
  setHandler(legacyCancelSignal, () => void (status.cancelRequested = true));

  const reject = async (reason: string) => {
    rejecting = true;
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
    creditMayBeApplied = true;
    await neighbours.creditDriver(input);
  } catch (err) {
    const reason = businessRejection(err);
    if (reason === undefined) throw err;
    return reject(reason);
  }

  // The driver has the money now: the record must follow, however long it takes, so it is not allowed to reject.
  // The credit stays a regular activity: its scheduled event is the durable mark that billing may hold the money, which
  // a cancel handled on a later replay must see. The two idempotent steps after it run in this workflow task first.
  status.step = 'recording';
  const run = patched(LOCAL_AFTER_CREDIT) ? locallyFirst : regularOnly;
  await run((a) => a.recordFleetTransaction(input, 'partner_service_payment'), neighbours);

  if (!status.cancelRequested) {
    status.step = 'finishing';
    status.state = await run((a) => a.finishTransaction(input, 'processed'), ledger);
  }
  // A cancel accepted while the payment was being marked processed is honoured here, not dropped on the floor.
  if (status.cancelRequested) {
    status.step = 'reversing';
    status.state = await reverseCreditedPayment(input);
    status.rejectReason = CANCELLED_AND_REVERSED;
  }
  status.step = 'done';
  return status;
}

type Steps = Pick<PaymentActivities, 'recordFleetTransaction' | 'finishTransaction'>;
type Step<T> = (activities: Steps) => Promise<T>;

const regularOnly = <T>(step: Step<T>, regular: Steps): Promise<T> => step(regular);

/** The step as a local activity; if that fails or runs long, as a regular one, retried for as long as it takes. */
async function locallyFirst<T>(step: Step<T>, regular: Steps): Promise<T> {
  try {
    return await step(local);
  } catch (err) {
    // Not only ActivityFailure: replayed from its marker, a failed local attempt is the bare cause (TimeoutFailure…).
    if (!(err instanceof TemporalFailure)) throw err;
    return step(regular);
  }
}

/** The message of an activity's business refusal (never retried); undefined for any other failure. */
export function businessRejection(err: unknown): string | undefined {
  if (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === BUSINESS_REJECTION
  ) {
    return err.cause.message;
  }
  return undefined;
}
