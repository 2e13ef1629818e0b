# shellcheck shell=bash
# Shared JDK discovery for ./tb, bin/* and .ci/run. Source it; do not execute it.
#
#   tb_find_java   -> sets and exports JAVA_HOME, sets JAVA (path of bin/java),
#                     prepends $JAVA_HOME/bin to PATH; returns 1 if no JDK >= TB_MIN_JAVA.
#   tb_require_java -> same, but prints an error to stderr and exits 1 when none is found.
#
# Search order: $JAVA_HOME, /usr/lib/jvm/*25*, any /usr/lib/jvm/*, /usr/local/*jdk*, `java` on PATH.
# Writes nothing to stdout (bin/frob speaks the protocol on stdout).

TB_MIN_JAVA=25

# Prints the feature (major) version of the JDK in $1 (e.g. 25), or nothing.
tb_java_major() {
  local home=$1 v=
  [ -x "$home/bin/java" ] || return 0
  # Fast path: the JDK's release file (JAVA_VERSION="25.0.3"); else ask the JVM itself.
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1) || true
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 </dev/null |
          sed -n 's/^ *java\.specification\.version = //p' | head -n1) || true
  fi
  case $v in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}   # 25.0.3 -> 25, 26-ea -> 26
  case $v in '' | *[!0-9]*) ;; *) printf '%s\n' "$v" ;; esac
}

tb_java_ok() {
  local m
  m=$(tb_java_major "$1")
  [ -n "$m" ] && [ "$m" -ge "$TB_MIN_JAVA" ]
}

tb_find_java() {
  local cand found=
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  local d
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/* /usr/local/*jdk* /opt/*jdk*; do
    [ -x "$d/bin/java" ] && cands+=("$d")
  done
  if command -v java >/dev/null 2>&1; then
    d=$(readlink -f "$(command -v java)" 2>/dev/null || true)
    [ -n "$d" ] && cands+=("${d%/bin/java}")
  fi
  for cand in ${cands[@]+"${cands[@]}"}; do
    if tb_java_ok "$cand"; then found=$cand; break; fi
  done
  [ -n "$found" ] || return 1
  JAVA_HOME=$found
  JAVA=$found/bin/java
  PATH=$found/bin:$PATH
  export JAVA_HOME PATH
}

tb_require_java() {
  if ! tb_find_java; then
    echo "tillbridge needs a JDK ${TB_MIN_JAVA} or newer; install Temurin ${TB_MIN_JAVA} (apt package temurin-${TB_MIN_JAVA}-jdk from Adoptium) or set JAVA_HOME" >&2
    exit 1
  fi
}
