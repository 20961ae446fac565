-- The Redis→Postgres wallet migration as data. Each move of the phase is a row: the newest row is the phase every
-- process follows, and a forced move keeps its reason. No row yet: the processes' bootstrap flags decide.
CREATE TABLE "wallet_migration_phases" (
    "id" BIGSERIAL PRIMARY KEY,
    "phase" TEXT NOT NULL CHECK ("phase" IN ('redis-primary', 'pg-primary', 'pg-only')),
    "previous" TEXT,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "changed_by" TEXT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- One finished comparison of the two stores: counts and a few samples (ids and field names, never values).
CREATE TABLE "wallet_migration_verifications" (
    "id" BIGSERIAL PRIMARY KEY,
    "workflow_id" TEXT NOT NULL,
    "park_prefix" TEXT NOT NULL DEFAULT '',
    "parks" INTEGER NOT NULL,
    "redis_wallets" INTEGER NOT NULL,
    "postgres_wallets" INTEGER NOT NULL,
    "missing" INTEGER NOT NULL,
    "extra" INTEGER NOT NULL,
    "different" INTEGER NOT NULL,
    "samples" JSONB NOT NULL DEFAULT '[]',
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Wallets whose legacy Redis copy may lag Postgres: written before the Postgres write, removed once Redis holds
-- what Postgres holds. A row left behind is a repair still owed, never a write dropped.
CREATE TABLE "wallet_mirror_repairs" (
    "park_id" TEXT NOT NULL,
    "wallet_id" UUID NOT NULL,
    "enqueued_at" TIMESTAMPTZ(6) NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT "wallet_mirror_repairs_pkey" PRIMARY KEY ("park_id", "wallet_id")
);
