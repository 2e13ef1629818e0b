# shellcheck shell=bash
# Installs the Debian packages tillbridge's demo and tests run for real (tcpserver, tcpclient, socat,
# ippeveprinter (which will not start without an avahi-daemon, run by the printing tests on a private
# dbus-daemon), cupsd for the cups: queue test, curl for the demo's box-office calls, tinyproxy for the agent-through-a-proxy test, faketime (libfaketime) for the watchdog's resume test, python3 for the it test programs that
# pass descriptors and read FIFOs, s6 for the readiness test, haproxy in front of the hub cluster test's nodes, chromium for the agent's status page test, systemd-analyze for checking the packaged units, Xvfb, trayer and xwininfo (where the tray icon and its menu are) for the agent's tray icon test), when they are missing. Shared by ./tb demo and .ci/run. Source it.
# Writes to stderr only.

tb_install_deps() {
  local -a pkgs=()
  local tool
  for tool in tcpserver:ucspi-tcp tcpclient:ucspi-tcp socat:socat tinyproxy:tinyproxy faketime:faketime ippeveprinter:cups-ipp-utils dbus-daemon:dbus-daemon avahi-daemon:avahi-daemon cupsd:cups-daemon curl:curl python3:python3-minimal s6-supervise:s6 haproxy:haproxy chromium:chromium systemd-analyze:systemd Xvfb:xvfb trayer:trayer xwininfo:x11-utils; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || pkgs+=("${tool#*:}")
  done
  # ./mvnw downloads Maven with curl or wget
  if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
    pkgs+=(curl ca-certificates)
  fi
  [ ${#pkgs[@]} -gt 0 ] || return 0
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "tillbridge: missing Debian packages ${pkgs[*]}; install them as root: apt-get install ${pkgs[*]}" >&2
      return 1
    fi
  fi
  echo "tillbridge: installing Debian packages: ${pkgs[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update >&2
  # shellcheck disable=SC2046
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $(printf '%s\n' "${pkgs[@]}" | sort -u) >&2
}
