//! Form bodies: [`FormData`], from `application/x-www-form-urlencoded` or
//! `multipart/form-data`.

use axum::body::Body;
use bytes::Bytes;
use http::HeaderMap;
use http::header::CONTENT_TYPE;
use http_body_util::{BodyExt, Limited};

use super::body::{BodyError, collect};

/// A parsed form body, Next's `await request.formData()`.
///
/// Entries keep their order and repeats. Text fields are [`FormValue::Text`];
/// multipart parts with a filename are [`FormValue::File`].
///
/// ```
/// use route_runtime::request::{FormData, FormValue};
///
/// let form = FormData::from_urlencoded(b"name=Ada+Lovelace&tag=a&tag=b%2Bc");
/// assert_eq!(form.get_text("name"), Some("Ada Lovelace"));
/// let tags: Vec<_> = form.get_all("tag").into_iter().filter_map(FormValue::as_text).collect();
/// assert_eq!(tags, ["a", "b+c"]);
/// assert!(form.has("tag"));
/// assert_eq!(form.len(), 3);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormData {
    entries: Vec<(String, FormValue)>,
}

/// One value of a [`FormData`] entry: a text field or an uploaded file.
///
/// ```
/// use route_runtime::request::FormValue;
///
/// let value = FormValue::Text("Ada".into());
/// assert_eq!(value.as_text(), Some("Ada"));
/// assert!(value.as_file().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormValue {
    /// A text field (invalid UTF-8 replaced with U+FFFD).
    Text(String),
    /// A multipart part with a `filename`.
    File(FormFile),
}

/// An uploaded file from a multipart form, like the JS `File` that
/// `formData()` gives: [`name`](FormFile::name), [`content_type`](FormFile::content_type)
/// (`type`), [`size`](FormFile::size) and the bytes.
///
/// ```
/// use route_runtime::request::FormFile;
///
/// let file = FormFile::new("a.txt", "text/plain", "file contents");
/// assert_eq!((file.name(), file.content_type(), file.size()), ("a.txt", "text/plain", 13));
/// assert_eq!(file.text(), "file contents");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormFile {
    name: String,
    content_type: String,
    bytes: Bytes,
}

impl FormFile {
    /// A file named `name` of type `content_type` holding `bytes`.
    ///
    /// ```
    /// use route_runtime::request::FormFile;
    ///
    /// let file = FormFile::new("b.bin", "application/octet-stream", vec![0u8, 1, 2]);
    /// assert_eq!(file.size(), 3);
    /// ```
    pub fn new(
        name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        FormFile {
            name: name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The file name the client sent (`File.name`); may be empty.
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", "x");
    /// assert_eq!(file.name(), "a.txt");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The part's content type, lowercased, `text/plain` when the part had
    /// none, and empty when it was not printable ASCII (`File.type`).
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", "x");
    /// assert_eq!(file.content_type(), "text/plain");
    /// ```
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The size in bytes (`File.size`).
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", "xyz");
    /// assert_eq!(file.size(), 3);
    /// ```
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// The contents.
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", "xyz");
    /// assert_eq!(&file.bytes()[..], b"xyz");
    /// ```
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The contents decoded as UTF-8, invalid bytes replaced with U+FFFD
    /// (`await file.text()`).
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", b"a\xFFb".to_vec());
    /// assert_eq!(file.text(), "a\u{FFFD}b");
    /// ```
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The contents, consuming the file.
    ///
    /// ```
    /// # let file = route_runtime::request::FormFile::new("a.txt", "text/plain", "xyz");
    /// let bytes: bytes::Bytes = file.into_bytes();
    /// ```
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }
}

impl FormValue {
    /// The text, if this is a text field.
    ///
    /// ```
    /// # use route_runtime::request::FormValue;
    /// assert_eq!(FormValue::Text("x".into()).as_text(), Some("x"));
    /// ```
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FormValue::Text(text) => Some(text),
            FormValue::File(_) => None,
        }
    }

    /// The file, if this is a file part.
    ///
    /// ```
    /// # use route_runtime::request::{FormFile, FormValue};
    /// let value = FormValue::File(FormFile::new("a.txt", "text/plain", "x"));
    /// assert_eq!(value.as_file().map(FormFile::name), Some("a.txt"));
    /// ```
    pub fn as_file(&self) -> Option<&FormFile> {
        match self {
            FormValue::File(file) => Some(file),
            FormValue::Text(_) => None,
        }
    }
}

impl FormData {
    /// Parses an `application/x-www-form-urlencoded` body: `+` is a space,
    /// percent escapes are decoded (malformed ones kept), invalid UTF-8 becomes
    /// U+FFFD, repeats are kept.
    ///
    /// ```
    /// use route_runtime::request::FormData;
    ///
    /// let form = FormData::from_urlencoded(b"a=1+2&a=%33");
    /// assert_eq!(form.get_text("a"), Some("1 2"));
    /// ```
    pub fn from_urlencoded(body: &[u8]) -> Self {
        FormData {
            entries: form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), FormValue::Text(v.into_owned())))
                .collect(),
        }
    }

    /// The first value for `name`.
    ///
    /// ```
    /// # use route_runtime::request::{FormData, FormValue};
    /// let form = FormData::from_urlencoded(b"a=1&a=2");
    /// assert_eq!(form.get("a"), Some(&FormValue::Text("1".into())));
    /// ```
    pub fn get(&self, name: &str) -> Option<&FormValue> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The first value for `name` if it is a text field.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert_eq!(FormData::from_urlencoded(b"email=ada%40example.com").get_text("email"), Some("ada@example.com"));
    /// ```
    pub fn get_text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(FormValue::as_text)
    }

    /// The first value for `name` if it is a file.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert!(FormData::from_urlencoded(b"upload=x").get_file("upload").is_none());
    /// ```
    pub fn get_file(&self, name: &str) -> Option<&FormFile> {
        self.get(name).and_then(FormValue::as_file)
    }

    /// Every value for `name`, in order.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert_eq!(FormData::from_urlencoded(b"t=a&x=1&t=b").get_all("t").len(), 2);
    /// ```
    pub fn get_all(&self, name: &str) -> Vec<&FormValue> {
        self.entries
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// Whether `name` is present.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert!(FormData::from_urlencoded(b"flag").has("flag"));
    /// ```
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == name)
    }

    /// All `(name, value)` entries in order (`formData.entries()`).
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// let form = FormData::from_urlencoded(b"a=1&b=2");
    /// let names: Vec<&str> = form.iter().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &FormValue)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of entries.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert_eq!(FormData::from_urlencoded(b"a=1&a=2").len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    ///
    /// ```
    /// # use route_runtime::request::FormData;
    /// assert!(FormData::from_urlencoded(b"").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl IntoIterator for FormData {
    type Item = (String, FormValue);
    type IntoIter = std::vec::IntoIter<(String, FormValue)>;

    /// Consumes the form into its entries, in order.
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<String>> FromIterator<(K, FormValue)> for FormData {
    /// Builds a form from entries (for tests and for building a request).
    ///
    /// ```
    /// use route_runtime::request::{FormData, FormValue};
    ///
    /// let form: FormData = [("a", FormValue::Text("1".into()))].into_iter().collect();
    /// assert_eq!(form.get_text("a"), Some("1"));
    /// ```
    fn from_iter<I: IntoIterator<Item = (K, FormValue)>>(iter: I) -> Self {
        FormData {
            entries: iter.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        }
    }
}

/// The kind of form a request carries, decided from its `Content-Type`
/// before anything is read.
pub(crate) enum FormKind {
    UrlEncoded,
    Multipart { boundary: String },
}

impl FormKind {
    pub(crate) fn of(headers: &HeaderMap) -> Result<Self, BodyError> {
        let raw = headers.get(CONTENT_TYPE);
        let text = raw.and_then(|v| v.to_str().ok());
        let unsupported = || BodyError::UnsupportedFormContentType {
            content_type: raw.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        };
        let Some(text) = text else {
            return Err(unsupported());
        };
        let essence = text.split(';').next().unwrap_or("").trim();
        if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            Ok(FormKind::UrlEncoded)
        } else if essence.eq_ignore_ascii_case("multipart/form-data") {
            multer::parse_boundary(text)
                .map(|boundary| FormKind::Multipart { boundary })
                .map_err(|err| BodyError::MalformedMultipart(err.into()))
        } else {
            Err(unsupported())
        }
    }
}

pub(crate) async fn read_urlencoded(body: Body, limit: usize) -> Result<FormData, BodyError> {
    let bytes = collect(body, limit).await?;
    Ok(FormData::from_urlencoded(&bytes))
}

pub(crate) async fn read_multipart(
    body: Body,
    boundary: String,
    limit: usize,
) -> Result<FormData, BodyError> {
    use http_body::Body as _;
    if body.size_hint().lower() > limit as u64 {
        return Err(BodyError::TooLarge { limit });
    }
    let stream = Limited::new(body, limit).into_data_stream();
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut entries = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return Err(multipart_error(err, limit)),
        };
        let Some(name) = field.name().map(str::to_owned) else {
            return Err(BodyError::MalformedMultipart(
                "a part has no `name` in its Content-Disposition".into(),
            ));
        };
        let file_name = field.file_name().map(str::to_owned);
        let content_type = file_content_type(field.headers());
        let bytes = field
            .bytes()
            .await
            .map_err(|err| multipart_error(err, limit))?;
        let value = match file_name {
            Some(file_name) => FormValue::File(FormFile::new(file_name, content_type, bytes)),
            None => FormValue::Text(String::from_utf8_lossy(&bytes).into_owned()),
        };
        entries.push((name, value));
    }
    Ok(FormData { entries })
}

/// The JS `File.type` for a part: `text/plain` when absent, lowercased, and
/// empty when it is not printable ASCII (the Blob constructor's rule).
fn file_content_type(headers: &HeaderMap) -> String {
    match headers.get(CONTENT_TYPE) {
        None => "text/plain".to_owned(),
        Some(value) => {
            let bytes = value.as_bytes();
            if bytes.iter().all(|b| (0x20..=0x7e).contains(b)) {
                String::from_utf8_lossy(bytes).to_ascii_lowercase()
            } else {
                String::new()
            }
        }
    }
}

fn multipart_error(err: multer::Error, limit: usize) -> BodyError {
    match err {
        multer::Error::StreamReadFailed(inner) => BodyError::from_limited(inner, limit),
        other => BodyError::MalformedMultipart(other.into()),
    }
}
