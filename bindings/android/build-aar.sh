#!/bin/sh
# Assembles recaudo's Android library (AAR) from cargo-ndk outputs and the Android flavour of the
# generated Kotlin (bindings/android/src/main/kotlin, `cargo xtask bindings`).
#
# NOT RUN on the project's machines: they have no Android NDK or SDK. Written for, and to be
# checked on, a machine with:
#   - the Android NDK (ANDROID_NDK_HOME) and `cargo install cargo-ndk`
#   - rustup (the pinned nightly and its rust-src are installed by this script; std is compiled
#     from source for each Android target, so no `rustup target add` is needed)
#   - the Android SDK's platform jar (ANDROID_JAR, e.g. $ANDROID_HOME/platforms/android-34/android.jar)
#   - a JDK, Maven (the Kotlin compiler and JNA come from Maven Central), zip
#
#   bindings/android/build-aar.sh            # -> target/android/recaudo-android-VERSION.aar
#   bindings/android/build-aar.sh --install  # also into ~/.m2 as io.github.recaudo:recaudo-android
#
# The library is the mobile build: no native HTTP transport (the app passes its OkHttp-backed
# HttpTransport to `connect`), profile `mobile` (size first, panics still unwind), std rebuilt
# for size (`-Z build-std`, without std's backtrace printer) on the nightly pinned in
# ffi/mobile-toolchain, installed with its rust-src when missing. The same build as
# `cargo xtask ffi-perf` measures (xtask/src/mobile.rs).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/target/android"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
: "${ANDROID_JAR:?set ANDROID_JAR to the SDK platform's android.jar}"

# 1. The native libraries, one per ABI, into jni/<abi>/.
toolchain=$(cat "$root/ffi/mobile-toolchain")
rustup toolchain install "$toolchain" --profile minimal --component rust-src
rm -rf "$out" && mkdir -p "$out/aar/jni" "$out/classes"
(cd "$root" && cargo "+$toolchain" ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$out/aar/jni" \
    build -Z build-std=std,panic_unwind -Z build-std-features=panic-unwind,optimize_for_size \
    -p recaudo-ffi --lib --no-default-features --profile mobile)

# 2. classes.jar: the Android-flavour sources compiled against android.jar, JNA and coroutines.
mvn -B -ntp -q -f "$root/bindings/android/pom.xml" -Dandroid.jar="$ANDROID_JAR" package
cp "$root/bindings/android/target/recaudo-android-classes-$version.jar" "$out/aar/classes.jar"

# 3. The manifest, keep rules for R8 (JNA and the bindings are reached by reflection), R.txt.
cat > "$out/aar/AndroidManifest.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="io.github.recaudo">
    <uses-sdk android:minSdkVersion="24" />
    <uses-permission android:name="android.permission.INTERNET" />
</manifest>
XML
cat > "$out/aar/proguard.txt" <<'KEEP'
-keep class com.sun.jna.** { *; }
-keep class * implements com.sun.jna.** { *; }
-keep class io.github.recaudo.** { *; }
KEEP
: > "$out/aar/R.txt"
aar="$out/recaudo-android-$version.aar"
(cd "$out/aar" && zip -q -r "$aar" AndroidManifest.xml classes.jar proguard.txt R.txt jni)
sed "s/@VERSION@/$version/g" "$root/bindings/android/recaudo-android.pom.in" > "$out/recaudo-android-$version.pom"
echo "built $aar"

if [ "${1:-}" = "--install" ]; then
    mvn -B -ntp -q install:install-file -Dfile="$aar" -DpomFile="$out/recaudo-android-$version.pom"
    echo "installed io.github.recaudo:recaudo-android:$version"
fi
