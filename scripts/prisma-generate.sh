#!/usr/bin/env bash
# `prisma generate` wants a schema-engine binary it never runs for generation; offline it cannot download one.
# Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download (see shared toolchain notes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec npx --no-install prisma generate --schema prisma/schema.prisma
