-- Held payments (credited only on the PSP's confirm), PSP-verified payments, confirmations and PSP cancellations.
ALTER TABLE "transactions" ADD COLUMN "hold" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "transactions" ADD COLUMN "verify_with_psp" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "transactions" ADD COLUMN "confirmed_at" TIMESTAMPTZ(3);
ALTER TABLE "transactions" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3);
