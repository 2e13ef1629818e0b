#!/usr/bin/env bash
# Installs a Debian package for real into a throw-away copy of this machine's root and starts its
# services as the package's systemd units or s6 service directories say, for InstalledPackageTest.
# Run it as
#
#   unshare --mount --propagation private installed_root.sh systemd|s6 DEB WORK HUB_URL CODE UI_PORT
#
# The copy is an overlay on / whose writes land in WORK/upper, mounted in this process's own mount
# namespace: dpkg, adduser and the maintainer scripts change only the copy, and the mounts go with
# the last process here. Each service runs as systemd would start it: ExecStart= read from the
# installed unit, as its User=/Group= with its UMask=, a clean environment with NOTIFY_SOCKET (a
# socket in WORK/notify, the test's) and WATCHDOG_USEC/WATCHDOG_PID from WatchdogSec=. What systemd
# adds beyond that (PrivateTmp, ProtectSystem, cgroups, restarts) is not here: docs/install.md.
#
# The agent registers with HUB_URL (the test's hub) as docs/install.md says, with the status page
# on 127.0.0.1:UI_PORT. systemd: the hub gets WORK/hub.p12 (password WORK/hub.password) as its key
# store and a network namespace of its own, so its fixed port 8443 is nobody else's; writes
# WORK/agent.pid and WORK/hub.pid (host pids, also the way into the copy: /proc/PID/root) and waits
# for both. s6: the agent's service directory, copied from the installed release unchanged, into
# the scan directory /run/service of the copy, and this process becomes its s6-svscan.
set -euo pipefail
mode=$1 deb=$2 work=$3 hub_url=$4 code=$5 ui_port=$6
root=$work/merged
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
for d in dev proc sys; do mount --rbind "/$d" "$root/$d"; done
mkdir -p "$root/run/tillbridge-test"
mount --bind "$work/notify" "$root/run/tillbridge-test"

cp "$deb" "$root/tmp/tillbridge.deb"
chroot "$root" dpkg -i /tmp/tillbridge.deb

agent=/opt/tillbridge/bin/agent state=/var/lib/tillbridge/agent
chroot "$root" runuser -u tillbridge -- "$agent" register --hub "$hub_url" --code "$code" --config-dir "$state"
# the operator's edit of agent.json (docs/agent.md): the status page on a port of the test's
chroot "$root" runuser -u tillbridge -- python3 -c '
import json, sys
f = sys.argv[1] + "/agent.json"
c = json.load(open(f))
c["ui_listen"] = "127.0.0.1:" + sys.argv[2]
json.dump(c, open(f, "w"))' "$state" "$ui_port"

# The value of KEY= in the installed unit FILE (the first one), or nothing.
unit_key() {
  sed -n "s/^$2=//p" "$root/lib/systemd/system/$1" | head -n1
}

# Starts unit $1 as systemd would, in the background, its output to WORK/$2.log, its pid to WORK/$2.pid.
# Extra arguments go before the chroot (the hub's network namespace).
start_unit() {
  local unit=$1 name=$2 user group umask_ home watchdog command
  shift 2
  user=$(unit_key "$unit" User) group=$(unit_key "$unit" Group) umask_=$(unit_key "$unit" UMask)
  home=$(chroot "$root" getent passwd "$user" | cut -d: -f6)
  watchdog=$(unit_key "$unit" WatchdogSec)
  read -r -a command <<< "$(unit_key "$unit" ExecStart)"
  (
    umask "${umask_:-0022}"
    env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$home" USER="$user" LOGNAME="$user"
      NOTIFY_SOCKET=/run/tillbridge-test/$name.sock)
    [ -z "$watchdog" ] || env+=(WATCHDOG_USEC=$((watchdog * 1000000)) WATCHDOG_PID=$BASHPID)
    echo "$BASHPID" > "$work/$name.pid"
    exec "$@" env -i "${env[@]}" chroot "$root" setpriv --reuid="$user" --regid="$group" --init-groups -- "${command[@]}"
  ) > "$work/$name.log" 2>&1 &
}

case $mode in
  systemd)
    # the operator's key store and password for the hub (docs/install.md, "The hub")
    for f in hub.p12 hub.password; do
      cp "$work/$f" "$root/tmp/$f"
      chroot "$root" install -o root -g tillbridge -m 0640 "/tmp/$f" "/etc/tillbridge/$f"
    done
    start_unit tillbridge-agent.service agent
    start_unit tillbridge-hub.service hub unshare --net sh -c 'ip link set lo up && exec "$@"' sh
    wait
    ;;
  s6)
    mkdir -p "$root/run/service"
    cp -a "$root/opt/tillbridge/dist/s6/tillbridge-agent" "$root/run/service/"
    exec chroot "$root" s6-svscan /run/service
    ;;
esac
