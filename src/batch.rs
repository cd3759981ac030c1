//! placeholder
#![allow(missing_docs, dead_code)]
#[derive(Debug, thiserror::Error)]
#[error("x")]
pub struct BatchError;
impl BatchError { pub fn line(&self) -> Option<u64> { None } pub fn column(&self) -> Option<String> { None } pub fn message(&self) -> String { String::new() } }
pub fn run_batch<R: std::io::Read, W: std::io::Write>(_i: R, _o: W) -> Result<(), BatchError> { Ok(()) }
