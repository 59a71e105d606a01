//! Progress of a long sync for the command line: a bar on a terminal, plain lines otherwise.

use std::io::Write;

use super::Progress;

/// Shows progress on standard error.
pub struct ConsoleProgress {
    bar: Option<indicatif::ProgressBar>,
    terminal: bool,
    phase: String,
    done: usize,
    total: usize,
}

impl ConsoleProgress {
    /// A bar when `terminal`, else one line per step.
    pub fn new(terminal: bool) -> ConsoleProgress {
        ConsoleProgress {
            bar: None,
            terminal,
            phase: String::new(),
            done: 0,
            total: 0,
        }
    }
}

impl Progress for ConsoleProgress {
    fn begin(&mut self, phase: &str, total: usize) {
        self.phase = phase.to_string();
        self.done = 0;
        self.total = total;
        if self.terminal && total > 0 {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg:.bold} [{bar:30}] {pos}/{len} {prefix}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(phase.to_string());
            self.bar = Some(bar);
        }
    }

    fn step(&mut self, key: &str) {
        self.done += 1;
        match &self.bar {
            Some(bar) => {
                bar.set_prefix(crate::logsafe::text(key).into_owned());
                bar.inc(1);
            }
            None => {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "[{}/{}] {}: {}",
                    self.done,
                    self.total,
                    self.phase,
                    crate::logsafe::lines(&crate::logsafe::text(key))
                );
            }
        }
    }

    fn end(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
