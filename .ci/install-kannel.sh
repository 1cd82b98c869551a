#!/usr/bin/env bash
# Installs the Kannel SMS gateway the SMS tests (tests/servers/kannel.py) run on Debian 12, as
# root: bearerbox and smsbox from `kannel`, the test tools from `kannel-extras`. The tests start
# their own bearerbox/smsbox with their own config and ports; the packaged service (an init.d
# script, started by the install where policy-rc.d allows it) is stopped and disabled so it
# never holds ports or runs unattended.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "install-kannel.sh: run as root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
packages=(kannel kannel-extras)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    # .ci/run has usually just refreshed the lists: only refresh again if that was not enough.
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
fi

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now kannel.service >/dev/null 2>&1 || true
else
    service kannel stop >/dev/null 2>&1 || true
    update-rc.d kannel disable >/dev/null 2>&1 || true
fi

for binary in /usr/sbin/bearerbox /usr/sbin/smsbox; do
    if [ ! -x "$binary" ]; then
        echo "install-kannel.sh: $binary missing after install" >&2
        exit 1
    fi
done
echo "install-kannel.sh: $(/usr/sbin/bearerbox --version 2>&1 | head -n1) ready"
