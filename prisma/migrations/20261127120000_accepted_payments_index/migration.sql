-- The payment sweep also asks Temporal about accepted payments whose workflow did start (it may have been terminated
-- or lost to retention). Accepted rows are the few in flight; a partial index keeps that scan as small as they are.
CREATE INDEX "transactions_accepted_created_at_idx" ON "transactions"("created_at") WHERE "state" = 'accepted';
