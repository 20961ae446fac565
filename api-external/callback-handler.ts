import type { Logger } from 'pino';
import type { BillingClient } from '../clients/billing';
import type { DriverProfilesClient } from '../clients/driver-profiles';
import { NeighbourUnavailableError } from '../clients/errors';
import { isIpAllowed } from '../psp/ip-allow-list';
import type {
  CheckCommand,
  HttpAnswer,
  Outcome,
  PayCommand,
  PspAdapter,
  PspCommand,
  PspRequest,
  WalletContext,
} from '../psp/types';
import type { LinkAndWallet, LinkStore } from '../storage/links';
import type { WalletStore } from '../storage/wallets';
import type { Invoices } from '../application/invoices';
import type { PaymentDesk } from '../application/payment-desk';
import { createDriverEligibility } from '../application/driver-eligibility';

export interface CallbackDeps {
  links: LinkStore;
  wallets: WalletStore;
  /** Link and wallet in one read where it can (`undefined`: it cannot now); without it, links then wallets. */
  linkAndWallet?: (token: string) => Promise<LinkAndWallet | null | undefined>;
  drivers: DriverProfilesClient;
  /** Asked alongside driver profiles for what billing would refuse; without it only the profile is checked. */
  billing?: Pick<BillingClient, 'account'>;
  desk: PaymentDesk;
  /** Where notifications of our own bills find their invoice; without it such notifications are refused. */
  invoices?: Pick<Invoices, 'notified'>;
  log: Logger;
}

const refused = (reason: Extract<Outcome, { kind: 'refused' }>['reason'], message: string): Outcome => ({
  kind: 'refused',
  reason,
  message,
});

/** One PSP call: link → wallet → IP → credentials → parse → check or pay → the PSP's own answer. */
export function createCallbackHandler(deps: CallbackDeps) {
  const eligible = createDriverEligibility(deps);

  async function linkAndWallet(token: string): Promise<LinkAndWallet | null> {
    const together = deps.linkAndWallet ? await deps.linkAndWallet(token) : undefined;
    if (together !== undefined) return together;
    const link = await deps.links.resolve(token);
    const wallet = link && (await deps.wallets.get(link.parkId, link.walletId));
    return link && wallet ? { link, wallet } : null;
  }

  async function resolveWallet(adapter: PspAdapter, token: string): Promise<WalletContext | null> {
    const found = await linkAndWallet(token);
    if (!found) return null;
    const { link, wallet } = found;
    if (!wallet.enabled || wallet.psp !== adapter.code) return null;
    deps.links
      .touch(link.id)
      .catch((err: unknown) => deps.log.warn({ err, linkId: link.id }, 'could not record link use'));
    // Most terminal PSPs have no credentials: skip the second read and the decryption for them.
    const credentials = wallet.sealedCredentials ? await deps.wallets.credentials(wallet.parkId, wallet.id) : {};
    return {
      id: wallet.id,
      parkId: wallet.parkId,
      psp: wallet.psp,
      currency: wallet.currency,
      settings: wallet.settings,
      credentials,
    };
  }

  const check = (wallet: WalletContext, cmd: CheckCommand): Promise<Outcome> => eligible(wallet, cmd.account);

  async function pay(wallet: WalletContext, notified: PayCommand): Promise<Outcome> {
    let cmd = notified;
    if (cmd.byInvoice) {
      const found = deps.invoices
        ? await deps.invoices.notified(wallet, cmd)
        : refused('unknown_payment', 'no invoices here');
      if (found.kind !== 'pay') return found;
      cmd = found;
    }
    const existing = await deps.desk.existing(wallet, cmd.pspTxnId);
    if (existing) return deps.desk.replay(existing, cmd);
    const verdict = await check(wallet, { kind: 'check', account: cmd.account });
    if (verdict.kind !== 'check_ok') return verdict;
    return deps.desk.accept(wallet, cmd);
  }

  function execute(wallet: WalletContext, cmd: PspCommand): Promise<Outcome> | Outcome {
    switch (cmd.kind) {
      case 'check':
        return check(wallet, cmd);
      case 'pay':
        return pay(wallet, cmd);
      case 'confirm':
        return deps.desk.confirm(wallet, cmd.ref);
      case 'cancel':
        return deps.desk.cancel(wallet, cmd.ref);
      case 'status':
        return deps.desk.status(wallet, cmd.ref);
      case 'statement':
        return deps.desk.statement(wallet, cmd.from, cmd.to);
      case 'ping':
        return { kind: 'pong' };
      case 'ignore':
        return { kind: 'ignored' };
    }
  }

  /** Fills `call` as it goes, so even a failure half-way is answered with what the PSP's envelope must echo. */
  async function decide(adapter: PspAdapter, token: string, req: PspRequest, call: Call): Promise<Outcome> {
    const wallet = await resolveWallet(adapter, token);
    if (!wallet) return refused('unknown_link', 'unknown or revoked link');
    call.wallet = wallet;
    const allowList = (wallet.settings.ipAllowList as string[] | undefined) ?? adapter.defaultIpAllowList;
    if (!isIpAllowed(req.clientIp, allowList)) return refused('forbidden', 'source address not allowed');
    const verified = adapter.verify(req, wallet);
    if (!verified.ok) return refused(verified.reason, verified.message);
    const parsed = adapter.parse(req, wallet);
    call.context = parsed.context;
    if (!parsed.ok) return refused(parsed.reason, parsed.message);
    call.operation = parsed.command.kind;
    return execute(wallet, parsed.command);
  }

  return async function handle(adapter: PspAdapter, token: string, req: PspRequest): Promise<HandledCall> {
    const call: Call = {};
    let outcome: Outcome;
    try {
      outcome = await decide(adapter, token, req, call);
    } catch (err) {
      // Our side failed (database, Temporal, a neighbour): tell the PSP to retry; a retry converges on one payment.
      const unavailable = err instanceof NeighbourUnavailableError;
      deps.log.error(
        { err: unavailable ? err.message : err, psp: adapter.code, walletId: call.wallet?.id },
        'PSP call failed',
      );
      outcome = refused('temporary', 'temporary error, retry later');
    }
    const result = outcome.kind === 'refused' ? outcome.reason : outcome.kind;
    deps.log.info({ psp: adapter.code, parkId: call.wallet?.parkId, walletId: call.wallet?.id, result }, 'PSP call');
    const answer = adapter.render(outcome, call.context, req, call.wallet);
    return { answer, operation: call.operation ?? 'unknown', result };
  };
}

interface Call {
  wallet?: WalletContext;
  context?: unknown;
  operation?: PspCommand['kind'];
}

/** The PSP's answer, and for metrics the command (`unknown` when refused before parsing) and the result. */
export interface HandledCall {
  answer: HttpAnswer;
  operation: PspCommand['kind'] | 'unknown';
  result: string;
}

export type CallbackHandler = ReturnType<typeof createCallbackHandler>;
