//! How long each stage of a build took, and the process's peak memory at its end, for the
//! build report (`BOKE_TIMINGS=1 boke build`).

use std::fmt;
use std::time::{Duration, Instant};

/// Stage durations in the order the stages ran.
#[derive(Debug, Clone)]
pub struct Timings {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
    /// Peak resident memory in KiB when each stage ended, where the system tells it.
    peaks: Vec<Option<u64>>,
}

impl Default for Timings {
    fn default() -> Self {
        Self::start()
    }
}

impl Timings {
    pub(crate) fn start() -> Self {
        Self {
            last: Instant::now(),
            stages: Vec::new(),
            peaks: Vec::new(),
        }
    }

    /// Ends `stage`: it took the time since the previous stage ended.
    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.peaks.push(peak_rss_kib());
        self.last = now;
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        for ((stage, duration), peak) in self.stages.iter().zip(&self.peaks) {
            let share = if total.is_zero() {
                0.0
            } else {
                100.0 * duration.as_secs_f64() / total.as_secs_f64()
            };
            write!(
                f,
                "  {stage:<13} {:>9.1} ms {share:>5.1}%",
                duration.as_secs_f64() * 1e3
            )?;
            match peak {
                Some(kib) => writeln!(f, "   peak {:>6} MiB", kib / 1024)?,
                None => writeln!(f)?,
            }
        }
        write!(f, "  {:<13} {:>9.1} ms", "total", total.as_secs_f64() * 1e3)
    }
}

/// The process's peak resident memory so far (`VmHWM`), on Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_are_listed_in_order_with_a_total() {
        let mut timings = Timings::start();
        timings.lap("load");
        timings.lap("parse");
        let names: Vec<&str> = timings.stages.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["load", "parse"]);
        let text = timings.to_string();
        assert!(
            text.contains("load") && text.contains("parse") && text.contains("total"),
            "{text}"
        );
    }
}
