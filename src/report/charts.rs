//! Charts (plotters, SVG and PNG), drawn with the embedded DejaVu Sans so
//! they render the same on a machine without fontconfig or freetype.

use std::sync::Once;

/// The font family every chart asks for.
pub const FONT: &str = "sans-serif";

/// Register the embedded font with plotters, once per process. Call before
/// drawing any text.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; a failure here is a build defect, and
        // charts then draw without text rather than the run failing.
        let _ = plotters::style::register_font(
            FONT,
            plotters::style::FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}
