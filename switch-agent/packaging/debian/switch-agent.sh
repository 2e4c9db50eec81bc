#!/bin/sh
# The agent runs on the Node runtime the package carries (the distribution's may be too old).
exec /usr/lib/switch-agent/node /usr/lib/switch-agent/switch-agent.mjs "$@"
