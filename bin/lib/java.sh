# shellcheck shell=bash
# Shared JDK discovery for ./tb, bin/* and .ci/run. Source it; do not execute it.
#
#   tb_find_java   -> sets and exports JAVA_HOME, sets JAVA (path of bin/java),
#                     prepends $JAVA_HOME/bin to PATH; returns 1 if no JDK >= TB_MIN_JAVA.
#   tb_require_java -> same, but prints an error to stderr and exits 111 (environment) when none is found.
#   tb_java_id     -> sets TB_JAVA_ID, the JVM build that frob's AOT cache must match.
#
# Search order: $JAVA_HOME, /usr/lib/jvm/*25*, any /usr/lib/jvm/*, /usr/local/*jdk*, `java` on PATH.
# Writes nothing to stdout (bin/frob speaks the protocol on stdout).

TB_MIN_JAVA=25

# Sets TB_JAVA_MAJOR to the feature (major) version of the JDK in $1 (e.g. 25), or to nothing.
# Reads the JDK's release file (JAVA_VERSION="25.0.3") without forking, because bin/frob runs
# this once per ECR connection; only a JDK without a release file is started and asked.
tb_java_major() {
  local home=$1 v= line
  TB_JAVA_MAJOR=
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;; esac
    done < "$home/release"
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 </dev/null |
          sed -n 's/^ *java\.specification\.version = //p' | head -n1) || true
  fi
  case $v in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}   # 25.0.3 -> 25, 26-ea -> 26
  case $v in '' | *[!0-9]*) ;; *) TB_JAVA_MAJOR=$v ;; esac
}

tb_java_ok() {
  tb_java_major "$1"
  [ -n "$TB_JAVA_MAJOR" ] && [ "$TB_JAVA_MAJOR" -ge "$TB_MIN_JAVA" ]
}

tb_find_java() {
  local cand found= d
  for cand in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*25* /usr/lib/jvm/* /usr/local/*jdk* /opt/*jdk*; do
    if tb_java_ok "$cand"; then found=$cand; break; fi
  done
  # Last, the java on PATH (a symlink chain into its JDK): the only candidate that costs a fork
  if [ -z "$found" ] && command -v java >/dev/null 2>&1; then
    d=$(readlink -f "$(command -v java)" 2>/dev/null || true)
    if [ -n "$d" ] && tb_java_ok "${d%/bin/java}"; then found=${d%/bin/java}; fi
  fi
  [ -n "$found" ] || return 1
  JAVA_HOME=$found
  JAVA=$found/bin/java
  PATH=$found/bin:$PATH
  export JAVA_HOME PATH
}

tb_require_java() {
  if ! tb_find_java; then
    echo "tillbridge needs a JDK ${TB_MIN_JAVA} or newer; install Temurin ${TB_MIN_JAVA} (apt package temurin-${TB_MIN_JAVA}-jdk from Adoptium) or set JAVA_HOME" >&2
    exit 111
  fi
}

# Sets TB_JAVA_ID to what identifies the JVM build of $JAVA_HOME for frob's AOT cache, e.g.
# "Eclipse Adoptium 25.0.3+9-LTS at /usr/lib/jvm/temurin-25-jdk-amd64/bin/java": the release
# file's vendor and runtime version (a JDK updated in place has a new one) and the java path.
# Without forking, as tb_java_major: bin/frob compares it on every start.
tb_java_id() {
  local line vendor= version=
  if [ -f "$JAVA_HOME/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        IMPLEMENTOR=*) vendor=${line#IMPLEMENTOR=}; vendor=${vendor//\"/} ;;
        JAVA_RUNTIME_VERSION=*) version=${line#JAVA_RUNTIME_VERSION=}; version=${version//\"/} ;;
      esac
    done < "$JAVA_HOME/release"
  fi
  TB_JAVA_ID="${vendor:-unknown vendor} ${version:-unknown version} at $JAVA"
}
