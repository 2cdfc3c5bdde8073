//! The shipped rules, as data: the presets of `data/presets/` and the criteria sets and
//! mappings of `data/criteria/<preset>/`, compiled into the binary and checked together
//! (every set belongs to its folder's preset, keys are unique, every mapping names a set of
//! its own preset).

use include_dir::{Dir, include_dir};

use crate::assign::{self, Mapping};
use crate::criteria::{self, CriteriaSet, SetError};
use crate::preset::{self, Preset};

/// The preset of a tenant that has chosen none: the Hanoi rules this product was made for
/// (docs/decisions.md D21).
pub const DEFAULT_PRESET: &str = "hanoi-2021";

static PRESETS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../data/presets");
static CRITERIA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../data/criteria");

/// Everything the rules need, validated.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub presets: Vec<Preset>,
    /// Each set with the file it came from (`hanoi-2021/hn-08-….toml`).
    pub sets: Vec<(String, CriteriaSet)>,
    pub mappings: Vec<Mapping>,
}

/// A data file: its path relative to `data/` and its text.
pub type File = (String, String);

impl Catalogue {
    /// The catalogue compiled into this binary.
    pub fn shipped() -> Result<Catalogue, Vec<SetError>> {
        let mut files = Vec::new();
        collect(&PRESETS, "presets", &mut files);
        collect(&CRITERIA, "criteria", &mut files);
        Catalogue::from_files(&files)
    }

    /// The shipped catalogue, parsed once per process.
    pub fn get() -> Result<&'static Catalogue, &'static [SetError]> {
        static ONCE: std::sync::OnceLock<Result<Catalogue, Vec<SetError>>> =
            std::sync::OnceLock::new();
        ONCE.get_or_init(Catalogue::shipped)
            .as_ref()
            .map_err(Vec::as_slice)
    }

    /// Builds a catalogue from `presets/<key>.toml`, `criteria/<preset>/<set>.toml` and
    /// `criteria/<preset>/mapping.toml` files; every problem of every file is returned.
    pub fn from_files(files: &[File]) -> Result<Catalogue, Vec<SetError>> {
        let mut errors = Vec::new();
        let mut cat = Catalogue {
            presets: Vec::new(),
            sets: Vec::new(),
            mappings: Vec::new(),
        };
        let mut folders: Vec<(String, String)> = Vec::new(); // (file, folder) per set/mapping
        for (path, text) in files {
            let parts: Vec<&str> = path.split('/').collect();
            match parts.as_slice() {
                ["presets", name] if name.ends_with(".toml") => match preset::parse(path, text) {
                    Ok(p) => cat.presets.push(p),
                    Err(e) => errors.extend(e),
                },
                ["criteria", folder, "mapping.toml"] => match assign::parse(path, text) {
                    Ok(m) => {
                        folders.push((path.clone(), (*folder).to_owned()));
                        cat.mappings.push(m);
                    }
                    Err(e) => errors.extend(e),
                },
                ["criteria", folder, name] if name.ends_with(".toml") => {
                    match criteria::parse(path, text) {
                        Ok(s) => {
                            folders.push((path.clone(), (*folder).to_owned()));
                            cat.sets.push((path.clone(), s));
                        }
                        Err(e) => errors.extend(e),
                    }
                }
                _ => {}
            }
        }
        let whole = |file: &str, key: &'static str, detail: String| SetError {
            file: file.to_owned(),
            line: 0,
            key,
            detail,
        };
        let folder_of = |file: &str| {
            folders
                .iter()
                .find(|(f, _)| f == file)
                .map(|(_, d)| d.as_str())
        };
        for (i, (file, set)) in cat.sets.iter().enumerate() {
            if folder_of(file) != Some(set.preset.as_str()) {
                errors.push(whole(file, "catalogue.err.folder", set.preset.clone()));
            }
            if cat.sets[..i].iter().any(|(_, s)| s.key == set.key) {
                errors.push(whole(file, "catalogue.err.duplicate_key", set.key.clone()));
            }
            if !cat.presets.iter().any(|p| p.key == set.preset) {
                errors.push(whole(file, "catalogue.err.preset", set.preset.clone()));
            }
        }
        for m in &cat.mappings {
            let file = format!("criteria/{}/mapping.toml", m.preset);
            for r in &m.rules {
                let ok = cat
                    .sets
                    .iter()
                    .any(|(_, s)| s.key == r.set && s.preset == m.preset);
                if !ok {
                    errors.push(SetError {
                        file: file.clone(),
                        line: r.line,
                        key: "catalogue.err.set",
                        detail: r.set.clone(),
                    });
                }
            }
        }
        for p in &cat.presets {
            if !cat.mappings.iter().any(|m| m.preset == p.key) {
                errors.push(whole(
                    &format!("presets/{}.toml", p.key),
                    "catalogue.err.mapping",
                    p.key.clone(),
                ));
            }
        }
        if errors.is_empty() {
            Ok(cat)
        } else {
            Err(errors)
        }
    }

    pub fn preset(&self, key: &str) -> Option<&Preset> {
        self.presets.iter().find(|p| p.key == key)
    }

    pub fn mapping(&self, preset: &str) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.preset == preset)
    }

    pub fn set(&self, key: &str) -> Option<&CriteriaSet> {
        self.sets.iter().map(|(_, s)| s).find(|s| s.key == key)
    }
}

fn collect(dir: &Dir<'_>, prefix: &str, out: &mut Vec<File>) {
    for f in dir.files() {
        if let Some(text) = f.contents_utf8() {
            out.push((format!("{prefix}/{}", f.path().display()), text.to_owned()));
        }
    }
    for d in dir.dirs() {
        collect(d, prefix, out);
    }
}
