//! Shared by the fuzz targets.
//!
//! The sheet importers catch panics of the spreadsheet readers they call (calamine, zip, cfb)
//! and turn them into `SheetError::Read`: a malformed upload is an unreadable file, not a
//! crashed request. libFuzzer's panic hook aborts on every panic, caught or not, so the sheet
//! targets replace it ([`init`]) with one that only remembers the message and prints it the
//! first time a panic happens at a given place (so the log lists the readers' own bugs), and
//! run their body in [`must_not_panic`], which aborts (a crash for libFuzzer) on a panic that
//! gets out of the importer or on a failed assertion of the target.
//!
//! With `DANHGIA_FUZZ_STRICT=1` libFuzzer's hook stays, and caught panics stop the run too.

use std::cell::RefCell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the quiet panic hook unless `DANHGIA_FUZZ_STRICT` is set; call once at start.
pub fn init() {
    if std::env::var_os("DANHGIA_FUZZ_STRICT").is_some() {
        return;
    }
    let seen = Mutex::new(HashSet::new());
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // Each place once, so that the log lists the readers' bugs the importer caught.
        if seen.lock().is_ok_and(|mut s| s.insert(at.clone())) {
            eprintln!("panic (first at this place): {info}");
        }
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
    }));
}

/// Runs a target's body; a panic that escapes it aborts (a crash for libFuzzer) after
/// printing the panic message.
pub fn must_not_panic<T>(body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(_) => {
            let message = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_default();
            eprintln!("panicked: {message}");
            std::process::abort();
        }
    }
}
