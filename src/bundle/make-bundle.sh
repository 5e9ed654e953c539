#!/usr/bin/env bash
# Builds target/gpu-doctor-VERSION-linux-x86_64.tar.gz: a jlink runtime of only the modules the tool
# needs, the jar, the launcher, class-data-sharing archives, bash completion and man pages.
# Run by Maven in the package phase (pom.xml, execution make-bundle); settings come as variables:
#   JAR VERSION NAME TARGET DOCS  the jar, version, bundle name, build and generated-docs folders
#   MODULES                       the runtime's modules, comma-separated
#   JDK                           -Dgpu-doctor.jdk: the JDK whose jlink links the runtime; empty: detect
#   BUILD_JDK                     the JDK running Maven (java.home), the first one tried
#   REQUIRE                       -Dgpu-doctor.bundle.require=true: no bundle is an error, not a skip
#   TRAINING                      a capture bundle that the class-data training runs examine
# When no JDK can link (JDK 17 without jmods: Debian's openjdk-17-jmods), the jar is still built;
# the reason is printed and written to TARGET/bundle-skipped.txt, which the bundle test reports.
set -euo pipefail

: "${JAR:?}" "${BUILD_JDK:?}" "${VERSION:?}" "${NAME:?}" "${TARGET:?}" "${DOCS:?}" "${MODULES:?}" "${TRAINING:?}"
JDK="${JDK:-}"
REQUIRE="${REQUIRE:-false}"

stage="$TARGET/bundle"
out="$stage/$NAME"
tarball="$TARGET/$NAME.tar.gz"
skipped="$TARGET/bundle-skipped.txt"
log="$TARGET/bundle-build.log"
rm -rf "$stage" "$tarball" "$skipped"
mkdir -p "$stage"
: >"$log"

say() { echo "[bundle] $*"; }

skip() {
  echo "$1" >"$skipped"
  if [ "$REQUIRE" = "true" ]; then
    echo "[bundle] ERROR: no bundle: $1" >&2
    exit 1
  fi
  echo "[bundle] WARNING: bundle skipped, the jar is built: $1" >&2
  exit 0
}

if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  skip "the bundle is for linux-x86_64 and its runtime is linked from this host's JDK; this host is $(uname -s)-$(uname -m)"
fi

java_version() { sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release" 2>/dev/null; }
feature() { local v; v="$(java_version "$1")"; echo "${v%%.*}"; }

# The JDKs to try, in order: the one asked for; else the one running Maven, JAVA_HOME, and the other
# JDKs installed beside it (e.g. /usr/lib/jvm/*), newest first. jlink links its own version only.
candidates=()
if [ -n "$JDK" ]; then
  candidates=("$JDK")
else
  for j in "$BUILD_JDK" "${JAVA_HOME:-}"; do [ -n "$j" ] && candidates+=("$j"); done
  if [ -n "$BUILD_JDK" ] && [ -d "$BUILD_JDK/.." ]; then
    while read -r _ dir; do candidates+=("$dir"); done < <(
      for d in "$(cd "$BUILD_JDK/.." && pwd)"/*; do
        [ -x "$d/bin/jlink" ] && [ -f "$d/release" ] && echo "$(feature "$d") $d"
      done | sort -rn -k1,1)
  fi
fi

runtime="$out/runtime"
tried=()
linked=""
seen=" "
for j in "${candidates[@]}"; do
  real="$(readlink -f "$j" 2>/dev/null || echo "$j")"
  case "$seen" in *" $real "*) continue ;; esac
  seen="$seen$real "
  if [ ! -x "$real/bin/jlink" ]; then tried+=("$j: no bin/jlink (a JRE, or not a JDK)"); continue; fi
  f="$(feature "$real")"
  if [ -z "$f" ] || [ "$f" -lt 17 ]; then tried+=("$j: Java ${f:-of unknown version}, 17 or newer is needed"); continue; fi
  rm -rf "$out"
  mkdir -p "$out"
  # Options every use of this runtime gets (the launcher, and the child JVMs of --deep): compressed
  # oops and, where this Java knows it, native access (JNA), both recorded in the class-data
  # archives, which a JVM started without them refuses; JVM warnings on stderr, never on stdout,
  # where a report or a child's answer goes. (JDK 17's jlink reads a value that starts with "--"
  # as an option: -XX comes first.)
  baked="-XX:+UseCompressedOops -Xlog:disable -Xlog:all=warning:stderr"
  if "$real/bin/java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then
    baked="$baked --enable-native-access=ALL-UNNAMED"
  fi
  # --generate-cds-archive: the runtime's own base archive (lib/server/classes.jsa) of JDK classes,
  # made with the options above. --compress=1 (constant-string sharing) makes the .tar.gz 0.7 MiB
  # smaller; zip compression (2, zip-N) makes it 3.9 MiB larger, since gzip cannot compress what is
  # already zipped. Newer JDKs call 1 deprecated: where one refuses it, the runtime links without.
  linkok=""
  for compress in --compress=1 ""; do
    rm -rf "$runtime"
    if "$real/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages $compress \
        --add-options="$baked" --generate-cds-archive --output "$runtime" >"$stage/jlink.log" 2>&1; then
      linkok=1
      break
    fi
    cat "$stage/jlink.log" >>"$log"
  done
  if [ -n "$linkok" ]; then
    cat "$stage/jlink.log" >>"$log"
    linked="$real"
    break
  fi
  reason="$(grep -m1 -i 'error' "$stage/jlink.log" || tail -1 "$stage/jlink.log")"
  if [ ! -d "$real/jmods" ]; then
    reason="$reason (JDK $f has no jmods folder; on Debian/Ubuntu: apt-get install openjdk-$f-jmods)"
  fi
  tried+=("$j: $reason")
done
if [ -z "$linked" ]; then
  msg="no JDK here can link a runtime. Tried:"
  for t in "${tried[@]}"; do msg="$msg
  - $t"; done
  [ ${#tried[@]} -gt 0 ] || msg="$msg nothing (no JDK found)"
  skip "$msg
Give one with -Dgpu-doctor.jdk=/path/to/jdk (JDK 17 with jmods, or JDK 24+ whose jlink links without them)."
fi
say "runtime: Java $(java_version "$linked") from $linked, modules $MODULES"

# The launcher always asks for compressed oops, so the runtime's archive for heaps over 32 GiB
# (without them) would never be read: it only adds to the download.
rm -f "$runtime/lib/server/classes_nocoops.jsa"

# The runtime's native libraries without their symbol tables (libjvm.so alone: 4 MiB, 1.2 MiB of the
# .tar.gz): jlink's --strip-debug leaves them in. Only a crash log's names of the JVM's internal
# functions come from them; exported symbols (.dynsym), which loading and linking use, stay.
if command -v strip >/dev/null 2>&1; then
  find "$runtime" -type f -name '*.so' -exec strip --strip-unneeded {} + >>"$log" 2>&1 \
    || { echo "[bundle] strip failed on the runtime's libraries; see $log" >&2; exit 1; }
else
  say "no strip (binutils) here: the runtime's libraries keep their symbol tables (1.2 MiB more)"
fi

java="$runtime/bin/java"
mkdir -p "$out/bin" "$out/lib" "$out/share/bash-completion/completions" "$out/share/man/man1"

# The jar, less JNA's native stubs for other systems (20 of them, 1.8 MiB packed): this bundle runs
# on linux-x86_64 only. The plain jar keeps them all.
unpacked="$stage/jar"
mkdir -p "$unpacked"
(cd "$unpacked" && "$BUILD_JDK/bin/jar" --extract --file "$JAR")
for d in "$unpacked"/com/sun/jna/*/; do
  case "$d" in */linux-x86-64/) continue ;; esac
  # A platform folder holds libjnidispatch; the others are Java packages (com.sun.jna.ptr, ...).
  if compgen -G "$d/*jnidispatch*" >/dev/null; then rm -rf "$d"; fi
done
# Stored, not deflated: the .tar.gz's gzip compresses the classes across files, which a jar's deflate,
# one entry at a time, cannot (1.8 MiB smaller download; 11 MiB larger unpacked).
"$BUILD_JDK/bin/jar" --create --no-compress --file "$out/lib/gpu-doctor.jar" --manifest "$unpacked/META-INF/MANIFEST.MF" \
  -C "$unpacked" .
rm -rf "$unpacked"

# The launcher's flags, also used to record and dump the tool's archive (one made with another
# collector, without compressed oops or without native access is refused at run time). The
# options baked into the runtime are repeated: the launcher says all it asks for.
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC $baked -Xshare:auto)
sed "s|@JVM_FLAGS@|${flags[*]}|" "$(dirname "$0")/gpu-doctor" >"$out/bin/gpu-doctor"
chmod 755 "$out/bin/gpu-doctor"

# The tool's own archive: the classes that a check (text and JSON, of a real capture, of an empty
# root and of this build host), --help and --version load, listed run by run and dumped together
# (it holds the JDK classes they use too). A static archive, not a dynamic one on top of the
# runtime's: picocli is Java 5 bytecode, which dynamic archives leave out, and its command model
# is most of what --version and --help spend.
train="$stage/training"
mkdir -p "$train/empty-root"
lists=()
# The jar is named as the launcher names it: through descriptor 9, open on the bundle's folder
# (see src/bundle/gpu-doctor), so that the archive holds wherever the bundle is unpacked.
exec 9<"$out"
fdjar=/proc/self/fd/9/lib/gpu-doctor.jar
run_training() {
  local list="$train/classes-${#lists[@]}.lst"
  lists+=("$list")
  # Exit codes 0 and 1 (problems found) are both normal here.
  "$java" "${flags[@]}" -Xshare:off -XX:DumpLoadedClassList="$list" -jar "$fdjar" "$@" \
    >>"$log" 2>&1 || [ $? -eq 1 ] || { echo "[bundle] training run failed: gpu-doctor $*; see $log" >&2; exit 1; }
}
run_training check --from "$TRAINING"
run_training check --from "$TRAINING" --format json
run_training check --root "$train/empty-root" -v
run_training check --timeout 5 --format json
run_training --help
run_training check --help
run_training --version
# The lists name classes in their order of loading; merged, each class once in first-seen order
# (the lambda and invoker lines after the classes), without the JDK's numbered proxy classes, which
# differ run by run. Newer JDKs number each class ("id: N", per run): the numbers are dropped, as
# classes of the built-in loaders need none. Their "@cp" lines (constant-pool entries to resolve
# at dump time) are left out: resolving them links picocli's Java 5 classes during the dump, and
# Java 25 then leaves every linked old class out of the archive (164 of them, picocli whole).
cat "${lists[@]}" | awk '!/^@/ && !/\$Proxy/ && !/ source: / { sub(/ id: [0-9]+$/, ""); if (!seen[$0]++) print }' \
  >"$train/classes.lst"
cat "${lists[@]}" | awk '/^@/ && !/^@cp / && !seen[$0]++' >>"$train/classes.lst"
# The archive also records the jar's size and time, which tar keeps.
"$java" "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$train/classes.lst" \
  -XX:SharedArchiveFile="$out/lib/gpu-doctor.jsa" -cp "$fdjar" >>"$log" 2>&1 \
  || { echo "[bundle] the class-data archive could not be dumped; see $log" >&2; exit 1; }
exec 9<&-
chmod 644 "$out/lib/gpu-doctor.jsa"

# The archive must be usable: -Xshare:on makes the JVM fail instead of running without it.
if ! GPU_DOCTOR_JAVA_OPTS=-Xshare:on "$out/bin/gpu-doctor" --version >>"$log" 2>&1; then
  echo "[bundle] the bundle does not start with its class-data archive (-Xshare:on); see $log" >&2
  exit 1
fi

cp "$DOCS/gpu-doctor.bash" "$out/share/bash-completion/completions/gpu-doctor"
cp "$DOCS"/man/*.1 "$out/share/man/man1/"
cp "$(dirname "$0")/README.txt" "$out/README.txt"
sed -e "s|@VERSION@|$VERSION|g" -e "s|@JAVA@|$(java_version "$linked")|g" -e "s|@MODULES@|$MODULES|g" \
  -i "$out/README.txt"

# gzip -9: the name .tar.gz is what users expect; owner root, names sorted, times kept (the archive
# checks the jar's time).
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$stage" -cf - "$NAME" | gzip -9 >"$tarball"
size=$(stat -c %s "$tarball")
say "$tarball: $((size / 1024 / 1024)) MiB ($size bytes), $(du -sm "$out" | cut -f1) MiB unpacked"
