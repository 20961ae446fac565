import fc from 'fast-check';
import { Script } from 'node:vm';

// Stryker runs at nice 19 beside other work, and a park's account pattern runs under a 20 ms budget
// (psp/shared/account-pattern.ts): a descheduled worker overruns it and a good account reads as a refusal. Ten
// times the budget keeps such patterns matching; a catastrophic one still stops far inside its test's second.
// Retrying failed tests instead made every killed mutant run its suite three times and time out.
const scaled = Symbol.for('fleet.mutation.scaledBudget');
const proto = Script.prototype as Script & { [scaled]?: true };
if (!proto[scaled]) {
  const run = proto.runInContext;
  proto.runInContext = function (this: Script, context, options) {
    const timeout = options?.timeout === undefined ? undefined : options.timeout * 10;
    return run.call(this, context, options && { ...options, timeout });
  };
  proto[scaled] = true;
}

// A mutant that breaks a property fails its first counterexample; shrinking it to the smallest one is for people
// reading a failure, and under a mutant it ran past Stryker's timeout.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
