-- A payment the PSP was told succeeded but that was not credited (billing refused it, no workflow drives it) waits
-- for ops: re-driven (credited after all) or settled (refunded outside the system, with a note).
ALTER TABLE "transactions" ADD COLUMN "attention_reason" TEXT;
ALTER TABLE "transactions" ADD COLUMN "attention_at" TIMESTAMPTZ(3);
ALTER TABLE "transactions" ADD COLUMN "attention_action" TEXT;
ALTER TABLE "transactions" ADD COLUMN "attention_note" TEXT;
ALTER TABLE "transactions" ADD COLUMN "attention_resolved_at" TIMESTAMPTZ(3);

-- The open ones are few; ops list them across parks, a dispatcher within one park.
CREATE INDEX "transactions_attention_open_idx" ON "transactions"("park_id", "attention_at")
  WHERE "attention_reason" IS NOT NULL AND "attention_resolved_at" IS NULL;
