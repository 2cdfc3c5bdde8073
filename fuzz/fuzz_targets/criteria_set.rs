//! `criteria::parse` on arbitrary text, as an administrator may paste it into the criteria
//! set editor, then `criteria::check`. A set that parses must pass `check` and come back the
//! same from its canonical text (`to_toml`, which the store keeps per version).
#![no_main]

use danhgia_domain::criteria;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match criteria::parse("fuzz.toml", text) {
        Ok(set) => {
            let issues = criteria::check(&set);
            assert!(issues.is_empty(), "a parsed set fails check: {issues:?}");
            let canonical = set.to_toml();
            match criteria::parse("canonical.toml", &canonical) {
                Ok(again) => assert_eq!(set, again, "canonical text:\n{canonical}"),
                Err(e) => panic!("the canonical text does not parse: {e:?}\n{canonical}"),
            }
            let _ = (set.base_max(), set.needs_confirmation());
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let lines = text.lines().count() + 1;
            for e in errors {
                assert!(e.line <= lines, "{e} is past the end ({lines} lines)");
                let _ = e.to_string();
            }
        }
    }
});
