/** Workflow ids of the wallet migration are business keys: a second start for the same key joins the running one. */
export const walletBackfillWorkflowId = (parkPrefix = '') => `wallet-backfill:${parkPrefix || '*'}`;
export const walletVerifyWorkflowId = (parkPrefix = '') => `wallet-verify:${parkPrefix || '*'}`;
export const walletMirrorRepairWorkflowId = (parkId: string, walletId: string) =>
  `walletMirrorRepair:${parkId}:${walletId}`;
