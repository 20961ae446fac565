-- When a wallet's PSP credentials stop working (QIWI: a year after they were saved, unless the dispatcher says
-- otherwise), and when the PSP last refused them. Both belong to the credentials: saving new ones resets them.
ALTER TABLE "wallets" ADD COLUMN "credentials_expire_at" TIMESTAMPTZ(3);
ALTER TABLE "wallets" ADD COLUMN "credentials_invalid_at" TIMESTAMPTZ(3);
-- The daily reminder run reads only live wallets whose credentials expire or were refused; few wallets ever do.
CREATE INDEX "wallets_credentials_expire_at_idx" ON "wallets"("credentials_expire_at")
  WHERE "deleted_at" IS NULL AND "credentials_ciphertext" IS NOT NULL AND "credentials_expire_at" IS NOT NULL;
CREATE INDEX "wallets_credentials_invalid_at_idx" ON "wallets"("credentials_invalid_at")
  WHERE "deleted_at" IS NULL AND "credentials_ciphertext" IS NOT NULL AND "credentials_invalid_at" IS NOT NULL;

-- Who in a park gets notices about its wallets (credential expiry, ...).
CREATE TABLE "park_notification_settings" (
    "park_id" TEXT NOT NULL,
    "emails" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "park_notification_settings_pkey" PRIMARY KEY ("park_id")
);

-- One row per reminder (wallet, threshold, expiry date; for `invalid` the time the PSP first refused them): the unique key is what makes a reminder go out once, however
-- many runs, retries or overlapping schedules reach it. `sent_at` is set in the same transaction that held the row
-- while the SMTP server accepted the message.
CREATE TABLE "credential_reminders" (
    "id" UUID NOT NULL,
    "wallet_id" UUID NOT NULL,
    "park_id" TEXT NOT NULL,
    "threshold" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "message_id" TEXT NOT NULL,
    "recipients" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "credential_reminders_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "credential_reminders_wallet_id_threshold_expires_at_key"
  ON "credential_reminders"("wallet_id", "threshold", "expires_at");
