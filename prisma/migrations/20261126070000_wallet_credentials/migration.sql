-- AlterTable: wallet credentials sealed at rest (compact JWE, dir + A256GCM) with the id of the key that sealed them.
ALTER TABLE "wallets" ADD COLUMN "credentials_ciphertext" TEXT,
ADD COLUMN "credentials_key_id" TEXT,
ADD COLUMN "credentials_updated_at" TIMESTAMPTZ(3);
