//! Abuse tests of the upload routes (issue 9 §5): files whose name or declared type lies about
//! what they are. Every upload route judges a file by its content, never by its extension or the
//! part's Content-Type: a disguised file is refused with the specific Vietnamese message and
//! nothing is saved from it (the staff import alone keeps the uploaded bytes, by design, for its
//! check page; nothing of them is imported); an accepted file is kept and served as what it
//! really is.
//!
//! The upload routes (`grep Multipart crates/web/src`): the staff-list import
//! (`POST /units/{id}/import`), the KPI product catalogue (`POST /units/{id}/catalogue`) and a
//! form's attachments (`POST /evaluations/{id}/attachments`). The JSON API takes no file.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Actor, World};
use danhgia_sheets::Column;
use danhgia_web::i18n::{Lang, t};
use http_body_util::BodyExt;
use tower::ServiceExt;

const BOUNDARY: &str = "danhgia-abuse-boundary";

/// `POST`s a multipart form (the actor's CSRF token and one file part named `file`, sent as
/// `file_name` with the part's Content-Type `content_type`) as `actor`.
async fn post_file(
    w: &World,
    actor: Actor,
    path: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> common::Resp {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: {content_type}\r\n\r\n",
        w.csrf(actor)
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut req = Request::builder().method(Method::POST).uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    if let Some(token) = w.token(actor) {
        req = req.header(
            header::COOKIE,
            format!("{}={token}", danhgia_web::auth::SESSION_COOKIE),
        );
    }
    let res = w
        .app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    common::Resp {
        status,
        location,
        cookies: Vec::new(),
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// The lies

/// The CRC-32 of a zip entry.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A valid zip archive of `entries`, stored (not compressed).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let u16le = |v: usize| u16::try_from(v).unwrap().to_le_bytes();
    let u32le = |v: usize| u32::try_from(v).unwrap().to_le_bytes();
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let offset = out.len();
        let crc = crc32(data).to_le_bytes();
        // local header: signature, version 2.0, no flags, stored, no time/date
        out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend_from_slice(&crc);
        out.extend_from_slice(&u32le(data.len()));
        out.extend_from_slice(&u32le(data.len()));
        out.extend_from_slice(&u16le(name.len()));
        out.extend_from_slice(&u16le(0));
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        central.extend_from_slice(&crc);
        central.extend_from_slice(&u32le(data.len()));
        central.extend_from_slice(&u32le(data.len()));
        central.extend_from_slice(&u16le(name.len()));
        // extra, comment, disk, internal and external attributes
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&u32le(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let (at, size) = (out.len(), central.len());
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u16le(entries.len()));
    out.extend_from_slice(&u32le(size));
    out.extend_from_slice(&u32le(at));
    out.extend_from_slice(&u16le(0));
    out
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00".to_vec();
    b.extend_from_slice(&[0x1f, 0x15, 0xc4, 0x89]);
    b.extend_from_slice(b"\x00\x00\x00\x00IEND\xaeB`\x82");
    b
}

const HTML: &[u8] =
    b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n";
const SVG: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";

fn exe() -> Vec<u8> {
    let mut b = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    b.resize(512, 0);
    b.extend_from_slice(b"This program cannot be run in DOS mode.");
    b
}

/// A zip that is not a workbook: a text file.
fn plain_zip() -> Vec<u8> {
    zip(&[("ghi-chu.txt", b"Xin chao".as_slice())])
}

/// A zip laid out like an Office file, but a Word document (no workbook in it).
fn docx_like_zip() -> Vec<u8> {
    zip(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.as_slice(),
        ),
        ("word/document.xml", b"<w:document/>".as_slice()),
    ])
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Files that are not spreadsheets, each sent as an Excel file: (what it is, bytes).
fn not_spreadsheets() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("PNG image", png()),
        ("zip of a text file", plain_zip()),
        ("zip laid out like a .docx", docx_like_zip()),
        ("HTML page", HTML.to_vec()),
        ("Windows executable (MZ)", exe()),
        ("PDF", common::PDF.to_vec()),
    ]
}

/// `key`'s Vietnamese text, asserted to be plain (so that it reads the same escaped).
fn vi(key: &str) -> &'static str {
    let text = t(Lang::Vi, key);
    assert_ne!(text, key, "{key} is in the catalogue");
    assert!(!text.contains(['<', '>', '&', '"', '\'']), "{text}");
    text
}

// ---------------------------------------------------------------------------------------------
// Staff-list import

/// A one-row Mẫu số 01 of commune A that imports cleanly.
fn staff_sheet() -> Vec<u8> {
    let cells: BTreeMap<Column, String> = [
        (Column::Stt, "1"),
        (Column::FullName, "Đoàn Thị Thu"),
        (Column::Position, "Công chức Tư pháp – Hộ tịch"),
        (Column::Unit, "Xã An Phú"),
        (Column::Role, "Công chức, viên chức, lao động hợp đồng"),
    ]
    .into_iter()
    .map(|(c, v)| (c, v.to_owned()))
    .collect();
    danhgia_sheets::write_staff_sheet(
        "DANH SÁCH CÁN BỘ",
        &[danhgia_sheets::OutRow { cells, error: None }],
        false,
    )
    .unwrap()
}

async fn people_count(w: &World) -> usize {
    let district = w.store.unit(&w.ids.district).await.unwrap();
    w.store
        .people_in_subtree(&district.path)
        .await
        .unwrap()
        .len()
}

/// The staff import keeps each upload to show its check before anything is imported
/// (upload → check page → confirm). A disguised file gets the check page with "not an Excel
/// workbook" (422), cannot be confirmed, and imports no one, whatever its name and declared
/// type.
#[tokio::test]
async fn staff_import_refuses_files_that_are_not_workbooks_whatever_their_name() {
    let w = World::new().await;
    let path = format!("/units/{}/import", w.ids.a);
    let message = vi("err.sheet_not_spreadsheet");
    assert!(message.contains("không phải bảng tính Excel"));
    let before = people_count(&w).await;
    for (what, bytes) in not_spreadsheets() {
        for (name, content_type) in [
            ("danh-sach.xlsx", XLSX_TYPE),
            ("danh-sach.xls", "application/vnd.ms-excel"),
        ] {
            let r = post_file(&w, Actor::AdminA, &path, name, content_type, &bytes).await;
            assert_eq!(
                r.status,
                StatusCode::SEE_OTHER,
                "{what} as {name}: {}",
                r.body
            );
            let check = r.location.unwrap();
            let page = w.send(Actor::AdminA, Method::GET, &check, None).await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{what} as {name}"
            );
            assert!(
                page.body.contains(message),
                "{what} as {name}: {}",
                page.body
            );
            assert!(
                !page.body.contains("id=\"confirm-import\""),
                "{what}: nothing to confirm"
            );
            // Confirming it anyway (a hand-made request) imports no one.
            let confirm = w
                .send(
                    Actor::AdminA,
                    Method::POST,
                    &format!("{check}/confirm"),
                    None,
                )
                .await;
            assert!(
                confirm.status.is_client_error(),
                "{what}: confirm answered {}",
                confirm.status
            );
            assert!(confirm.body.contains(message), "{}", confirm.body);
            assert_eq!(people_count(&w).await, before, "{what}: no one imported");
        }
    }
    // An empty file is refused at once, and nothing is kept.
    let r = post_file(&w, Actor::AdminA, &path, "danh-sach.xlsx", XLSX_TYPE, b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.location.is_none());
    assert!(r.body.contains(vi("err.upload_empty")), "{}", r.body);
}

/// The name does not matter the other way either: a real workbook named `.exe` or `.html`, sent
/// as a program or a web page, is read as the workbook it is.
#[tokio::test]
async fn staff_import_reads_a_real_workbook_whatever_it_is_called() {
    let w = World::new().await;
    let path = format!("/units/{}/import", w.ids.a);
    for (name, content_type) in [
        ("danh-sach.exe", "application/x-msdownload"),
        ("danh-sach.html", "text/html"),
    ] {
        let r = post_file(&w, Actor::AdminA, &path, name, content_type, &staff_sheet()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
        let page = w
            .send(Actor::AdminA, Method::GET, &r.location.unwrap(), None)
            .await;
        assert_eq!(page.status, StatusCode::OK, "{name}: {}", page.body);
        assert!(page.body.contains("data-testid=\"new-count\">1<"), "{name}");
        assert!(page.body.contains("Đoàn Thị Thu"));
    }
}

// ---------------------------------------------------------------------------------------------
// KPI product catalogue

fn catalogue_sheet() -> Vec<u8> {
    danhgia_sheets::write_catalogue(
        "Xã An Phú",
        &[danhgia_sheets::CatalogueOut {
            code: "TP-01".into(),
            task: "Tư pháp".into(),
            name: "Chứng thực bản sao".into(),
            group: 1,
            measure: "Hồ sơ".into(),
            coefficient: "0,5".into(),
            note: String::new(),
            inherited_from: None,
        }],
    )
    .unwrap()
}

/// The catalogue import reads the file before saving anything: a disguised file is refused
/// with "not an Excel workbook" (422) and the catalogue stays as it was.
#[tokio::test]
async fn catalogue_import_refuses_files_that_are_not_workbooks_and_saves_nothing() {
    let w = World::new().await;
    let path = format!("/units/{}/catalogue", w.ids.a);
    let unit = w.store.unit(&w.ids.a).await.unwrap();
    let message = vi("err.sheet_not_spreadsheet");
    for (what, bytes) in not_spreadsheets() {
        let r = post_file(&w, Actor::AdminA, &path, "danh-muc.xlsx", XLSX_TYPE, &bytes).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(r.body.contains(message), "{what}: {}", r.body);
        assert!(
            r.body.contains("data-testid=\"catalogue-error\""),
            "{what}: the message sits where the page shows errors"
        );
        assert!(
            w.store.catalogue(&unit).await.unwrap().is_empty(),
            "{what}: nothing saved"
        );
    }
    let r = post_file(&w, Actor::AdminA, &path, "danh-muc.xlsx", XLSX_TYPE, b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(vi("err.upload_empty")));
    assert!(w.store.catalogue(&unit).await.unwrap().is_empty());

    // A real catalogue named like a web page is imported for what it is.
    let r = post_file(
        &w,
        Actor::AdminA,
        &path,
        "danh-muc.html",
        "text/html",
        &catalogue_sheet(),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = w.store.catalogue(&unit).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Chứng thực bản sao");
}

// ---------------------------------------------------------------------------------------------
// Attachments

/// The files kept in the attachment store for `form`.
async fn stored_files(w: &World, form: &str) -> usize {
    let prefix = object_store::path::Path::from(format!("evaluations/{form}"));
    w.state
        .config
        .files
        .list_with_delimiter(Some(&prefix))
        .await
        .map(|l| l.objects.len())
        .unwrap_or(0)
}

/// A disguised file (a web page, an SVG with script, a program, a plain zip) is refused with
/// "type not accepted", whatever it is called and whatever type it declares, and neither the
/// form's list nor the file store gains anything.
#[tokio::test]
async fn attachments_refuse_disguised_files_and_store_nothing() {
    let w = World::new().await;
    let form = w.ids.staff_form.clone();
    let path = format!("/evaluations/{form}/attachments");
    let message = vi("attach.err.type");
    assert!(message.contains("Loại tệp không được chấp nhận"));
    let listed = w.store.attachments(&form).await.unwrap().len();
    let kept = stored_files(&w, &form).await;
    assert!(kept >= 1, "the world's PDF is in the store");
    let svg_script = SVG.to_vec();
    let cases: [(&str, &str, &str, Vec<u8>); 7] = [
        (
            "HTML page",
            "minh-chung.pdf",
            "application/pdf",
            HTML.to_vec(),
        ),
        ("HTML page", "minh-chung.html", "text/html", HTML.to_vec()),
        ("SVG with a script", "anh-chup.png", "image/png", svg_script),
        (
            "Windows executable",
            "bien-ban.pdf",
            "application/pdf",
            exe(),
        ),
        ("Windows executable", "bien-ban.docx", XLSX_TYPE, exe()),
        (
            "zip of a text file",
            "bang-diem.xlsx",
            XLSX_TYPE,
            plain_zip(),
        ),
        (
            "plain text",
            "nhan-xet.pdf",
            "application/pdf",
            b"Nhan xet".to_vec(),
        ),
    ];
    for (what, name, content_type, bytes) in cases {
        let r = post_file(&w, Actor::Staff, &path, name, content_type, &bytes).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what} as {name}: {}",
            r.body
        );
        assert!(r.body.contains(message), "{what} as {name}: {}", r.body);
        assert!(
            r.body.contains("data-testid=\"form-error\""),
            "{what}: the message is on the form's page"
        );
        assert_eq!(
            w.store.attachments(&form).await.unwrap().len(),
            listed,
            "{what} as {name}: not listed"
        );
        assert_eq!(
            stored_files(&w, &form).await,
            kept,
            "{what} as {name}: not stored"
        );
    }
    // An empty "PDF": its own message, nothing kept.
    let r = post_file(&w, Actor::Staff, &path, "trong.pdf", "application/pdf", b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(vi("attach.err.empty")), "{}", r.body);
    assert_eq!(w.store.attachments(&form).await.unwrap().len(), listed);
    assert_eq!(stored_files(&w, &form).await, kept);
}

/// An accepted file is kept as what its content is: the declared Content-Type is ignored, and a
/// name whose extension says something else gets the real one appended, so that whoever
/// downloads "bien-ban.exe" (a PDF) opens "bien-ban.exe.pdf". The download is an attachment of
/// the detected type that the browser must not sniff.
#[tokio::test]
async fn accepted_attachments_are_named_and_served_as_what_they_are() {
    let w = World::new().await;
    let form = w.ids.staff_form.clone();
    let path = format!("/evaluations/{form}/attachments");
    let xlsx = danhgia_sheets::template().unwrap();
    let cases: [(&str, &str, Vec<u8>, &str, &str); 6] = [
        // (sent as, declared type, bytes, kept as, served as)
        (
            "bien-ban.exe",
            "application/x-msdownload",
            common::PDF.to_vec(),
            "bien-ban.exe.pdf",
            "application/pdf",
        ),
        (
            "anh-chup.html",
            "text/html",
            png(),
            "anh-chup.html.png",
            "image/png",
        ),
        (
            "bang-diem.exe",
            "application/octet-stream",
            xlsx.clone(),
            "bang-diem.exe.xlsx",
            XLSX_TYPE,
        ),
        (
            "minh-chung.png",
            "image/png",
            common::PDF.to_vec(),
            "minh-chung.png.pdf",
            "application/pdf",
        ),
        // Names that tell the truth are kept as they are (any case, either JPEG spelling).
        (
            "Biên bản họp.PDF",
            "text/html",
            common::PDF.to_vec(),
            "Biên bản họp.PDF",
            "application/pdf",
        ),
        (
            "bang-diem.xlsx",
            XLSX_TYPE,
            xlsx,
            "bang-diem.xlsx",
            XLSX_TYPE,
        ),
    ];
    for (name, declared, bytes, kept_as, served_as) in cases {
        let before: Vec<String> = w
            .store
            .attachments(&form)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        let r = post_file(&w, Actor::Staff, &path, name, declared, &bytes).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name}: {}", r.body);
        let new = w
            .store
            .attachments(&form)
            .await
            .unwrap()
            .into_iter()
            .find(|a| !before.contains(&a.id))
            .expect("the new attachment");
        assert_eq!(new.file_name, kept_as, "{name}");
        assert_eq!(new.content_type, served_as, "{name}");
        let got = w
            .send(
                Actor::Evaluator,
                Method::GET,
                &format!("{path}/{}", new.id),
                None,
            )
            .await;
        assert_eq!(got.status, StatusCode::OK);
        let h = |k: header::HeaderName| {
            got.headers
                .get(k)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        assert_eq!(h(header::CONTENT_TYPE), served_as, "{name}");
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        let disposition = h(header::CONTENT_DISPOSITION);
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        let ext = kept_as.rsplit('.').next().unwrap();
        assert!(
            disposition.contains(&format!(".{ext}\";")),
            "{name}: downloaded as .{ext}: {disposition}"
        );
    }
    // A JPEG called .jpeg keeps its name.
    assert_eq!(
        danhgia_web::attachments::stored_name("anh.JPEG", "image/jpeg"),
        "anh.JPEG"
    );
    assert_eq!(
        danhgia_web::attachments::stored_name("scan.tiff", "image/tiff"),
        "scan.tiff"
    );
    assert_eq!(
        danhgia_web::attachments::stored_name("scan", "image/png"),
        "scan.png"
    );
}
