/** fast-check scaffolding the adapters' property tests share: hostile inputs and the "never throws" checks. */
import fc from 'fast-check';
import { payAccepted } from '../fixtures';
import { REFUSALS, type Outcome, type PspAdapter, type PspRequest, type Refusal, type WalletContext } from '../types';

export { REFUSALS };

/** Any short text, lone surrogates and control characters included. */
export const anyText = fc.string({ unit: 'binary', maxLength: 80 });

/** Any settings a park could have stored, under any keys (or only under the given ones). */
export const anySettings = (...keys: string[]) =>
  fc.dictionary(keys.length ? fc.constantFrom(...keys) : fc.string(), fc.anything());

/** Any credentials: string values under any keys. */
export const anyCredentials = fc.dictionary(fc.string(), fc.string());

/** Any bytes, up to `maxLength`. */
export const anyBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes));

/** Every prefix of a sample, from empty to whole: a body cut off anywhere. */
export const anyPrefix = (sample: string) => fc.nat(sample.length).map((cut) => sample.slice(0, cut));

/** Up to `maxLength` url-encoded pairs: the protocol's names (and others), its typical values or any text. */
export function anyPairs(names: readonly string[], values: readonly string[], maxLength: number): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.constantFrom(...names), fc.oneof(anyText, fc.constantFrom(...values)));
  return fc.array(pair, { maxLength }).map((pairs) => new URLSearchParams(pairs).toString());
}

/** A passed CHECK with any driver id (and, with `displayName`, any or no name). */
export const anyCheckOk = (options: { displayName?: boolean } = {}): fc.Arbitrary<Outcome> =>
  options.displayName
    ? fc.record({
        kind: fc.constant('check_ok' as const),
        driverId: anyText,
        displayName: fc.option(anyText, { nil: undefined }),
      })
    : fc.record({ kind: fc.constant('check_ok' as const), driverId: anyText });

/** An accepted payment, first or repeated, with any of our ids and any amount. */
export const anyPayAccepted: fc.Arbitrary<Outcome> = fc
  .record({ prvTxn: anyText, amountMinor: fc.bigInt(), repeat: fc.boolean() })
  .map(({ repeat, ...payment }) => payAccepted(payment, repeat));

/** A refusal for any of `reasons` with any internal message. */
export const anyRefusal = (reasons: readonly Refusal[] = REFUSALS): fc.Arbitrary<Outcome> =>
  fc.record({ kind: fc.constant('refused' as const), reason: fc.constantFrom(...reasons), message: anyText });

/** A whole number of minor units as the decimal with two places the terminal protocols send. */
export const decimal = (minor: bigint): string => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

type VerifyAndParse<Ctx> = Pick<PspAdapter<Ctx>, 'verify' | 'parse'>;

/** Verify gives a verdict (a pass, forbidden or unauthorized) and parse a command or one of `refusals`. */
export function expectAnswered<Ctx>(
  adapter: VerifyAndParse<Ctx>,
  req: PspRequest,
  wallet: WalletContext,
  refusals: readonly Refusal[] = REFUSALS,
) {
  const verified = adapter.verify(req, wallet);
  expect(verified.ok || ['forbidden', 'unauthorized'].includes(verified.reason)).toBe(true);
  const parsed = adapter.parse(req, wallet);
  expect(parsed.ok || refusals.includes(parsed.reason)).toBe(true);
  return parsed;
}

/** The wallet with any settings in place of its own. */
export const withAnySettings = (wallet: WalletContext): fc.Arbitrary<WalletContext> =>
  anySettings().map((settings) => ({ ...wallet, settings }));

/** The "never throws" property: every request, for each of `wallets`, is answered as `expectAnswered` says. */
export function assertEveryRequestAnswered<Ctx>(
  adapter: VerifyAndParse<Ctx>,
  requests: fc.Arbitrary<PspRequest>,
  wallets: fc.Arbitrary<WalletContext>,
  numRuns: number,
) {
  fc.assert(
    fc.property(wallets, requests, (wallet, req) => {
      expectAnswered(adapter, req, wallet);
    }),
    { numRuns },
  );
}

/** What a terminal protocol's CHECK/PAY renders: a passed check (named or not), an accepted payment, a refusal, a pong. */
export const anyTerminalOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  anyCheckOk({ displayName: true }),
  anyPayAccepted,
  anyRefusal(),
  fc.constant({ kind: 'pong' as const }),
);

/** What a payment notification renders: ignored, an accepted payment (first or repeated), a refusal, a pong. */
export const anyNotificationOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.constant({ kind: 'ignored' as const }),
  fc.boolean().map((repeat) => payAccepted({}, repeat)),
  anyRefusal(),
  fc.constant({ kind: 'pong' as const }),
);
