#!/usr/bin/env bash
# EF Core migrations for every store and both providers, in one command.
#
#   bot/Database/migrations.sh add <Name>     adds migration <Name> to all six sets (3 contexts x SQLite, PostgreSQL)
#   bot/Database/migrations.sh add <Name> <project>   only to that project's two sets (bot, knowledge or connectors)
#   bot/Database/migrations.sh regenerate     deletes every set and makes a fresh "Initial" from the current model; only
#                                        while no released database has them applied (it rewrites history)
#   bot/Database/migrations.sh check          fails when a model has changes no migration covers
#
# Each context has a SQLite and a PostgreSQL type (e.g. SqliteStateDbContext, PostgresStateDbContext) with its own
# migrations folder, the "migrations with multiple providers" pattern of the EF Core docs.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null

# project  folder-in-project  namespace  context-base
sets=(
  "bot Conversations/Migrations HelpdeskBot.Bot.Conversations.Migrations StateDbContext"
  "knowledge Library/Migrations HelpdeskBot.Knowledge.Library.Migrations KnowledgeDbContext"
  "connectors BackOffice/Migrations HelpdeskBot.Connectors.BackOffice.Migrations BackOfficeDbContext"
)

each() {
  local action=$1 name=${2:-} only=${3:-}
  for set in "${sets[@]}"; do
    read -r project folder namespace context <<<"$set"
    [[ -z $only || $only == "$project" ]] || continue
    dotnet build "$project" -v q -nologo >/dev/null
    for provider in Sqlite Postgres; do
      case $action in
        add)
          dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
            --context "$provider$context" --output-dir "$folder/$provider" --namespace "$namespace.$provider" ;;
        check)
          dotnet ef migrations has-pending-model-changes --no-build --project "$project" --startup-project "$project" \
            --context "$provider$context" ;;
      esac
    done
  done
}

case ${1:-} in
  add)
    [[ -n ${2:-} ]] || { echo "usage: $0 add <MigrationName>" >&2; exit 2; }
    each add "$2" "${3:-}" ;;
  regenerate)
    for set in "${sets[@]}"; do
      read -r project folder _ _ <<<"$set"
      rm -rf "${project:?}/${folder:?}"
    done
    each add Initial
    # With --namespace, dotnet-ef puts a new snapshot in a folder named after its namespace; it belongs with its
    # migrations (a later "add" finds and updates it wherever it is).
    for set in "${sets[@]}"; do
      read -r project folder _ _ <<<"$set"
      for provider in Sqlite Postgres; do
        find "$project" -path "$project/$folder" -prune -o -path "$project/obj" -prune -o -path "$project/bin" -prune \
          -o -name "$provider*ModelSnapshot.cs" -print | while read -r snapshot; do mv "$snapshot" "$project/$folder/$provider/"; done
      done
      find "$project/HelpdeskBot" -type d -empty -delete 2>/dev/null || true
    done ;;
  check)
    each check ;;
  *)
    sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
