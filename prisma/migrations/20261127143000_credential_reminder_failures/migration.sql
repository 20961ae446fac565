-- A reminder the SMTP server refused for good (5xx to RCPT TO or DATA) is not retried: it is marked failed, with
-- the server's codes as the reason (never a credential), so runs and retries stop trying it.
ALTER TABLE "credential_reminders" ADD COLUMN "failed_at" TIMESTAMPTZ(3);
ALTER TABLE "credential_reminders" ADD COLUMN "failure" TEXT;
