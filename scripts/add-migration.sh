#!/usr/bin/env bash
# Adds one EF Core migration for both providers, so SQLite and PostgreSQL never drift apart.
# Usage: scripts/add-migration.sh NameOfChange
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NameOfChange}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Byline.Web
dotnet ef migrations add "$name" --project "$project" --context SqliteBylineDbContext \
  --output-dir Infrastructure/Data/Migrations/Sqlite
dotnet ef migrations add "$name" --project "$project" --context PostgresBylineDbContext \
  --output-dir Infrastructure/Data/Migrations/Postgres
