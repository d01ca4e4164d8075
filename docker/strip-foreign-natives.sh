#!/bin/sh
# Removes the native libraries of other platforms from the jars of an extracted Athena application, so that the image
# carries only its own: onnxruntime (the in-process embedding model, ai/onnxruntime/native/<platform>/) and DJL's
# Hugging Face tokenizers (native/lib/<platform>/) ship macOS, Windows and Linux binaries in one jar, two thirds of
# the executable jar's size. The executable jar itself keeps them all, so that scripts/run.sh works on any machine.
#
# Usage: strip-foreign-natives.sh DIRECTORY ARCHITECTURE
#   DIRECTORY     searched for the jars (the output of `java -Djarmode=tools -jar athena.jar extract --layers`)
#   ARCHITECTURE  amd64 or arm64, as Docker's TARGETARCH names them
# Needs the JDK's jar tool.
set -eu

die() { printf 'strip-foreign-natives: %s\n' "$*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: strip-foreign-natives.sh DIRECTORY ARCHITECTURE (amd64 or arm64)"
directory=$1
case $2 in
  amd64) onnxruntime_platform=linux-x64 tokenizers_platform=linux-x86_64 ;;
  arm64) onnxruntime_platform=linux-aarch64 tokenizers_platform=linux-aarch64 ;;
  *) die "unknown architecture '$2': amd64 or arm64" ;;
esac
[ -d "$directory" ] || die "no directory $directory"
command -v jar >/dev/null || die "the JDK's jar tool is missing"

# Rewrites JAR without the subdirectories of NATIVES other than KEEP; fails when KEEP is not there, since the
# application could not load its library then.
strip_jar() {
  jar_file=$1 natives=$2 keep=$3
  unpacked=$(mktemp -d)
  (cd "$unpacked" && jar xf "$jar_file")
  if [ ! -d "$unpacked/$natives/$keep" ]; then
    rm -rf "$unpacked"
    die "$jar_file has no $natives/$keep"
  fi
  for platform in "$unpacked/$natives"/*/; do
    [ "$(basename "$platform")" = "$keep" ] || rm -rf "$platform"
  done
  # The jar's own META-INF/MANIFEST.MF is among the unpacked files and goes back in unchanged.
  jar --create --no-manifest --file "$jar_file.stripped" -C "$unpacked" .
  mv "$jar_file.stripped" "$jar_file"
  rm -rf "$unpacked"
  printf 'strip-foreign-natives: %s keeps %s/%s only\n' "$(basename "$jar_file")" "$natives" "$keep"
}

# Both jars are expected: a dependency upgrade that renames one should fail the image build, not ship it unstripped.
strip_each() {
  pattern=$1 natives=$2 keep=$3
  jars=$(find "$directory" -name "$pattern")
  [ -n "$jars" ] || die "no $pattern under $directory"
  for jar_file in $jars; do
    strip_jar "$(cd "$(dirname "$jar_file")" && pwd)/$(basename "$jar_file")" "$natives" "$keep"
  done
}

strip_each 'onnxruntime-*.jar' ai/onnxruntime/native "$onnxruntime_platform"
strip_each 'tokenizers-*.jar' native/lib "$tokenizers_platform"
