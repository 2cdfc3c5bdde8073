//! Files attached to a form (SPEC M4.6: "e.g. the residential Party cell's comment for Party
//! members, size- and type-checked"): PDF, images and Office files up to 10 MB, the type read
//! from the content (a renamed .exe is refused whatever its name says). Files live in an
//! `object_store` store: a local directory by default; built with the `s3` feature, an
//! S3-compatible bucket (`s3://bucket/prefix`, credentials from the usual AWS_* variables) so
//! that several app servers share them.

use std::sync::Arc;

use danhgia_domain::workflow::{Part, Status};
use object_store::ObjectStore;
pub use object_store::ObjectStoreExt;
use object_store::path::Path as StorePath;

use crate::evaluation::Loaded;

/// The largest file accepted (issue 5 §3: 10 MB).
pub const MAX_SIZE: usize = 10 * 1024 * 1024;

/// The file types accepted, by what their content is: (MIME type, extension).
const ALLOWED: &[(&str, &str)] = &[
    ("application/pdf", "pdf"),
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
    ("image/tiff", "tif"),
    ("application/msword", "doc"),
    ("application/vnd.ms-excel", "xls"),
    ("application/vnd.ms-powerpoint", "ppt"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
];

/// Why a file is refused: a message key.
pub fn check(bytes: &[u8]) -> Result<&'static str, &'static str> {
    if bytes.is_empty() {
        return Err("attach.err.empty");
    }
    if bytes.len() > MAX_SIZE {
        return Err("attach.err.too_big");
    }
    let Some(kind) = infer::get(bytes) else {
        return Err("attach.err.type");
    };
    ALLOWED
        .iter()
        .find(|(mime, _)| *mime == kind.mime_type())
        .map(|(mime, _)| *mime)
        .ok_or("attach.err.type")
}

/// The name a file is kept under: the name it came with, ending in the extension of what its
/// content is. A name that says otherwise ("bien-ban.exe" holding a PDF, "anh.html" holding a
/// PNG) gets the real extension appended, so whoever downloads it opens it as what it is, never
/// as the program or page its name claims.
pub fn stored_name(name: &str, mime: &str) -> String {
    let Some((_, ext)) = ALLOWED.iter().find(|(m, _)| *m == mime) else {
        return name.to_owned();
    };
    let own = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    let fits = match *ext {
        "jpg" => matches!(own.as_str(), "jpg" | "jpeg" | "jpe" | "jfif"),
        "tif" => matches!(own.as_str(), "tif" | "tiff"),
        e => own == e,
    };
    if fits {
        name.to_owned()
    } else {
        format!("{name}.{ext}")
    }
}

/// The store files go to: `s3://…` (with the `s3` feature) or a local directory.
pub fn open(location: &str) -> Result<Arc<dyn ObjectStore>, String> {
    if let Some(rest) = location.strip_prefix("s3://") {
        return open_s3(rest);
    }
    std::fs::create_dir_all(location).map_err(|e| format!("{location}: {e}"))?;
    let fs = object_store::local::LocalFileSystem::new_with_prefix(location)
        .map_err(|e| format!("{location}: {e}"))?;
    Ok(Arc::new(fs))
}

#[cfg(feature = "s3")]
fn open_s3(rest: &str) -> Result<Arc<dyn ObjectStore>, String> {
    let bucket = rest.split('/').next().unwrap_or(rest);
    let s3 = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(s3))
}

#[cfg(not(feature = "s3"))]
fn open_s3(_: &str) -> Result<Arc<dyn ObjectStore>, String> {
    Err("this build has no S3 support: build with `--features danhgia-web/s3`".into())
}

/// A kept file as a download named `file_name` (ASCII fallback and UTF-8 name).
pub fn file_response(
    file_name: &str,
    content_type: &str,
    data: bytes::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        data,
    )
        .into_response()
}

/// Where a decision's scan is kept (issue 11 §1: "each with its decision (number, date,
/// signer, attached scan)").
pub fn scan_key(person_id: &str, process_id: &str) -> StorePath {
    StorePath::from(format!("files/{person_id}/{process_id}"))
}

/// Why a scan is refused: a message key. A decision's scan is a PDF or an image (Thông tư
/// 01/2019/TT-BNV: scanned documents are kept as PDF).
pub fn check_scan(bytes: &[u8]) -> Result<&'static str, &'static str> {
    let mime = check(bytes)?;
    if matches!(mime, "application/pdf" | "image/jpeg" | "image/png") {
        Ok(mime)
    } else {
        Err("hr.err.scan_type")
    }
}

/// Where a form's file is kept.
pub fn key(evaluation_id: &str, attachment_id: &str) -> StorePath {
    StorePath::from(format!("evaluations/{evaluation_id}/{attachment_id}"))
}

/// Who may attach files now: the owner while the form is a draft, and the leaders acting on it
/// before publication (a published form is frozen, M4.7).
pub fn may_attach(l: &Loaded) -> bool {
    match l.form.status {
        Status::Published => false,
        Status::Draft => l.parts.contains(&Part::Owner),
        _ => l
            .parts
            .iter()
            .any(|p| matches!(p, Part::Reviewer | Part::Evaluator | Part::Head)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// M4.6: type checked by content, 10 MB at most.
    #[test]
    fn files_are_judged_by_their_content() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec();
        assert_eq!(check(&pdf), Ok("application/pdf"));
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        assert_eq!(check(&png), Ok("image/png"));
        // An executable named "bien-ban.pdf" is still an executable.
        let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        assert_eq!(check(&exe), Err("attach.err.type"));
        assert_eq!(check(b"just some text"), Err("attach.err.type"));
        assert_eq!(check(b""), Err("attach.err.empty"));
        let mut big = pdf.clone();
        big.resize(MAX_SIZE + 1, b' ');
        assert_eq!(check(&big), Err("attach.err.too_big"));
        // The real xlsx the app itself writes is an Office file.
        let xlsx = danhgia_sheets::template().unwrap_or_default();
        assert_eq!(
            check(&xlsx),
            Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
    }

    /// A name that lies about the content gets the content's extension.
    #[test]
    fn names_end_in_what_the_content_is() {
        assert_eq!(
            stored_name("bien-ban.exe", "application/pdf"),
            "bien-ban.exe.pdf"
        );
        assert_eq!(stored_name("anh.html", "image/png"), "anh.html.png");
        assert_eq!(stored_name("scan", "image/jpeg"), "scan.jpg");
        assert_eq!(
            stored_name("Biên bản.PDF", "application/pdf"),
            "Biên bản.PDF"
        );
        assert_eq!(stored_name("anh.jpeg", "image/jpeg"), "anh.jpeg");
        assert_eq!(stored_name("scan.TIFF", "image/tiff"), "scan.TIFF");
    }
}
