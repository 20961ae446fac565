-- Whether the payment's workflow is known to have started. The payment sweep looks only at accepted payments whose
-- workflow start was never confirmed; few rows ever are, so a partial index keeps that scan tiny.
ALTER TABLE "transactions" ADD COLUMN "workflow_started" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "transactions_unstarted_created_at_idx" ON "transactions"("created_at") WHERE "state" = 'accepted' AND NOT "workflow_started";
