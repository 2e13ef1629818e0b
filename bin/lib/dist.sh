# shellcheck shell=bash
# ./tb dist: the release, built from the packaged jars (run after the build). Source it.
#
#   tb_dist ROOT OUT  -> OUT/tillbridge-VERSION.tar.gz  (programs, jars, docs, service files; no source)
#                        OUT/tillbridge_DEBVERSION_all.deb (the same under /opt/tillbridge, with the
#                        systemd units, a system user and /etc/tillbridge; see docs/install.md)
# Prints the two paths on stdout, one per line.

TB_PROGRAMS=(frob ecr terminal-sim nexo-proxy nexo-sim hub agent watchdog)
TB_MODULES=(frob ecr terminal-sim nexo-proxy hub agent watchdog)

# The project's version from the root pom (the first <version> after the parent's coordinates).
tb_version() {
  sed -n 's:^  <version>\(.*\)</version>:\1:p' "$1/pom.xml" | head -n1
}

# Copies what the programs need at run time into $2 (the tree both packages carry).
tb_dist_tree() {
  local root=$1 tree=$2 m p
  mkdir -p "$tree/bin/lib"
  for p in "${TB_PROGRAMS[@]}"; do cp "$root/bin/$p" "$tree/bin/"; done
  cp "$root/bin/lib/java.sh" "$tree/bin/lib/"
  for m in "${TB_MODULES[@]}"; do
    mkdir -p "$tree/$m/target"
    cp "$root/$m/target/$m.jar" "$tree/$m/target/"
    cp -r "$root/$m/target/lib" "$tree/$m/target/"
  done
  # the AOT cache only helps on the JVM that made it (bin/frob checks); carried when it is there
  if [ -f "$root/frob/target/frob.aot" ] && [ -f "$root/frob/target/frob.aot.id" ]; then
    cp "$root/frob/target/frob.aot" "$root/frob/target/frob.aot.id" "$tree/frob/target/"
  fi
  cp -r "$root/docs" "$root/dist" "$tree/"
  cp "$root/README.md" "$tree/"
}

tb_dist() {
  local root=$1 out=$2 version deb name stage
  version=$(tb_version "$root")
  name=tillbridge-$version
  rm -rf "$out/$name" "$out/deb"
  mkdir -p "$out"
  tb_dist_tree "$root" "$out/$name"
  tar -C "$out" -czf "$out/$name.tar.gz" "$name"

  # Debian's version order puts 0.1.0~snapshot before 0.1.0
  deb=$(printf '%s' "$version" | tr 'A-Z-' 'a-z~')
  stage=$out/deb
  mkdir -p "$stage/opt" "$stage/lib/systemd/system" "$stage/etc/tillbridge" "$stage/DEBIAN"
  cp -r "$out/$name" "$stage/opt/tillbridge"
  cp "$root"/dist/systemd/*.service "$root"/dist/systemd/*.socket "$stage/lib/systemd/system/"
  cp "$root/dist/systemd/frob.env" "$stage/etc/tillbridge/frob.env"
  sed "s/@VERSION@/$deb/" "$root/dist/debian/control" > "$stage/DEBIAN/control"
  cp "$root/dist/debian/postinst" "$root/dist/debian/prerm" "$root/dist/debian/postrm" "$stage/DEBIAN/"
  chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm" "$stage/DEBIAN/postrm"
  printf '/etc/tillbridge/frob.env\n' > "$stage/DEBIAN/conffiles"
  dpkg-deb --root-owner-group --build "$stage" "$out/tillbridge_${deb}_all.deb" >&2
  rm -rf "$stage" "${out:?}/$name"
  printf '%s\n' "$out/$name.tar.gz" "$out/tillbridge_${deb}_all.deb"
}
