//! The integration suite: one test binary (`autotests = false`), one module
//! per area. Every test runs the real `staffplan` binary, except `layout`,
//! which reads the sources for the import order of docs/architecture.md.

mod bad_input;
mod capacity;
mod cli;
mod common;
mod compare;
mod dictionary;
mod dst;
mod files;
mod forecast;
mod fuzz;
mod groups;
mod holidays;
mod layout;
mod outputs;
mod plan;
mod print;
mod report;
mod roster;
mod simulate;
mod sites;
mod sl_window;
mod split_auto;
mod workbook;
