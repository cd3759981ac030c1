//! Roster tests: small plans whose rosters are worked out by hand, each
//! written out and passed through the independent checker.
