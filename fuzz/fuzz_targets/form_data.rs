//! `Request::form_data` on urlencoded and multipart bodies: never panics,
//! answers `Ok` or a `BodyError`, and a well-formed multipart body built from
//! arbitrary fields reads back as those fields.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use axum::body::Body;
use libfuzzer_sys::fuzz_target;
use route_runtime::request::{FormValue, Request};

#[derive(Arbitrary, Debug)]
enum Input<'a> {
    /// Any body under a fixed multipart boundary.
    Raw { body: &'a [u8] },
    /// Any `Content-Type` and body.
    Typed {
        content_type: &'a [u8],
        body: &'a [u8],
    },
    /// Fields encoded as a browser would.
    Fields {
        boundary: u32,
        fields: Vec<Field<'a>>,
    },
}

#[derive(Arbitrary, Debug)]
struct Field<'a> {
    name: &'a str,
    file: Option<(&'a str, &'a str)>,
    value: &'a [u8],
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
    })
}

fn read(content_type: &[u8], body: Vec<u8>) -> Option<route_runtime::FormData> {
    let mut req = http::Request::post("/form");
    if let Ok(v) = http::HeaderValue::from_bytes(content_type) {
        req = req.header(http::header::CONTENT_TYPE, v);
    }
    let (parts, ()) = req.body(()).ok()?.into_parts();
    let req = Request::from_parts(parts, Body::from(body));
    runtime().block_on(req.form_data()).ok()
}

fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

fuzz_target!(|input: Input<'_>| match input {
    Input::Raw { body } => {
        let _ = read(b"multipart/form-data; boundary=X-BOUNDARY", body.to_vec());
        let _ = read(b"application/x-www-form-urlencoded", body.to_vec());
    }
    Input::Typed { content_type, body } => {
        if let Some(form) = read(content_type, body.to_vec()) {
            for (name, _) in form.iter() {
                assert!(form.has(name));
            }
        }
    }
    Input::Fields { boundary, fields } => {
        let boundary = format!("----fuzz{boundary:08x}");
        let fields: Vec<&Field> = fields
            .iter()
            .filter(|f| plain(f.name) && f.file.is_none_or(|(n, t)| plain(n) && plain(t)))
            .filter(|f| {
                !f.value
                    .windows(boundary.len())
                    .any(|w| w == boundary.as_bytes())
            })
            .collect();
        let mut body = Vec::new();
        for f in &fields {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match f.file {
                Some((file, ty)) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{file}\"\r\nContent-Type: {ty}\r\n\r\n",
                        f.name
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", f.name).as_bytes(),
                ),
            }
            body.extend_from_slice(f.value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let ct = format!("multipart/form-data; boundary={boundary}");
        let form = read(ct.as_bytes(), body).expect("a well-formed multipart body is read");
        assert_eq!(form.len(), fields.len());
        for ((name, value), f) in form.iter().zip(&fields) {
            assert_eq!(name, f.name);
            match (value, f.file) {
                (FormValue::Text(t), None) => assert_eq!(*t, String::from_utf8_lossy(f.value)),
                (FormValue::File(file), Some((n, ty))) => {
                    assert_eq!(file.name(), n);
                    assert_eq!(file.content_type(), ty.trim().to_ascii_lowercase());
                    assert_eq!(&file.bytes()[..], f.value);
                }
                (v, _) => panic!("{name}: {v:?} for {f:?}"),
            }
        }
    }
});
