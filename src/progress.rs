//! A one-line progress display on stderr for steps that take more than a
//! second: silent unless a command called [`enable`] and stderr is a
//! terminal, so pipes, files and tests never see it.
//!
//! ```text
//! progress::enable();                       // a command that may run long
//! progress::stage("shift plan");            // names the step, restarts its clock
//! progress::note("bound 50994, best 52614"); // detail from inside the step
//! progress::done();                         // clears the line
//! ```
//!
//! A step shows only once it has run for a second; a small thread redraws
//! the line (step, detail, seconds) a few times a second until [`done`].
//! Every function is cheap and thread-safe, so a solver may call [`note`] as
//! often as it likes (from any thread).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A step shows after this long.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// Redraw interval.
const TICK: Duration = Duration::from_millis(200);

static ENABLED: AtomicBool = AtomicBool::new(false);
static STATE: Mutex<State> = Mutex::new(State {
    stage: String::new(),
    detail: String::new(),
    started: None,
    shown: false,
    ticker: false,
    last: String::new(),
});

struct State {
    stage: String,
    detail: String,
    started: Option<Instant>,
    shown: bool,
    ticker: bool,
    last: String,
}

/// Turn progress on for this process, if stderr is a terminal.
pub fn enable() {
    if std::io::stderr().is_terminal() {
        ENABLED.store(true, Ordering::Relaxed);
    }
}

/// Whether progress is shown at all.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Start a step named `name` (clears the detail, restarts the clock).
pub fn stage(name: &str) {
    if !enabled() {
        return;
    }
    let mut s = lock();
    s.stage = name.to_string();
    s.detail.clear();
    s.started = Some(Instant::now());
    if !s.ticker {
        s.ticker = true;
        // If the thread cannot start, progress is simply not shown.
        let _ = std::thread::Builder::new()
            .name("progress".into())
            .spawn(tick);
    }
}

/// Set the current step's detail (`bound 50994, best 52614`).
pub fn note(text: &str) {
    if !enabled() {
        return;
    }
    let mut s = lock();
    if s.started.is_none() {
        s.started = Some(Instant::now());
    }
    s.detail = text.to_string();
}

/// Clear the line and stop showing until the next [`stage`].
pub fn done() {
    if !enabled() {
        return;
    }
    let mut s = lock();
    s.started = None;
    if s.shown {
        s.shown = false;
        s.last.clear();
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(b"\r\x1b[2K");
        let _ = err.flush();
    }
}

/// Write one line to stderr (timings, notes, the error), ignoring a failed
/// write: a closed or broken stderr (`2>&- `, `2>&1 >/dev/null | true`)
/// must not panic, as `eprintln!` does, nor change the exit code.
pub fn eprint_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

fn lock() -> std::sync::MutexGuard<'static, State> {
    // A panic elsewhere while holding the lock leaves plain data: keep going.
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The text of the line: `shift plan: bound 50994, best 52614 (3 s)`.
fn line(stage: &str, detail: &str, elapsed: Duration) -> String {
    let mut text = stage.to_string();
    if !detail.is_empty() {
        text += ": ";
        text += detail;
    }
    format!("{text} ({} s)", elapsed.as_secs())
}

fn tick() {
    loop {
        std::thread::sleep(TICK);
        let mut s = lock();
        let Some(started) = s.started else {
            continue;
        };
        let elapsed = started.elapsed();
        if elapsed < QUIET_FOR {
            continue;
        }
        let text = line(&s.stage, &s.detail, elapsed);
        if s.shown && text == s.last {
            continue;
        }
        s.shown = true;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{text}");
        let _ = err.flush();
        s.last = text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_the_step_its_detail_and_seconds() {
        assert_eq!(
            line(
                "shift plan",
                "bound 50994, best 52614",
                Duration::from_millis(3400)
            ),
            "shift plan: bound 50994, best 52614 (3 s)"
        );
        assert_eq!(line("writing", "", Duration::from_secs(1)), "writing (1 s)");
    }

    #[test]
    fn silent_when_not_enabled() {
        // Tests run with stderr captured or piped: enable() keeps it off, and
        // every call is then a no-op that never spawns the ticker.
        if std::io::stderr().is_terminal() {
            return;
        }
        enable();
        stage("x");
        note("y");
        done();
        assert!(!enabled());
        assert!(!lock().ticker);
    }
}
