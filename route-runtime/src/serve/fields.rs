//! The default subscriber's field formatter: tracing-subscriber's
//! `DefaultFields` output, written directly when there is nothing to colour.
//!
//! `DefaultFields` builds and paints an ANSI `Style` for every field name and
//! `=` even with colours off, which was half of what a request span cost
//! (bench/README.md). Without colours its output for a plain field is
//! `name=value` (value with `Debug`), fields separated by one space: that is
//! what [`PlainFields`] writes. Whatever `DefaultFields` treats specially —
//! a `message`, an `r#` name, a `log.` field, an error value (with its
//! sources), or a writer with colours — is handed to `DefaultFields` itself,
//! so the output is the same byte for byte (a test compares them).

use std::fmt;

use tracing::field::{Field, Visit};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::FormatFields;
use tracing_subscriber::fmt::format::{DefaultFields, Writer};

#[derive(Debug, Default)]
pub(super) struct PlainFields {
    default: DefaultFields,
}

impl<'writer> FormatFields<'writer> for PlainFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        if writer.has_ansi_escapes() {
            return self.default.format_fields(writer, fields);
        }
        let mut special = Special(false);
        fields.record(&mut special);
        if special.0 {
            return self.default.format_fields(writer, fields);
        }
        let mut plain = Plain {
            writer: &mut writer,
            first: true,
            result: Ok(()),
        };
        fields.record(&mut plain);
        plain.result
    }
}

/// Finds the fields `DefaultFields` formats its own way.
struct Special(bool);

impl Visit for Special {
    fn record_debug(&mut self, field: &Field, _: &dyn fmt::Debug) {
        let name = field.name();
        self.0 |= name == "message" || name.starts_with("r#") || name.starts_with("log.");
    }

    fn record_error(&mut self, _: &Field, _: &(dyn std::error::Error + 'static)) {
        self.0 = true;
    }
}

struct Plain<'a, 'writer> {
    writer: &'a mut Writer<'writer>,
    first: bool,
    result: fmt::Result,
}

impl Visit for Plain<'_, '_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if self.result.is_err() {
            return;
        }
        let pad = if self.first { "" } else { " " };
        self.first = false;
        self.result = write!(self.writer, "{pad}{}={value:?}", field.name());
    }
}
