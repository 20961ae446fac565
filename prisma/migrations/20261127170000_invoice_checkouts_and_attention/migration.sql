-- Later Paystack checkouts of one invoice (`<id>.<n>`), opened when the first initialize's answer was lost: Paystack
-- refuses the same reference twice, and nobody holds the lost checkout's URL. Notifications and polls find the
-- invoice by any of them: its id, or the id before the suffix plus this list.
ALTER TABLE "invoices" ADD COLUMN "checkout_references" TEXT[] NOT NULL DEFAULT '{}';

-- What the PSP reported paid when the invoice was held (another amount or currency): what ops confirm before a re-drive.
ALTER TABLE "invoices" ADD COLUMN "paid_amount_minor" BIGINT;
ALTER TABLE "invoices" ADD COLUMN "paid_currency" CHAR(3);
ALTER TABLE "invoices" ADD COLUMN "paid_reference" TEXT;
-- `redrive` while ops' re-drive holds a held invoice, `settle` once settled: the two exclude each other.
ALTER TABLE "invoices" ADD COLUMN "attention_action" TEXT;

-- `settled`: a held invoice ops marked refunded outside the system.
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_status_check";
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_status_check"
  CHECK ("status" IN ('creating', 'waiting', 'paid', 'held', 'cancelled', 'expired', 'failed', 'settled'));

-- Held invoices are few; ops list them across parks, a dispatcher within one park.
CREATE INDEX "invoices_held_idx" ON "invoices"("park_id", "updated_at") WHERE "status" = 'held';
