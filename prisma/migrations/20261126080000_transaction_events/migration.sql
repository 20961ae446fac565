-- CreateTable: the history of a transaction's states, written in the same statement as the state change.
-- Hash-partitioned by park like "transactions" (128 parts), so a park's history is read from one partition.
CREATE TABLE "transaction_events" (
    "id" BIGSERIAL NOT NULL,
    "park_id" TEXT NOT NULL,
    "transaction_id" BIGINT NOT NULL,
    "state" "transaction_state" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transaction_events_pkey" PRIMARY KEY ("park_id", "id")
) PARTITION BY HASH ("park_id");

DO $$
BEGIN
  FOR i IN 0..127 LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "transaction_events" FOR VALUES WITH (MODULUS 128, REMAINDER %s)',
      'transaction_events_p' || lpad(i::text, 3, '0'), i);
  END LOOP;
END
$$;

-- CreateIndex
CREATE INDEX "transaction_events_park_id_transaction_id_idx" ON "transaction_events"("park_id", "transaction_id");

-- Keyset pagination of a park's transactions, newest first, on (created_at, id); per driver for the driver view.
DROP INDEX "transactions_park_id_created_at_idx";
CREATE INDEX "transactions_park_id_created_at_id_idx" ON "transactions"("park_id", "created_at", "id");
CREATE INDEX "transactions_park_id_driver_id_created_at_id_idx" ON "transactions"("park_id", "driver_id", "created_at", "id");
