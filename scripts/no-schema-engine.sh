#!/bin/sh
# Stand-in for Prisma's native schema engine, which can't be downloaded here (and isn't wanted: banks'
# servers are air-gapped). `prisma generate` only checks that PRISMA_SCHEMA_ENGINE_BINARY exists; anything
# that actually runs the engine (prisma migrate / db push / db pull) ends up here and fails loudly.
echo "complaint-desk: the native Prisma schema engine is not installed on purpose." >&2
echo "  Migrations are made with 'npm run db:diff -- <name>' and applied at start-up (src/db/migrate.ts)," >&2
echo "  both through @prisma/schema-engine-wasm. Don't use 'prisma migrate' / 'prisma db push' here." >&2
exit 1
