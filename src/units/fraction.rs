//! Fractions: a share in [0, 1], written `0.88` or `88%`.

use std::str::FromStr;

/// A share in [0, 1], written `0.88` or `88%`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Fraction(pub f64);

const FRACTION_HINT: &str = "a fraction from 0 to 1 like 0.25, or a percentage like 25%";

impl Fraction {
    fn checked(value: f64, text: &str) -> Result<Self, String> {
        if value.is_finite() && (0.0..=1.0).contains(&value) {
            Ok(Fraction(value))
        } else {
            Err(format!("expected {FRACTION_HINT}, got `{text}`"))
        }
    }
}

impl FromStr for Fraction {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let s = text.trim();
        let bad = || format!("expected {FRACTION_HINT}, got `{text}`");
        match s.strip_suffix('%') {
            Some(pct) => {
                Fraction::checked(pct.trim().parse::<f64>().map_err(|_| bad())? / 100.0, text)
            }
            None => Fraction::checked(s.parse().map_err(|_| bad())?, text),
        }
    }
}

deserialize_from_str!(Fraction, FRACTION_HINT, |v| Fraction::checked(
    v,
    &v.to_string()
));

/// A part's share of a split queue: a fraction, or `auto` (the plan
/// chooses it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Share {
    /// Chosen by the plan.
    Auto,
    /// Written.
    Fixed(Fraction),
}

const SHARE_HINT: &str = "a share like 40% or 0.4, or `auto` for the plan to choose it";

impl FromStr for Share {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.trim() == "auto" {
            return Ok(Share::Auto);
        }
        text.parse()
            .map(Share::Fixed)
            .map_err(|_| format!("expected {SHARE_HINT}, got `{text}`"))
    }
}

deserialize_from_str!(Share, SHARE_HINT, |v| v.to_string().parse());
