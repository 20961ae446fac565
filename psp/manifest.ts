import type { PspCode } from '../domain/psp-codes';
import type { PspSimulator } from './simulator';
import type { PspAdapter } from './types';

/** What a PSP's API is asked about a payment it notified us of: the facts the notification claimed. */
export interface NotifiedPayment {
  parkId: string;
  walletId: string;
  pspTxnId: string;
  /** Integer minor units as a decimal string, as the payment workflow carries it. */
  amountMinor: string;
  currency: string;
}

export type PaymentVerdict = { verified: true } | { verified: false; reason: string };

/** Asks the PSP's own API whether a notified payment really happened: a notification alone is not proof. */
export type PaymentVerifier = (payment: NotifiedPayment) => Promise<PaymentVerdict>;

/** Loads a wallet's decrypted credentials inside the activity, so secrets never travel through workflow history. */
export type CredentialsLoader = (parkId: string, walletId: string) => Promise<Record<string, string>>;

export interface ApiOptions {
  baseUrl: string;
  timeoutMs: number;
}

/** A stand-in as its starter hands it back: where it listens and how to stop it. */
export interface RunningStandIn {
  url: string;
  close(): Promise<void>;
}
export type StandInStarter = (port?: number, opts?: { host?: string }) => Promise<RunningStandIn>;

/** An API of the PSP's that we call (verify a charge, create a bill), with the stand-in that plays it locally. */
export interface PspApi<UrlKey extends string = string, Client = unknown> {
  /** The stand-in's name: `stand-ins/main.ts` takes its port from `<NAME>_PORT` (`qiwi-pull`: QIWI_PULL_PORT). */
  readonly name: string;
  /** The config variable holding the API's base URL; tests and `npm start` point it at the stand-in. */
  readonly urlConfigKey: UrlKey;
  /** Where the stand-in listens under `npm start`. */
  readonly standInPort: number;
  client(options: ApiOptions): Client;
  /**
   * Loaded on demand only: product code reads manifests, and a static import here would pull a stand-in into
   * the gateways and workers. Only `stand-ins/` calls it.
   */
  standIn(): Promise<StandInStarter>;
  /** For PSPs whose PAY is credited only after their API confirms it (PayCommand.verifyWithPsp). */
  verifier?(client: Client, credentials: CredentialsLoader): PaymentVerifier;
}

/** Everything the system needs to know about one PSP; `psp/manifests.ts` lists them and every registry reads it. */
export interface PspManifest<Code extends PspCode = PspCode, UrlKey extends string = string, Client = unknown> {
  readonly code: Code;
  /** The callback contract: `/psp/{code}/{link secret}`. Its `settingsProblem` judges a wallet's settings. */
  readonly adapter: PspAdapter;
  /** The PSP's side of that contract, for `npm run psp-sim` and the end-to-end tests. */
  readonly simulator: PspSimulator;
  /** ISO 4217 codes the PSP pays in, as its README states (documented or assumed); the first is the usual one. */
  readonly currencies: readonly [string, ...string[]];
  /**
   * The least a park must set for a new wallet in `currency` to be accepted (`{}` for most PSPs). Values that stand
   * for the park's own contract data (an account number, a service id) are placeholders.
   */
  readonly starterSettings?: (currency: string) => Readonly<Record<string, unknown>>;
  /** A PSP speaking a shared protocol unchanged keeps its README and fixtures in that protocol's folder. */
  readonly sharedProtocol?: 'osmp';
  readonly api?: PspApi<UrlKey, Client>;
}

/** Keeps the literal code and config key of each manifest, so the list can be checked against them at compile time. */
export function definePspManifest<const Code extends PspCode, const UrlKey extends string = never, Client = unknown>(
  manifest: PspManifest<Code, UrlKey, Client>,
): PspManifest<Code, UrlKey, Client> {
  return manifest;
}
