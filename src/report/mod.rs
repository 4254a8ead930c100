//! Report models: everything a renderer prints, computed and serialisable.
//! Nothing here prints.

pub mod coverage;
pub mod score;
pub mod standard;
// --- problem ledger (issue 11) ---
pub mod ledger;
