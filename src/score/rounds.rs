//! Which rounds (批次) a report covers: `--round` against the rounds the
//! rows have. One definition for every command.

use crate::input::text::normalize;

/// The rounds a report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The round the report names: a round, `all` when several are pooled
    /// on request, `None` when the rows have no round (or one unnamed).
    pub round: Option<String>,
    /// The rounds whose rows are scored together (`""` for rows without a
    /// round).
    pub pooled: Vec<String>,
}

/// Why `--round` picks no rounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoundError {
    /// The rows span several rounds and none was asked for.
    Several,
    /// The round asked for (normalised) is not among the rows'.
    Unknown(String),
}

/// The names rows without a round are shown by, in either language.
pub const UNNAMED: [&str; 2] = ["（无批次）", "(none)"];

/// The rounds `asked` picks among `have` (in order, `""` for rows without
/// a round): a round name (width-folded; an unnamed round by the name
/// messages give it), `latest` (the last), `all` (pooled), or nothing when
/// there is only one.
pub fn select(have: &[String], asked: Option<&str>) -> Result<Selection, RoundError> {
    match asked {
        None if have.len() > 1 => Err(RoundError::Several),
        None | Some("all") => Ok(Selection {
            round: if have.len() == 1 && !have[0].is_empty() {
                Some(have[0].clone())
            } else if asked.is_some() {
                Some("all".into())
            } else {
                None
            },
            pooled: have.to_vec(),
        }),
        Some("latest") => {
            let last = have.last().cloned().unwrap_or_default();
            Ok(Selection {
                round: Some(last.clone()),
                pooled: vec![last],
            })
        }
        Some(r) => {
            let mut r = normalize(r).into_owned();
            if UNNAMED.iter().any(|n| normalize(n) == r) {
                r.clear();
            }
            if !have.contains(&r) {
                return Err(RoundError::Unknown(r));
            }
            Ok(Selection {
                round: Some(r.clone()),
                pooled: vec![r],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn have(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn rounds_by_name_latest_all_and_alone() {
        let two = have(&["第1轮", "第2轮"]);
        assert_eq!(select(&two, None), Err(RoundError::Several));
        assert_eq!(
            select(&two, Some("latest")).map(|s| s.pooled),
            Ok(have(&["第2轮"]))
        );
        let all = select(&two, Some("all")).expect("all");
        assert_eq!(
            (all.round.as_deref(), all.pooled),
            (Some("all"), two.clone())
        );
        assert_eq!(
            select(&two, Some("第3轮")),
            Err(RoundError::Unknown("第3轮".into()))
        );
        let one = select(&have(&["第1轮"]), None).expect("one");
        assert_eq!(one.round.as_deref(), Some("第1轮"));
        let unnamed = select(&have(&["", "第1轮"]), Some("(none)")).expect("unnamed");
        assert_eq!(unnamed.pooled, have(&[""]));
        assert_eq!(select(&have(&[""]), None).map(|s| s.round), Ok(None));
    }
}
