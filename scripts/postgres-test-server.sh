#!/bin/sh
# Start a local PostgreSQL server for the store tests and print the URL to reach it.
#
# Idempotent: safe to run again while the server is up. Installs nothing: it expects the Debian
# package `postgresql` (apt-get install -y postgresql). Runs as root (CI) or as postgres.
#
#   export ACCUEIL_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh)"
#
# Only the URL goes to stdout; progress and errors go to stderr.
set -eu

ROLE=accueil
PASSWORD=accueil
DATABASE=accueil_test
PORT=${ACCUEIL_TEST_POSTGRES_PORT:-5432}

say() { echo "postgres-test-server: $*" >&2; }

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    say "PostgreSQL n'est pas installé (apt-get install -y postgresql)"
    exit 2
fi

# The newest installed major version; its `main` cluster is created by the package, unless the
# image disabled that (create_main_cluster = false), in which case we create it.
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
    say "création du cluster $VERSION/main"
    pg_createcluster "$VERSION" main --port "$PORT" >&2
fi

# No systemd in containers: pg_ctlcluster starts the server directly.
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    say "démarrage du cluster $VERSION/main"
    pg_ctlcluster "$VERSION" main start >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')

tries=0
until pg_isready -q -h 127.0.0.1 -p "$PORT"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
        say "le serveur ne répond pas sur 127.0.0.1:$PORT"
        exit 2
    fi
    sleep 1
done

# Role and database, created once. CREATEDB lets tests make throwaway databases if they want.
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >&2 <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
SQL
if ! as_postgres psql -tA -p "$PORT" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
    as_postgres createdb -p "$PORT" -O "$ROLE" "$DATABASE" >&2
fi

echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
