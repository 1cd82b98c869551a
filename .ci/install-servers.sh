#!/usr/bin/env bash
# Installs what the real-server tests (tests/servers/) need on Debian 12, as root: Dovecot's
# IMAP and LMTP parts, openssl for the throwaway TLS cert, and the unprivileged user the test
# Dovecot runs as. The tests start their own Dovecot with their own config and ports; the
# system service is stopped and disabled so it never holds ports or runs unattended.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "install-servers.sh: run as root" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
packages=(dovecot-imapd dovecot-lmtpd dovecot-submissiond openssl)

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

# The packaged service may have been started by the install (not where policy-rc.d forbids it).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now dovecot.service >/dev/null 2>&1 || true
else
    service dovecot stop >/dev/null 2>&1 || true
    update-rc.d dovecot disable >/dev/null 2>&1 || true
fi

# Dovecot's login processes refuse to run as root: the test instance runs as this user.
if ! id -u inboxtest >/dev/null 2>&1; then
    useradd -r -M -s /usr/sbin/nologin inboxtest
fi

echo "install-servers.sh: $(dovecot --version | cut -d' ' -f1) ready; test user inboxtest"
