#!/bin/sh
# Creates the unprivileged users Kamailio and rtpengine run as (agent setting engine.runAsUser):
# system users, each with its own group, no login shell, no home folder. Idempotent: an existing
# user is left as it is. Run by postinst (installed as /usr/lib/switch-agent/engine-users).
set -e

for user in switchdeck-kamailio switchdeck-rtpengine; do
  getent group "$user" >/dev/null || groupadd --system "$user"
  if ! getent passwd "$user" >/dev/null; then
    useradd --system --gid "$user" --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin --comment "Switchdeck engine ($user)" "$user"
  fi
done
