import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../system/metrics';
import type { HandledCall } from './callback-handler';

/** What a PSP call is counted as; the route fills it in once it knows, before answering. */
export type CallLabels = { psp: string; operation: HandledCall['operation'] | 'unknown'; result: string };

/**
 * Times a PSP call from its first byte to the last byte of our answer. The labels come from the route (`res.locals`),
 * set from the callback handler's outcome: never from the URL, which carries the link secret and any PSP path.
 */
export function timePspCallbacks(histogram: Metrics['pspCallbacks']) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const end = histogram.startTimer();
    res.once('close', () => {
      const labels = res.locals.pspCall as CallLabels | undefined;
      // No labels: no route took the call, or the PSP hung up before we knew what it was.
      end(labels ?? { psp: 'unknown', operation: 'unknown', result: 'unanswered' });
    });
    next();
  };
}

export function labelPspCall(res: Response, labels: CallLabels): void {
  res.locals.pspCall = labels;
}
