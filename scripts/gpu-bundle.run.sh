#!/bin/bash
# rewire GPU bundle runner (written by scripts/gpu-bundle.mjs; bundle id @BUNDLE_ID@).
# Needs only bash, coreutils, gzip (or python3) and a GPU driver with Vulkan; no Node, no network.
#   bash run.sh [--entry NAME] [ARGS...]   ARGS go to the entry (default @DEFAULT_ENTRY@), e.g. --quick
#   bash run.sh --only adapter             5-second check: which adapter Dawn sees, as JSON
# The JSON goes to stdout, progress to stderr; with $OUT set it is also written to $OUT/acceptance.json.
# Env: REWIRE_BUNDLE_CACHE (unpack dir; default ${TMPDIR:-/tmp}/rewire-gpu-bundle-@BUNDLE_ID@-UID),
#      VK_ICD_FILENAMES / VK_DRIVER_FILES (a Vulkan ICD json; default: the driver's, found below).
set -eu
ID=@BUNDLE_ID@
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENTRY=@DEFAULT_ENTRY@
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --entry) ENTRY=$2; shift 2 ;;
    --entry=*) ENTRY=${1#--entry=}; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
say() { echo "run.sh: $*" >&2; }
die() { say "error: $*"; exit 2; }

# --- preflight: what the carried binaries need from the target -------------------------------
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "this bundle is for Linux x86-64 (this is $(uname -s)-$(uname -m))"
GLIBC=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}' || true)
if [ -n "$GLIBC" ]; then
  # dawn.node needs glibc >= 2.34 (Ubuntu 22.04, Debian 12, RHEL 9 and newer); Node needs 2.28.
  if [ "$(printf '%s\n2.34\n' "$GLIBC" | sort -V | head -n1)" != "2.34" ]; then
    die "glibc $GLIBC is older than 2.34, which Dawn's dawn.node (npm webgpu 0.6.2) needs; use a newer OS image (e.g. an Ubuntu 22.04/24.04 container)"
  fi
fi
find_lib() { # $1 = soname: prints the first path the dynamic linker would plausibly use
  local p
  p=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true) | awk -v n="$1" '$1 == n && /x86-64/ {print $NF; exit}')
  if [ -z "$p" ]; then
    for d in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64 /usr/lib /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
      [ -e "$d/$1" ] && { p="$d/$1"; break; }
    done
  fi
  echo "$p"
}
STDCXX=$(find_lib libstdc++.so.6)
if [ -n "$STDCXX" ] && ! grep -q GLIBCXX_3.4.30 "$STDCXX" 2>/dev/null; then
  say "warning: $STDCXX has no GLIBCXX_3.4.30 (GCC >= 12), which dawn.node needs; if loading fails, put a newer libstdc++.so.6 on LD_LIBRARY_PATH"
fi

# --- unpack once into the cache ----------------------------------------------------------------
CACHE=${REWIRE_BUNDLE_CACHE:-${TMPDIR:-/tmp}/rewire-gpu-bundle-$ID-$(id -u)}
gunz() { # $1 = .gz file, $2 = output
  if command -v gzip >/dev/null 2>&1; then gzip -dc "$1" > "$2"
  elif command -v python3 >/dev/null 2>&1; then python3 -c 'import gzip,shutil,sys; shutil.copyfileobj(gzip.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  elif command -v busybox >/dev/null 2>&1; then busybox gunzip -c "$1" > "$2"
  else die "no gzip, python3 or busybox to decompress $1"; fi
}
if [ ! -f "$CACHE/.complete" ]; then
  say "unpacking into $CACHE (once)"
  [ -d "$CACHE" ] && rm -rf "$CACHE" # a stale, incomplete unpack (complete ones have .complete)
  TMP="$CACHE.tmp.$$"
  rm -rf "$TMP"
  mkdir -p "$TMP/bin" "$TMP/lib" "$TMP/app"
  cp -R "$HERE/app/." "$TMP/app/"
  cp "$HERE/lib/"* "$TMP/lib/"
  mkdir -p "$TMP/app/node_modules/webgpu/dist/linux-x64"
  gunz "$HERE/payload/node.gz" "$TMP/bin/node"
  gunz "$HERE/payload/dawn.node.gz" "$TMP/app/node_modules/webgpu/dist/linux-x64/dawn.node"
  chmod +x "$TMP/bin/node"
  touch "$TMP/.complete"
  if ! mv -T "$TMP" "$CACHE" 2>/dev/null; then rm -rf "$TMP"; fi # another run won the race
  [ -f "$CACHE/.complete" ] || die "could not unpack into $CACHE (set REWIRE_BUNDLE_CACHE to a writable, executable dir)"
fi

# --- Vulkan: our loader, the driver's ICD -------------------------------------------------------
export LD_LIBRARY_PATH="$CACHE/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  ICDS=$(ls /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json 2>/dev/null || true)
  [ -n "$ICDS" ] && say "Vulkan ICDs: $(echo $ICDS)"
  # Containers often carry the NVIDIA driver libraries but not its ICD json: write one.
  if [ -z "$ICDS" ] || ! grep -qil nvidia $ICDS 2>/dev/null; then
    GLX=$(find_lib libGLX_nvidia.so.0)
    if [ -n "$GLX" ]; then
      printf '{ "file_format_version": "1.0.0", "ICD": { "library_path": "%s", "api_version": "1.3.0" } }\n' "$GLX" > "$CACHE/nvidia_icd.json"
      export VK_ICD_FILENAMES="$CACHE/nvidia_icd.json"
      say "no NVIDIA Vulkan ICD json found; using the driver's $GLX through $VK_ICD_FILENAMES"
    elif [ -z "$ICDS" ]; then
      say "warning: no Vulkan ICD json and no libGLX_nvidia.so.0: Dawn will likely find no adapter (in a container, the NVIDIA 'graphics' driver capability provides them: NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics)"
    fi
  fi
fi

if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  ARGS+=(--out "$OUT/acceptance.json")
fi
[ -f "$CACHE/app/$ENTRY.mjs" ] || die "no entry '$ENTRY' in this bundle (have: $(cd "$CACHE/app" && ls *.mjs | sed 's/\.mjs$//' | tr '\n' ' '))"
say "node $("$CACHE/bin/node" --version) running $ENTRY ${ARGS[*]:-}"
exec "$CACHE/bin/node" "$CACHE/app/$ENTRY.mjs" ${ARGS[@]+"${ARGS[@]}"}
