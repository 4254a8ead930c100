//! Report models: everything a renderer prints, computed and serialisable.
//! Nothing here prints.

pub mod standard;
pub mod score;
