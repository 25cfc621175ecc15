//! Progress on stderr while the biller is paged through or a recovery waits: a spinner or a bar,
//! drawn only when stderr is a terminal and `--json` is not given (scripts see nothing).

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::Globals;

fn visible(globals: &Globals) -> bool {
    !globals.json && std::io::stderr().is_terminal()
}

/// A spinner with a message, ticking on its own until finished.
pub fn spinner(globals: &Globals, message: impl Into<Cow<'static, str>>) -> ProgressBar {
    if !visible(globals) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner().with_message(message);
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A bar over `len` items, with a message naming the current one.
pub fn bar(globals: &Globals, len: u64, prefix: &'static str) -> ProgressBar {
    if !visible(globals) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len).with_prefix(prefix);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {prefix} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
