//! Report models: everything a renderer prints, computed and serialisable.
//! Nothing here prints.

pub mod coverage;
pub mod gaps;
pub mod score;
pub mod standard;
// --- compare (issue 11) ---
pub mod compare;
// --- problem ledger (issue 11) ---
pub mod ledger;
// --- bulletin (issue 12) ---
pub mod bulletin;
// --- template (issue 13) ---
pub mod manifest;
pub mod template;
