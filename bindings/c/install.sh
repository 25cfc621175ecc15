#!/bin/sh
# Installs recaudo's C library into PREFIX: include/recaudo.h, lib/librecaudo_ffi.{so,a},
# lib/pkgconfig/recaudo.pc and recaudo-static.pc, lib/cmake/recaudo/ (find_package(recaudo)).
#
#   cargo build --release -p recaudo-ffi
#   bindings/c/install.sh /usr/local                 # or any prefix; LIBDIR defaults to
#   bindings/c/install.sh "$HOME/.local" target/release   # the workspace's target/release
#
# `cargo xtask ffi-test` runs it into target/ffi-c-prefix and builds the example against it.
set -eu
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 PREFIX [LIBDIR]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
prefix=$1
libdir=${2:-$here/../../target/release}
version=$(sed -n 's/^#define RECAUDO_VERSION "\(.*\)"$/\1/p' "$here/recaudo.h")
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
[ -n "$version" ] || { echo "no RECAUDO_VERSION in recaudo.h" >&2; exit 1; }
for lib in librecaudo_ffi.so librecaudo_ffi.a; do
    [ -f "$libdir/$lib" ] || { echo "no $libdir/$lib: cargo build --release -p recaudo-ffi first" >&2; exit 1; }
done

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/lib/cmake/recaudo"
cp "$here/recaudo.h" "$prefix/include/"
cp "$libdir/librecaudo_ffi.so" "$libdir/librecaudo_ffi.a" "$prefix/lib/"
fill() {
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
        -e "s|@VERSION_MAJOR@|$major|g" -e "s|@VERSION_MINOR@|$minor|g" "$1" > "$2"
}
fill "$here/recaudo.pc.in" "$prefix/lib/pkgconfig/recaudo.pc"
fill "$here/recaudo-static.pc.in" "$prefix/lib/pkgconfig/recaudo-static.pc"
cp "$here/cmake/recaudoConfig.cmake" "$prefix/lib/cmake/recaudo/"
fill "$here/cmake/recaudoConfigVersion.cmake.in" "$prefix/lib/cmake/recaudo/recaudoConfigVersion.cmake"
echo "recaudo $version installed into $prefix"
