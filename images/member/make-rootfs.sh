#!/usr/bin/env bash
# Assembles the lean member image's root filesystem in DEST from the build stage's own Debian or Ubuntu files:
# the C library, bash, the few tools the entrypoint, health check and training use, and every shared library
# they and the linked Java runtime (in RUNTIME) load. Nothing else: no package manager, no shell utilities beyond
# these, no setuid programs.
set -euo pipefail
dest=$1 runtime=$2
tools=(bash cat chmod cp cut date du env grep head id ln ls mkdir mktemp mv rm rmdir sed seq sleep sort tail
  timeout touch tr uname wc)
mkdir -p "$dest"/{etc,tmp,usr/bin,usr/lib,opt} "$dest"/{conf,data,datalog,logs}
for d in bin lib lib64 sbin; do # a merged /usr (bookworm, Ubuntu) stays merged: /bin -> usr/bin
  if [[ -L /$d ]]; then mkdir -p "$dest/$(readlink "/$d")"; ln -s "$(readlink "/$d")" "$dest/$d"; else mkdir -p "$dest/$d"; fi
done
chmod 1777 "$dest/tmp"

copy() { # copy a file to the same path under $dest, following symlinks, keeping the symlink's own name too
  local src=$1 real
  real=$(readlink -f "$src")
  mkdir -p "$dest$(dirname "$real")"
  [[ -e $dest$real ]] || cp -p "$real" "$dest$real"
  if [[ $src != "$real" && ! -e $dest$src ]]; then
    mkdir -p "$dest$(dirname "$src")"
    ln -s "$real" "$dest$src"
  fi
}
libs_of() { # the shared libraries a program or library loads, as absolute paths
  ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' || true
}

objects=()
for t in "${tools[@]}"; do
  p=$(command -v "$t") || { echo "make-rootfs: $t is missing from the build stage" >&2; exit 1; }
  copy "$p"
  # the entrypoint and scripts call them by name on PATH=/usr/bin:/bin; make both resolve
  for d in /bin /usr/bin; do [[ -e $dest$d/$t || -L $dest$d/$t ]] || ln -s "$(readlink -f "$p")" "$dest$d/$t"; done
  objects+=("$p")
done
ln -sf bash "$dest/bin/sh"
while IFS= read -r -d '' so; do objects+=("$so"); done < <(find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0)
# glibc loads libgcc_s when a thread unwinds (pthread_exit/cancel); take it when the stage has it
for extra in /lib/*-linux-gnu/libgcc_s.so.1 /usr/lib/*-linux-gnu/libgcc_s.so.1; do
  [[ -e $extra ]] && objects+=("$extra")
done
declare -A seen=()
for o in "${objects[@]}"; do
  for lib in $(libs_of "$o"); do
    [[ -n ${seen[$lib]:-} || $lib == "$dest"/* ]] && continue
    seen[$lib]=1
    copy "$lib"
  done
  [[ $o == /lib/* || $o == /usr/lib/* ]] && copy "$o"
done

cat > "$dest/etc/passwd" <<P
root:x:0:0:root:/root:/bin/bash
zookeeper:x:1000:1000:ZooKeeper:/data:/usr/sbin/nologin
P
cat > "$dest/etc/group" <<G
root:x:0:
zookeeper:x:1000:
G
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$dest/etc/nsswitch.conf"
chown -R 1000:1000 "$dest"/{conf,data,datalog,logs}
echo "make-rootfs: $(du -sh "$dest" | cut -f1) in $dest"
