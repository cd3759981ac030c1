//! Service-level targets: `80/20` (percent answered / seconds), with the two
//! slips that would plan for the wrong target refused.

use std::fmt;
use std::str::FromStr;

use super::rounding::round6;

/// A service-level target: `fraction` of contacts answered within `seconds`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevel {
    /// Share answered in time, in (0, 1].
    pub fraction: f64,
    /// The threshold T, seconds.
    pub seconds: f64,
}

const SL_HINT: &str =
    "a service level like 80/20 or 80/20s (percent answered / seconds), percent in (0, 100]";

impl FromStr for ServiceLevel {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("expected {SL_HINT}, got `{text}`");
        let (pct, secs) = text.trim().split_once('/').ok_or_else(bad)?;
        let pct: f64 = pct
            .trim()
            .trim_end_matches('%')
            .parse()
            .map_err(|_| bad())?;
        let secs = secs.trim();
        let secs: f64 = secs
            .strip_suffix('s')
            .unwrap_or(secs)
            .trim()
            .parse()
            .map_err(|_| bad())?;
        if !(pct > 0.0 && pct <= 100.0) {
            return Err(format!(
                "service level {pct}% is outside (0, 100]: expected {SL_HINT}"
            ));
        }
        if !(secs.is_finite() && secs >= 0.0) {
            return Err(format!(
                "service-level seconds must be 0 or more, got `{text}`"
            ));
        }
        // Two slips that would otherwise plan silently for the wrong target:
        // a fraction where the percent goes (0.8/20 is 0.8 %, not 80 %), and
        // the two numbers swapped (20/80: 20 % within 80 s, where targets
        // put the larger share first, like 80/20 or 90/30).
        let secs_text = secs.to_string();
        if pct < 1.0 {
            return Err(format!(
                "`{}` reads as {pct}% answered within {secs_text} s; the percent comes first, from 1 to 100: did you mean {}/{secs_text}?",
                text.trim(),
                round6(pct * 100.0)
            ));
        }
        if pct < 50.0 && (50.0..=100.0).contains(&secs) && secs > pct {
            return Err(format!(
                "`{}` reads as {pct}% answered within {secs_text} s, a target no contract sets; percent first, then seconds: did you mean {secs_text}/{pct}?",
                text.trim()
            ));
        }
        Ok(ServiceLevel {
            fraction: pct / 100.0,
            seconds: secs,
        })
    }
}

impl fmt::Display for ServiceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", round6(self.fraction * 100.0), self.seconds)
    }
}

deserialize_from_str!(ServiceLevel, SL_HINT, |v| Err(format!(
    "expected {SL_HINT}, got the number {v}"
)));
