#!/usr/bin/env bash
# The Windows build folder: a Debian sid root (debootstrap) holding Debian's own rustc with
# rust-src, mingw-w64, NSIS and Wine. Debian 12 has no Windows standard library for a current
# rustc and rustup's download server is not reachable here, so the standard library is built
# from source (-Zbuild-std) with sid's rustc. Everything comes from Debian's archive and
# crates.io. Made once; a stamp file records what was installed, and a second run reuses it.
#
#   packaging/windows/buildroot.sh setup        make the folder (about 10 minutes, once)
#   packaging/windows/buildroot.sh run CMD...   run CMD inside it, the project at /src
#
# The folder is $COFRESTR_WINROOT, by default target/winroot under the project. Needs root
# (debootstrap, chroot, bind mounts); `sudo` is used when not root.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
root=${COFRESTR_WINROOT:-$here/target/winroot}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
# What the build and the Windows test need inside the folder. A change here makes setup
# install again.
packages="rustc cargo rust-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 \
nsis wine wine64 perl make ca-certificates file imagemagick poppler-utils"
stamp="$root/.cofrestr-buildroot"
# The snapshot's Release file can be past its Valid-Until date as this machine's clock sees it.
apt_opts="-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false -qq"

mounted() { grep -qs " $1 " /proc/mounts; }

mount_all() {
  for d in proc dev dev/pts sys; do
    mkdir -p "$root/$d"
    mounted "$root/$d" || case $d in
      proc) $SUDO mount -t proc proc "$root/proc" ;;
      sys) $SUDO mount -t sysfs sys "$root/sys" ;;
      *) $SUDO mount --bind "/$d" "$root/$d" ;;
    esac
  done
  mkdir -p "$root/src"
  mounted "$root/src" || $SUDO mount --bind "$here" "$root/src"
  # cargo inside reaches crates.io with the machine's CA bundle.
  local ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
  [ -f "$ca" ] && $SUDO cp "$ca" "$root/etc/host-ca.crt"
}

umount_all() {
  for d in src sys dev/pts dev proc; do
    mounted "$root/$d" && $SUDO umount -l "$root/$d" || true
  done
}

setup() {
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$packages" ]; then
    echo "Windows build folder ready: $root"
    return
  fi
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || {
      $SUDO apt-get update -qq
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
    }
    echo "Making a Debian sid folder at $root (debootstrap, about 5 minutes)"
    mkdir -p "$root"
    $SUDO debootstrap --variant=minbase sid "$root" "$mirror"
  fi
  mount_all
  trap umount_all EXIT
  echo "Installing into the folder: $packages"
  $SUDO chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get $apt_opts update
  $SUDO chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get $apt_opts install -y $packages
  $SUDO chroot "$root" rustc --version
  echo "$packages" | $SUDO tee "$stamp" >/dev/null
}

run() {
  [ -f "$stamp" ] || setup
  mount_all
  trap umount_all EXIT
  $SUDO chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    CARGO_HTTP_CAINFO=/etc/host-ca.crt SSL_CERT_FILE=/etc/host-ca.crt \
    ${CARGO_BUILD_JOBS:+CARGO_BUILD_JOBS=$CARGO_BUILD_JOBS} ${SOURCE_DATE_EPOCH:+SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH} \
    WINEDEBUG=-all XDG_RUNTIME_DIR=/tmp/xdg \
    bash -c 'mkdir -p /tmp/xdg && chmod 700 /tmp/xdg && cd /src && "$@"' bash "$@"
}

case ${1:-} in
  setup) setup ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 setup | run CMD..." >&2; exit 2 ;;
esac
