#!/usr/bin/env bash
# A real Linux tree (6.12 or 6.1) with a clang compile database, in one
# command.
#
#   scripts/kernel-tree.sh [--version=6.12|6.1] [DIR]
#
# Fetches Debian's linux-source-VERSION (apt-get download; default 6.12),
# unpacks it into DIR/linux-source-VERSION, configures it (defconfig plus
# the subsystems wqdep is aimed at: XFS, NFS client (with LOCALIO in 6.12),
# NFSD, ext4, btrfs, f2fs, quota, NVMe host and target, LIO with the fileio
# backstore, InfiniBand core and RPC-over-RDMA; the same options for both
# versions), builds the directories they live in with clang-19, and writes
# compile_commands.json at the top of the tree. wqdep tells the versions
# apart by the tree itself (its Makefile and headers), not by an option.
#
# DIR defaults to $WQDEP_KERNEL_DIR, else ./kernel. If DIR is itself a kernel
# tree (it has a Makefile and a Kconfig), that tree is used as it is: no
# download, no unpack.
#
# Safe to run again: an unpacked tree is never downloaded or unpacked again,
# an unchanged configuration is left untouched (so nothing is rebuilt), and
# make is incremental.
#
# Environment:
#   JOBS              parallel make jobs (default: nproc)
#   LLVM              the kernel's LLVM= value (default: -19, i.e. clang-19)
#   WQDEP_KERNEL_DIR  default DIR
#   KERNEL_DIRS       build these directories/objects instead of the default list
#   KERNEL_VERSION    the version when --version is not given (default: 6.12)
#   KERNEL_PACKAGE    the Debian source package (default: linux-source-VERSION)
set -euo pipefail

say() { printf 'kernel-tree: %s\n' "$*" >&2; }
die() { printf 'kernel-tree: error: %s\n' "$*" >&2; exit 1; }

VERSION="${KERNEL_VERSION:-6.12}"
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version=*) VERSION="${1#--version=}" ;;
    --version) [ $# -ge 2 ] || die "--version needs a value (6.12 or 6.1)"
               VERSION="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
    -*) die "unknown option '$1' (usage: kernel-tree.sh [--version=6.12|6.1] [DIR])" ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
[ ${#ARGS[@]} -le 1 ] || die "one DIR at most (usage: kernel-tree.sh [--version=6.12|6.1] [DIR])"
case "$VERSION" in
  6.12|6.1) ;;
  *) die "unsupported kernel version '$VERSION': wqdep's model knows 6.12 and 6.1 (Debian's linux-source-6.12, linux-source-6.1)" ;;
esac

PKG="${KERNEL_PACKAGE:-linux-source-$VERSION}"
DIR="${ARGS[0]:-${WQDEP_KERNEL_DIR:-./kernel}}"
JOBS="${JOBS:-$(nproc)}"
LLVM="${LLVM:--19}"

# Where the options below live. fs/ as a whole: the VFS (fs-writeback.c,
# buffer.c, sync.c, super.c, ...), iomap, jbd2, lockd, exportfs and quota are
# the glue between the filesystems named in the configuration. lib/ because
# what the others call there is part of their paths: a function the program
# does not define is no route (kobject_put() and every kobject's release)
# and sets nothing up (iov_iter_bvec()'s direction, which field values read).
DEFAULT_DIRS="fs/ mm/ kernel/ block/ lib/ drivers/nvme/ drivers/target/ drivers/infiniband/ net/sunrpc/ drivers/block/loop.o"
DIRS="${KERNEL_DIRS:-$DEFAULT_DIRS}"

# Options set to =y on top of defconfig. Everything is built in (=y), so
# that `make <dir>/` compiles it and the database holds it.
OPTIONS="
XFS_FS
NFS_FS NFS_V4 NFS_LOCALIO
NFSD NFSD_V4
EXT4_FS
BTRFS_FS
F2FS_FS
QUOTA QFMT_V2
BLK_DEV_LOOP ECRYPT_FS
BLK_DEV_NVME NVME_FABRICS NVME_TCP NVME_RDMA
NVME_TARGET NVME_TARGET_LOOP NVME_TARGET_TCP NVME_TARGET_RDMA
TARGET_CORE TCM_IBLOCK TCM_FILEIO LOOPBACK_TARGET
INFINIBAND INFINIBAND_ADDR_TRANS
SUNRPC SUNRPC_XPRT_RDMA
"
# NFS_LOCALIO is new in 6.12: the same configuration in 6.1 has no such
# option.
if [ "$VERSION" = 6.1 ]; then
  OPTIONS="$(echo "$OPTIONS" | sed 's/ NFS_LOCALIO//')"
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: cannot install packages"
  SUDO=sudo
fi
APT_UPDATED=""
apt_update() {
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
}

# --- build dependencies -----------------------------------------------------
DEPS="flex bison bc libelf-dev libssl-dev lld-19 llvm-19 clang-19 cpio python3 rsync make gcc xz-utils"
missing=""
for p in $DEPS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt_update
  say "installing$missing"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# --- the tree -----------------------------------------------------------------
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
if [ -f "$DIR/Makefile" ] && [ -f "$DIR/Kconfig" ]; then
  TREE="$DIR"
else
  TREE="$DIR/$PKG"
fi

if [ -f "$TREE/Makefile" ] && [ -f "$TREE/Kconfig" ]; then
  say "using the unpacked tree $TREE (no download)"
else
  deb="$(ls -1 "$DIR"/"${PKG}"_*_all.deb 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$deb" ]; then
    apt-cache show "$PKG" >/dev/null 2>&1 || apt_update
    say "downloading $PKG (about 150 MB)"
    # apt-get download as root warns that it cannot drop privileges to _apt
    # for a directory _apt cannot write; the download still succeeds.
    if ! (cd "$DIR" && apt-get download -q "$PKG"); then
      apt_update
      (cd "$DIR" && apt-get download -q "$PKG") || die "apt-get download $PKG failed"
    fi
    deb="$(ls -1 "$DIR"/"${PKG}"_*_all.deb | sort -V | tail -n 1)"
  fi
  say "unpacking $(basename "$deb")"
  tmp="$DIR/.unpack.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/deb"
  trap 'rm -rf "$tmp"' EXIT
  dpkg-deb -x "$deb" "$tmp/deb"
  tarball="$(ls -1 "$tmp"/deb/usr/src/"$PKG".tar.* 2>/dev/null | head -n 1 || true)"
  [ -n "$tarball" ] || die "$deb holds no /usr/src/$PKG.tar.*"
  tar -xf "$tarball" -C "$tmp"
  [ -f "$tmp/$PKG/Makefile" ] || die "$tarball did not unpack into $PKG/"
  # Only a completely unpacked tree gets its final name, so an interrupted
  # run unpacks again instead of building half a tree.
  mv "$tmp/$PKG" "$TREE"
  rm -rf "$tmp"
  trap - EXIT
fi

cd "$TREE"
MAKE=(make LLVM="$LLVM" -j"$JOBS")
kver="$(make -s kernelversion 2>/dev/null || echo '?')"
say "tree: $TREE (Linux $kver), LLVM=$LLVM, JOBS=$JOBS"
case "$kver" in
  "$VERSION"|"$VERSION".*) ;;
  *) say "WARNING: asked for $VERSION, but the tree is Linux $kver (configured as $VERSION)" ;;
esac

# --- configuration ----------------------------------------------------------
# Configure from scratch every time (so the result does not depend on what
# was there before), but keep the old .config, with its timestamp, when the
# result is the same: then nothing is reconfigured or rebuilt.
prev=""
if [ -f .config ]; then
  prev=".config.kernel-tree-prev"
  cp -p .config "$prev"
fi
say "make defconfig + $(echo "$OPTIONS" | wc -w) options + olddefconfig"
make -s LLVM="$LLVM" defconfig >/dev/null
enable_args=()
for o in $OPTIONS; do enable_args+=(--enable "$o"); done
scripts/config --file .config "${enable_args[@]}"
make -s LLVM="$LLVM" olddefconfig >/dev/null
if [ -n "$prev" ]; then
  if cmp -s .config "$prev"; then
    mv -f "$prev" .config
    say "configuration unchanged"
  else
    rm -f "$prev"
    say "configuration changed: make rebuilds what depends on the changed options"
  fi
fi

stuck=""
notstuck=""
for o in $OPTIONS; do
  if grep -qx "CONFIG_$o=y" .config; then
    stuck="$stuck $o"
  else
    notstuck="$notstuck ${o}($(grep -E "^(# )?CONFIG_${o}[= ]" .config | head -n 1 || echo absent))"
  fi
done
say "options set:$stuck"
if [ -n "$notstuck" ]; then
  say "WARNING: options that did not stick (a dependency is missing):$notstuck"
fi

# --- build --------------------------------------------------------------------
say "building $DIRS"
start=$(date +%s)
# shellcheck disable=SC2086
"${MAKE[@]}" $DIRS
end=$(date +%s)
say "build took $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s"

# --- compile database -------------------------------------------------------
# gen_compile_commands.py collects every .o.cmd under the tree; `make
# compile_commands.json` would need a full vmlinux build first.
python3 scripts/clang-tools/gen_compile_commands.py -d . -o compile_commands.json
n="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' compile_commands.json)"

say "done"
echo "tree:                  $TREE"
echo "compile_commands.json: $TREE/compile_commands.json ($n entries)"
echo "run:                   wqdep -p $TREE"
