//! The standards shipped with ceping (`standards/` in the repository),
//! embedded in the binary so that `ceping init` can copy one from an
//! installed binary, far from the repository.

/// A shipped standard: its name (its directory under `standards/`) and its
/// files, name and text, in name order.
#[derive(Clone, Copy, Debug)]
pub struct Shipped {
    pub name: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! shipped {
    ($($name:literal => [$($file:literal),* $(,)?]),* $(,)?) => {
        /// Every shipped standard; the default of `ceping init` first.
        pub const SHIPPED: &[Shipped] = &[$(Shipped {
            name: $name,
            files: &[$((
                $file,
                include_str!(concat!("../../standards/", $name, "/", $file)),
            )),*],
        }),*];
    };
}

shipped! {
    "national-prefecture" => [
        "00-standard.toml",
        "10-public-environment.toml",
        "20-public-order.toml",
        "30-public-service.toml",
        "40-civility.toml",
        "50-minors.toml",
        "60-ecology-culture.toml",
        "70-safety-community.toml",
        "80-mechanism-survey.toml",
    ],
    "monthly-check" => [
        "00-standard.toml",
        "10-criteria.toml",
    ],
}

/// The shipped standard called `name`.
#[must_use]
pub fn find(name: &str) -> Option<&'static Shipped> {
    SHIPPED.iter().find(|s| s.name == name)
}

/// The names of the shipped standards, as messages list them.
#[must_use]
pub fn names() -> Vec<String> {
    SHIPPED.iter().map(|s| s.name.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::SHIPPED;

    /// The `*.toml` files of each directory under `standards/`, with their
    /// text.
    fn on_disk() -> BTreeMap<String, BTreeMap<String, String>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
        let mut found = BTreeMap::new();
        for dir in std::fs::read_dir(root).expect("standards/") {
            let dir = dir.expect("an entry").path();
            if !dir.is_dir() {
                continue;
            }
            let name = dir.file_name().expect("a name").to_string_lossy();
            let mut files = BTreeMap::new();
            for f in std::fs::read_dir(&dir).expect("a standard's directory") {
                let f = f.expect("an entry").path();
                if f.extension().is_some_and(|e| e == "toml") {
                    let text = std::fs::read_to_string(&f).expect("a standard's file");
                    let file = f.file_name().expect("a name").to_string_lossy();
                    files.insert(file.into_owned(), text);
                }
            }
            found.insert(name.into_owned(), files);
        }
        found
    }

    #[test]
    fn every_file_of_standards_is_embedded() {
        let embedded: BTreeMap<String, BTreeMap<String, String>> = SHIPPED
            .iter()
            .map(|s| {
                let files = s
                    .files
                    .iter()
                    .map(|(f, t)| ((*f).to_string(), (*t).to_string()))
                    .collect();
                (s.name.to_string(), files)
            })
            .collect();
        assert_eq!(
            embedded,
            on_disk(),
            "standards/ and the embedded list differ"
        );
    }

    #[test]
    fn files_are_in_name_order() {
        for s in SHIPPED {
            let names: Vec<&str> = s.files.iter().map(|(f, _)| *f).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            assert_eq!(names, sorted, "{}", s.name);
        }
    }

    #[test]
    fn every_shipped_standard_loads() {
        for s in SHIPPED {
            let dir = tempfile::tempdir().expect("a temp dir");
            for (file, text) in s.files {
                std::fs::write(dir.path().join(file), text).expect("write");
            }
            let loaded = crate::standard::load(dir.path());
            assert!(
                loaded.standard.is_some(),
                "{}: {:?}",
                s.name,
                loaded.diagnostics
            );
        }
    }
}
