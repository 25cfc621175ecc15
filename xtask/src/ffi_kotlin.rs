//! The Kotlin/JVM channel as JVM developers build it: the Maven project `bindings/kotlin/`
//! (the generated sources, JNA and kotlinx-coroutines from Maven Central, the native library as
//! a JNA resource in the jar), its JUnit 5 suite run by Surefire, `mvn install` into a local
//! repository under `target/`, and the consumer project `bindings/kotlin/consumer/` that
//! depends on the installed artifact by its coordinates, as an app would.
//!
//! Maven's local repository is `target/m2` (not `~/.m2`): the consumer then resolves the jar this
//! run installed, never one left by an earlier checkout, and a second run downloads nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Tally;
use super::sim::target_dir;
use super::tools::{apt_install, output};

/// The artifact's coordinates; its version is the Cargo workspace's.
pub const GROUP: &str = "io.github.recaudo";
pub const ARTIFACT: &str = "recaudo";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Maven and a JDK from Debian, each only if missing.
pub fn ensure_tools() -> Result<(), String> {
    let mut missing = Vec::new();
    if output("javac", &["-version"]).is_none() {
        missing.push("openjdk-17-jdk-headless");
    }
    if output("mvn", &["--version"]).is_none() {
        missing.push("maven");
    }
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)
}

fn local_repo(root: &Path) -> PathBuf {
    target_dir(root).join("m2")
}

/// `mvn -B -ntp` in `dir` with the local repository under `target/` and the native library
/// taken from `native` (a cargo profile's output directory).
fn mvn(root: &Path, dir: &str, native: &Path) -> Command {
    let mut command = Command::new("mvn");
    command
        .args(["-B", "-ntp"])
        .arg(format!("-Dmaven.repo.local={}", local_repo(root).display()))
        .arg(format!("-Drecaudo.native.dir={}", native.display()))
        .current_dir(root.join(dir));
    command
}

/// The pom's version must be the crates' (the bindings check the library's version at load).
fn check_version(root: &Path) -> Result<(), String> {
    for pom in [
        "bindings/kotlin/pom.xml",
        "bindings/kotlin/consumer/pom.xml",
    ] {
        let text = std::fs::read_to_string(root.join(pom)).map_err(|e| format!("{pom}: {e}"))?;
        let want = format!("<version>{VERSION}</version>");
        if !text.contains(&want) {
            return Err(format!("{pom} does not say {want} (the Cargo version)"));
        }
    }
    println!("the poms carry version {VERSION}");
    Ok(())
}

/// The debug library without its debug info (a sixth of the size), in a directory of its own:
/// what the test run puts in the jar. Returns that directory.
pub fn debug_native(root: &Path) -> Result<PathBuf, String> {
    let dir = target_dir(root).join("ffi-jvm-native");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let library = dir.join("librecaudo_ffi.so");
    let status = Command::new("strip")
        .arg("--strip-debug")
        .arg("-o")
        .arg(&library)
        .arg(target_dir(root).join("debug/librecaudo_ffi.so"))
        .status()
        .map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip failed ({status})"));
    }
    Ok(dir)
}

/// The library's suite through Surefire, `mvn install`, the jar's contents, then the consumer.
/// `native` is the cargo output directory whose `librecaudo_ffi.so` goes into the jar.
pub fn suite(root: &Path, native: &Path, sim: &str, tally: &mut Tally) -> Result<(), String> {
    tally.record(check_version(root));

    let library = root.join("bindings/kotlin");
    clear_reports(&library)?;
    let status = mvn(root, "bindings/kotlin", native)
        .arg("install")
        .env("RECAUDO_SIM_URL", sim)
        .status()
        .map_err(|e| format!("cannot run mvn: {e}"))?;
    let counted = count_reports(&library, "the Kotlin suite (Surefire)", tally)?;
    if !status.success() || counted == 0 {
        println!("FAILED: mvn install in bindings/kotlin ({status}, {counted} tests reported)");
        tally.failed += 1;
        return Ok(());
    }
    tally.record(jar_carries_the_library(root));

    let consumer = root.join("bindings/kotlin/consumer");
    clear_reports(&consumer)?;
    let status = mvn(root, "bindings/kotlin/consumer", native)
        .arg("test")
        .env("RECAUDO_SIM_URL", sim)
        .status()
        .map_err(|e| format!("cannot run mvn: {e}"))?;
    let counted = count_reports(&consumer, "the consumer project", tally)?;
    if !status.success() || counted == 0 {
        println!("FAILED: the consumer project ({status}, {counted} tests reported)");
        tally.failed += 1;
    }
    Ok(())
}

/// The installed jar, as the consumer gets it, has the compiled bindings and the library.
fn jar_carries_the_library(root: &Path) -> Result<(), String> {
    let jar = local_repo(root)
        .join(GROUP.replace('.', "/"))
        .join(ARTIFACT)
        .join(VERSION)
        .join(format!("{ARTIFACT}-{VERSION}.jar"));
    let listing = output("jar", &["tf", &jar.to_string_lossy()])
        .ok_or_else(|| format!("cannot list {}", jar.display()))?;
    for entry in [
        "linux-x86-64/librecaudo_ffi.so",
        "io/github/recaudo/Collector.class",
        "io/github/recaudo/core/BillerOptions.class",
    ] {
        if !listing.lines().any(|l| l == entry) {
            return Err(format!("{} has no {entry}", jar.display()));
        }
    }
    println!(
        "{} carries the bindings and linux-x86-64/librecaudo_ffi.so",
        jar.display()
    );
    Ok(())
}

fn reports_dir(project: &Path) -> PathBuf {
    project.join("target/surefire-reports")
}

fn clear_reports(project: &Path) -> Result<(), String> {
    let dir = reports_dir(project);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Adds Surefire's XML reports (`TEST-*.xml`) to the tally; returns how many tests they hold.
fn count_reports(project: &Path, what: &str, tally: &mut Tally) -> Result<u64, String> {
    let dir = reports_dir(project);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let (mut run, mut bad) = (0, 0);
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if !name.is_some_and(|n| n.starts_with("TEST-") && n.ends_with(".xml")) {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let suite = text
            .lines()
            .find(|l| l.trim_start().starts_with("<testsuite"))
            .ok_or_else(|| format!("{}: no <testsuite>", path.display()))?;
        let tests = attribute(suite, "tests");
        let failed = attribute(suite, "failures") + attribute(suite, "errors");
        run += tests;
        bad += failed;
    }
    println!(
        "{what}: {} passed, {bad} failed (Surefire reports)",
        run - bad
    );
    tally.passed += run - bad;
    tally.failed += bad;
    Ok(run)
}

/// A numeric attribute of a `<testsuite …>` line; 0 when absent.
fn attribute(tag: &str, name: &str) -> u64 {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .and_then(|at| {
            let rest = &tag[at + key.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .unwrap_or(0)
}

/// Compiles the test sources and writes the test class path (for the lookup bench of
/// `cargo xtask ffi-perf`, run with `java` outside Surefire); returns it.
pub fn test_classpath(root: &Path, native: &Path) -> Result<String, String> {
    let file = target_dir(root).join("ffi-kotlin-classpath.txt");
    let status = mvn(root, "bindings/kotlin", native)
        .args(["-q", "test-compile", "dependency:build-classpath"])
        .arg("-Dmdep.includeScope=test")
        .arg(format!("-Dmdep.outputFile={}", file.display()))
        .status()
        .map_err(|e| format!("cannot run mvn: {e}"))?;
    if !status.success() {
        return Err(format!("mvn test-compile failed ({status})"));
    }
    let deps = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let project = root.join("bindings/kotlin/target");
    Ok(format!(
        "{}:{}:{}",
        project.join("test-classes").display(),
        project.join("classes").display(),
        deps.trim()
    ))
}

#[cfg(test)]
mod tests {
    use super::attribute;

    #[test]
    fn reads_surefire_counts() {
        let tag = r#"<testsuite xmlns:xsi="x" name="a.B" time="1.2" tests="41" errors="1" skipped="0" failures="2">"#;
        assert_eq!(attribute(tag, "tests"), 41);
        assert_eq!(attribute(tag, "failures") + attribute(tag, "errors"), 3);
        assert_eq!(attribute(tag, "flakes"), 0);
    }
}
