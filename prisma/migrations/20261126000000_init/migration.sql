-- CreateEnum
CREATE TYPE "transaction_state" AS ENUM ('accepted', 'processed', 'rejected');

-- CreateTable
CREATE TABLE "wallets" (
    "id" UUID NOT NULL,
    "park_id" TEXT NOT NULL,
    "psp" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "wallets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "callback_links" (
    "id" UUID NOT NULL,
    "wallet_id" UUID NOT NULL,
    "park_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "callback_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable: hash-partitioned by park, 128 parts, like the legacy table. Keys must include park_id.
CREATE TABLE "transactions" (
    "id" BIGSERIAL NOT NULL,
    "park_id" TEXT NOT NULL,
    "wallet_id" UUID NOT NULL,
    "psp" TEXT NOT NULL,
    "psp_txn_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "state" "transaction_state" NOT NULL DEFAULT 'accepted',
    "psp_paid_at" TIMESTAMPTZ(3),
    "workflow_id" TEXT NOT NULL,
    "reject_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("park_id", "id")
) PARTITION BY HASH ("park_id");

DO $$
BEGIN
  FOR i IN 0..127 LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "transactions" FOR VALUES WITH (MODULUS 128, REMAINDER %s)',
      'transactions_p' || lpad(i::text, 3, '0'), i);
  END LOOP;
END
$$;

-- CreateIndex
CREATE INDEX "wallets_park_id_idx" ON "wallets"("park_id");

-- CreateIndex
CREATE UNIQUE INDEX "callback_links_token_hash_key" ON "callback_links"("token_hash");

-- CreateIndex
CREATE INDEX "callback_links_wallet_id_idx" ON "callback_links"("wallet_id");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_park_id_wallet_id_psp_txn_id_key" ON "transactions"("park_id", "wallet_id", "psp_txn_id");

-- CreateIndex
CREATE INDEX "transactions_park_id_created_at_idx" ON "transactions"("park_id", "created_at");

-- AddForeignKey
ALTER TABLE "callback_links" ADD CONSTRAINT "callback_links_wallet_id_fkey" FOREIGN KEY ("wallet_id") REFERENCES "wallets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
