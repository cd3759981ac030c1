//! Renderers: each turns pipeline results into bytes or text. None touches
//! the file system; [`crate::output`] writes what they return.

pub mod csv;
pub mod json;
pub mod table;
pub mod terminal;

/// Round to `digits` decimals, for numbers meant for people (and stable text).
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
