#!/usr/bin/env bash
# Start the machine's PostgreSQL cluster if it is down, and wait until it accepts connections.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then exit 0; fi
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main
  # Trust local TCP connections for the CI user, as on the developers' machines.
  sed -i 's/^host\(\s\+all\s\+all\s\+127.0.0.1\/32\s\+\)\S\+/host\1trust/' \
    "/etc/postgresql/$version/main/pg_hba.conf"
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 0.5
done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
