-- CreateTable: invoices a driver issues from Pro (QIWI bills, Paystack checkouts). The id is ours and is also the
-- PSP's bill id / reference, so a notification finds its invoice in our records, never in the PSP's free text.
CREATE TABLE "invoices" (
    "id" TEXT NOT NULL,
    "park_id" TEXT NOT NULL,
    "wallet_id" UUID NOT NULL,
    "driver_id" TEXT NOT NULL,
    "psp" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "phone" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'creating',
    "pay_url" TEXT,
    "failure_reason" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("park_id", "id"),
    CONSTRAINT "invoices_amount_minor_check" CHECK ("amount_minor" > 0),
    CONSTRAINT "invoices_status_check"
      CHECK ("status" IN ('creating', 'waiting', 'paid', 'held', 'cancelled', 'expired', 'failed'))
);

-- A double tap (same park, same Idempotency-Key) lands on one row.
CREATE UNIQUE INDEX "invoices_park_id_idempotency_key_key" ON "invoices"("park_id", "idempotency_key");
-- How a PSP notification finds its invoice: the wallet of the link and the bill id / reference.
CREATE UNIQUE INDEX "invoices_wallet_id_id_key" ON "invoices"("wallet_id", "id");
CREATE INDEX "invoices_park_id_created_at_id_idx" ON "invoices"("park_id", "created_at", "id");
CREATE INDEX "invoices_park_id_driver_id_created_at_id_idx" ON "invoices"("park_id", "driver_id", "created_at", "id");

-- CreateTable: the states an invoice went through, written in the same transaction as the state change.
CREATE TABLE "invoice_events" (
    "id" BIGSERIAL NOT NULL,
    "park_id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_events_pkey" PRIMARY KEY ("park_id", "id")
);

CREATE INDEX "invoice_events_park_id_invoice_id_idx" ON "invoice_events"("park_id", "invoice_id");
