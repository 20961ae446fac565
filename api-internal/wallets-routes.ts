import type { Response } from 'express';
import { z } from 'zod';
import { isSupportedCurrency } from '../domain/money';
import { PSP_CODES } from '../domain/psp-codes';
import { isIpEntry } from '../psp/ip-allow-list';
import type { CallbackLinks, IssuedLink, LinkRefusal } from '../application/links';
import { credentialsStatus } from '../application/credential-expiry';
import type { WalletOutcome, Wallets } from '../application/wallets';
import type { LinkRecord } from '../storage/links';
import type { WalletRecord } from '../storage/wallets';
import { errorBody, invalidField, operation, type Operation } from './operations';
import { parkParams } from './params';

export interface WalletRoutesDeps {
  wallets: Wallets;
  links: CallbackLinks;
}

const walletParams = parkParams.extend({ walletId: z.guid() });

const settings = z
  .record(z.string(), z.unknown())
  .refine(
    (s) =>
      s.ipAllowList === undefined ||
      (Array.isArray(s.ipAllowList) && s.ipAllowList.every((c) => typeof c === 'string' && isIpEntry(c))),
    { message: 'ipAllowList must be a list of addresses or CIDR ranges', path: ['ipAllowList'] },
  )
  .describe('non-secret, PSP-specific settings (ipAllowList, parameter names, …)');

/** Write-only PSP credentials (API keys, passwords): sealed at rest, never returned, never logged. */
const credentials = z
  .record(z.string().min(1).max(100), z.string().max(4096))
  .refine((c) => Object.keys(c).length <= 50, { message: 'at most 50 credential fields' })
  .describe('write-only: sealed at rest, never returned; the answer shows hasCredentials only');

const credentialsExpireAt = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .describe('when the credentials stop working; saved with them (QIWI: a year after the save unless given)');

const credentialsStatuses = ['ok', 'expiring', 'expired', 'invalid', 'missing'] as const;

const newWallet = z.strictObject({
  psp: z.enum(PSP_CODES),
  name: z.string().trim().min(1).max(200),
  currency: z.string().refine(isSupportedCurrency, { message: 'unsupported currency' }).describe('ISO 4217'),
  settings: settings.default({}),
  credentials: credentials.optional(),
  credentialsExpireAt: credentialsExpireAt.optional(),
});

const walletChanges = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    settings,
    enabled: z.boolean(),
    credentials: credentials.nullable(),
    credentialsExpireAt: credentialsExpireAt.nullable(),
  })
  .partial();

const walletSchema = z.object({
  id: z.string(),
  parkId: z.string(),
  psp: z.enum(PSP_CODES),
  name: z.string(),
  currency: z.string(),
  settings: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  hasCredentials: z.boolean(),
  credentialsUpdatedAt: z.iso.datetime().nullable(),
  credentialsExpireAt: z.iso.datetime().nullable(),
  credentialsStatus: z
    .enum(credentialsStatuses)
    .describe('missing: none saved; invalid: the PSP refused them; expiring: within 30 days; expired'),
});
const linkSchema = z.object({
  id: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
const issuedLinkSchema = linkSchema.extend({
  url: z.string().describe('the full callback URL with its secret: shown in this answer only'),
});

const walletView = ({
  id,
  parkId,
  psp,
  name,
  currency,
  settings: s,
  enabled,
  createdAt,
  updatedAt,
  sealedCredentials,
}: WalletRecord) => ({
  id,
  parkId,
  psp,
  name,
  currency,
  settings: s,
  enabled,
  createdAt,
  updatedAt,
  hasCredentials: sealedCredentials !== null,
  credentialsUpdatedAt: sealedCredentials?.updatedAt ?? null,
  credentialsExpireAt: sealedCredentials?.expiresAt ?? null,
  credentialsStatus: credentialsStatus(sealedCredentials, new Date()),
});

const linkView = ({ id, prefix, createdAt, revokedAt, lastUsedAt }: LinkRecord) => ({
  id,
  prefix,
  createdAt,
  revokedAt,
  lastUsedAt,
});

const notFound = (res: Response) => void res.status(404).json({ error: 'not_found', message: 'wallet not found' });
const missing = { 404: { description: 'no such wallet in this park', schema: errorBody } };

/** How long a dispatcher should wait before saving again when the PSP could not be asked about new credentials. */
const PSP_RETRY_AFTER_SECONDS = 60;

const renderWallet = (res: Response, outcome: WalletOutcome, status = 200) => {
  if ('wallet' in outcome) return void res.status(status).json(walletView(outcome.wallet));
  if (outcome.refused === 'not_found') return notFound(res);
  if (outcome.refused === 'credentials_refused')
    return void res.status(409).json({ error: outcome.refused, message: `${outcome.problem}; the old ones stay` });
  if (outcome.refused === 'psp_unavailable') {
    res.set('retry-after', String(PSP_RETRY_AFTER_SECONDS));
    const message = `${outcome.problem}; the old credentials stay in force, save again in a minute`;
    return void res.status(503).json({ error: outcome.refused, message });
  }
  invalidField(res, outcome.refused, outcome.problem);
};

const renderIssued = (res: Response, issued: IssuedLink | LinkRefusal) => {
  if (issued === 'wallet_not_found') return notFound(res);
  if (issued === 'no_live_link')
    return void res
      .status(409)
      .json({ error: 'conflict', message: 'the wallet has no live link to regenerate; issue one' });
  res.status(201).json({ ...linkView(issued.link), url: issued.url });
};

/** Wallets of one park and their callback links. The link secret leaves this service once, in the issue answer. */
export function walletOperations({ wallets, links }: WalletRoutesDeps): Operation[] {
  const base = '/v1/parks/{parkId}/wallets';
  const common = { tag: 'wallets', access: 'park' as const };

  return [
    operation({
      ...common,
      id: 'createWallet',
      method: 'post',
      path: base,
      summary: 'Create a wallet (credentials are write-only)',
      params: parkParams,
      body: newWallet,
      responses: { 201: { description: 'created', schema: walletSchema } },
      async handle({ params, body }, _req, res) {
        renderWallet(res, await wallets.create({ ...body, parkId: params.parkId }), 201);
      },
    }),
    operation({
      ...common,
      id: 'listWallets',
      method: 'get',
      path: base,
      summary: "The park's live wallets",
      params: parkParams,
      responses: { 200: { description: 'the wallets', schema: z.object({ items: z.array(walletSchema) }) } },
      async handle({ params }, _req, res) {
        res.json({ items: (await wallets.list(params.parkId)).map(walletView) });
      },
    }),
    operation({
      ...common,
      id: 'getWallet',
      method: 'get',
      path: `${base}/{walletId}`,
      summary: 'One wallet',
      params: walletParams,
      responses: { 200: { description: 'the wallet', schema: walletSchema }, ...missing },
      async handle({ params }, _req, res) {
        const wallet = await wallets.get(params.parkId, params.walletId);
        if (!wallet) return notFound(res);
        res.json(walletView(wallet));
      },
    }),
    operation({
      ...common,
      id: 'updateWallet',
      method: 'patch',
      path: `${base}/{walletId}`,
      summary: 'Change name, settings, enabled, or credentials (an object replaces them, null removes them)',
      params: walletParams,
      body: walletChanges,
      responses: {
        200: { description: 'the changed wallet', schema: walletSchema },
        // New credentials of a PSP that can be asked (QIWI) are checked before they replace the old ones.
        409: {
          description: 'credentials_refused: the PSP refused the new credentials; nothing changed',
          schema: errorBody,
        },
        503: {
          description: 'psp_unavailable: the PSP gave no verdict on the new credentials; nothing changed (Retry-After)',
          schema: errorBody,
        },
        ...missing,
      },
      async handle({ params, body }, _req, res) {
        renderWallet(res, await wallets.update(params.parkId, params.walletId, body));
      },
    }),
    operation({
      ...common,
      id: 'deleteWallet',
      method: 'delete',
      path: `${base}/{walletId}`,
      summary: 'Delete (soft) a wallet and revoke its link',
      params: walletParams,
      responses: { 204: { description: 'deleted' }, ...missing },
      async handle({ params }, _req, res) {
        if (!(await wallets.remove(params.parkId, params.walletId))) return notFound(res);
        res.status(204).end();
      },
    }),
    operation({
      ...common,
      id: 'issueLink',
      method: 'post',
      path: `${base}/{walletId}/link`,
      summary: 'Issue a callback link (the secret URL is returned once); live links of the wallet are revoked',
      params: walletParams,
      responses: { 201: { description: 'issued', schema: issuedLinkSchema }, ...missing },
      async handle({ params }, _req, res) {
        renderIssued(res, await links.issue(params.parkId, params.walletId));
      },
    }),
    operation({
      ...common,
      id: 'regenerateLink',
      method: 'post',
      path: `${base}/{walletId}/link/regenerate`,
      summary: 'New secret for a wallet with a live link; the old one is refused from the next request on',
      params: walletParams,
      responses: {
        201: { description: 'regenerated', schema: issuedLinkSchema },
        409: { description: 'no live link to regenerate', schema: errorBody },
        ...missing,
      },
      async handle({ params }, _req, res) {
        renderIssued(res, await links.regenerate(params.parkId, params.walletId));
      },
    }),
    operation({
      ...common,
      id: 'listLinks',
      method: 'get',
      path: `${base}/{walletId}/links`,
      summary: "The wallet's links (prefix and times, never the secret)",
      params: walletParams,
      responses: { 200: { description: 'newest first', schema: z.object({ items: z.array(linkSchema) }) }, ...missing },
      async handle({ params }, _req, res) {
        const items = await links.list(params.parkId, params.walletId);
        if (!items) return notFound(res);
        res.json({ items: items.map(linkView) });
      },
    }),
    operation({
      ...common,
      id: 'revokeLink',
      method: 'delete',
      path: `${base}/{walletId}/link`,
      summary: "Revoke the wallet's live link",
      params: walletParams,
      responses: { 204: { description: 'revoked' }, ...missing },
      async handle({ params }, _req, res) {
        if (!(await links.revoke(params.parkId, params.walletId))) return notFound(res);
        res.status(204).end();
      },
    }),
  ];
}
