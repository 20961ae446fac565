import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { isSupportedCurrency } from '../domain/money';
import { PSP_CODES } from '../domain/psp-codes';
import { getAdapter } from '../psp/registry';
import type { LinkRecord, LinkStore } from '../storage/links';
import type { WalletRecord, WalletStore } from '../storage/wallets';

export interface WalletRoutesDeps {
  wallets: WalletStore;
  links: LinkStore;
  publicCallbackBaseUrl: string;
}

const settings = z.record(z.string(), z.unknown()).refine(
  (s) => s.ipAllowList === undefined || (Array.isArray(s.ipAllowList) && s.ipAllowList.every((c) => typeof c === 'string')),
  { message: 'ipAllowList must be a list of addresses or CIDR ranges', path: ['ipAllowList'] },
);

/** Write-only PSP credentials (API keys, passwords): sealed at rest, never returned, never logged. */
const credentials = z
  .record(z.string().min(1).max(100), z.string().max(4096))
  .refine((c) => Object.keys(c).length <= 50, { message: 'at most 50 credential fields' });

const newWallet = z.object({
  psp: z.enum(PSP_CODES).refine((p) => getAdapter(p) !== undefined, { message: 'this payment system is not available yet' }),
  name: z.string().trim().min(1).max(200),
  currency: z.string().refine(isSupportedCurrency, { message: 'unsupported currency' }),
  settings: settings.default({}),
  credentials: credentials.optional(),
});

const walletChanges = z
  .object({ name: z.string().trim().min(1).max(200), settings, enabled: z.boolean(), credentials: credentials.nullable() })
  .partial();

const walletView = ({ id, parkId, psp, name, currency, settings: s, enabled, createdAt, updatedAt, sealedCredentials }: WalletRecord) => ({
  id, parkId, psp, name, currency, settings: s, enabled, createdAt, updatedAt,
  hasCredentials: sealedCredentials !== null,
  credentialsUpdatedAt: sealedCredentials?.updatedAt ?? null,
});

const linkView = ({ id, prefix, createdAt, revokedAt, lastUsedAt }: LinkRecord) => ({ id, prefix, createdAt, revokedAt, lastUsedAt });

function invalid(res: Response, error: z.ZodError) {
  const issue = error.issues[0]!;
  res.status(400).json({ error: 'invalid_request', field: issue.path.join('.'), message: issue.message });
}

const notFound = (res: Response) => void res.status(404).json({ error: 'not_found', message: 'wallet not found' });

/** Wallets of one park and their callback links. The link secret leaves this service once, in the issue answer. */
export function walletRoutes({ wallets, links, publicCallbackBaseUrl }: WalletRoutesDeps) {
  const router = Router({ mergeParams: true });
  const park = (req: Request) => String(req.params.parkId);
  const walletOf = (req: Request) => wallets.get(park(req), String(req.params.walletId));

  router.post('/', async (req, res) => {
    const parsed = newWallet.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    res.status(201).json(walletView(await wallets.create({ ...parsed.data, parkId: park(req) })));
  });

  router.get('/', async (req, res) => {
    res.json({ items: (await wallets.list(park(req))).map(walletView) });
  });

  router.get('/:walletId', async (req, res) => {
    const wallet = await walletOf(req);
    if (!wallet) return notFound(res);
    res.json(walletView(wallet));
  });

  router.patch('/:walletId', async (req, res) => {
    const parsed = walletChanges.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const wallet = await wallets.update(park(req), String(req.params.walletId), parsed.data);
    if (!wallet) return notFound(res);
    res.json(walletView(wallet));
  });

  router.delete('/:walletId', async (req, res) => {
    if (!(await wallets.remove(park(req), String(req.params.walletId)))) return notFound(res);
    await links.revoke(park(req), String(req.params.walletId));
    res.status(204).end();
  });

  router.post('/:walletId/link', async (req, res) => {
    const wallet = await walletOf(req);
    if (!wallet) return notFound(res);
    const { token, link } = await links.issue(wallet.parkId, wallet.id);
    res.status(201).json({ ...linkView(link), url: `${publicCallbackBaseUrl}/psp/${wallet.psp}/${token}` });
  });

  /** A new secret for a wallet that has a live link; the old one is refused from the next request on. */
  router.post('/:walletId/link/regenerate', async (req, res) => {
    const wallet = await walletOf(req);
    if (!wallet) return notFound(res);
    const live = (await links.list(wallet.parkId, wallet.id)).some((l) => l.revokedAt === null);
    if (!live) return void res.status(409).json({ error: 'conflict', message: 'the wallet has no live link to regenerate; issue one' });
    const { token, link } = await links.issue(wallet.parkId, wallet.id);
    res.status(201).json({ ...linkView(link), url: `${publicCallbackBaseUrl}/psp/${wallet.psp}/${token}` });
  });

  router.get('/:walletId/links', async (req, res) => {
    const wallet = await walletOf(req);
    if (!wallet) return notFound(res);
    res.json({ items: (await links.list(wallet.parkId, wallet.id)).map(linkView) });
  });

  router.delete('/:walletId/link', async (req, res) => {
    const wallet = await walletOf(req);
    if (!wallet) return notFound(res);
    await links.revoke(wallet.parkId, wallet.id);
    res.status(204).end();
  });

  return router;
}
