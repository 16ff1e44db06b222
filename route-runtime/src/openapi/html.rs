//! The documentation page of an OpenAPI document: plain HTML, nothing
//! loaded from elsewhere.

use std::fmt::Write;

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "head", "options", "post", "put", "patch", "delete", "trace",
];

/// `text`, safe in HTML text and in a quoted attribute.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn schema_block(out: &mut String, schema: &Value) {
    let json = serde_json::to_string_pretty(schema).unwrap_or_default();
    let _ = write!(out, "<pre>{}</pre>", esc(&json));
}

/// The page: a table of contents, then each path's operations.
pub fn page(doc: &Value, spec_url: &str) -> String {
    let info = &doc["info"];
    let title = esc(str_at(info, "title"));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}\
         code,pre{{font-family:ui-monospace,monospace}}pre{{background:#f4f4f4;padding:.5rem;overflow:auto}}\
         .op{{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem;margin:.5rem 0}}\
         .m{{display:inline-block;min-width:5rem;font-weight:bold;text-transform:uppercase}}\
         .auto{{color:#777}}</style></head><body>\
         <h1>{title} <small>{}</small></h1><p>OpenAPI document: <a href=\"{}\">{}</a></p>",
        esc(str_at(info, "version")),
        esc(spec_url),
        esc(spec_url),
    );
    if let Some(d) = info.get("description").and_then(Value::as_str) {
        let _ = write!(out, "<p>{}</p>", esc(d));
    }
    let empty = serde_json::Map::new();
    let paths = doc["paths"].as_object().unwrap_or(&empty);
    out.push_str("<h2>Operations</h2><ul>");
    for (path, item) in paths {
        for m in METHODS {
            let Some(op) = item.get(m) else { continue };
            if op.get("x-automatic").is_some() {
                continue;
            }
            let _ = write!(
                out,
                "<li><a href=\"#{}\"><code>{} {}</code></a> {}</li>",
                esc(str_at(op, "operationId")),
                m.to_uppercase(),
                esc(path),
                esc(str_at(op, "summary")),
            );
        }
    }
    out.push_str("</ul>");
    for (path, item) in paths {
        let _ = write!(out, "<section><h2><code>{}</code></h2>", esc(path));
        if let Some(s) = item.get("summary").and_then(Value::as_str) {
            let _ = write!(out, "<p><strong>{}</strong></p>", esc(s));
        }
        let _ = write!(out, "<p>{}</p>", esc(str_at(item, "description")));
        if let Some(params) = item.get("parameters").and_then(Value::as_array) {
            out.push_str("<p>Path parameters:</p><ul>");
            for p in params {
                let _ = write!(
                    out,
                    "<li><code>{}</code>: {}</li>",
                    esc(str_at(p, "name")),
                    esc(str_at(p, "description"))
                );
            }
            out.push_str("</ul>");
        }
        for m in METHODS {
            let Some(op) = item.get(m) else { continue };
            operation(&mut out, m, op);
        }
        out.push_str("</section>");
    }
    if let Some(schemas) = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
    {
        out.push_str("<h2>Schemas</h2>");
        for (name, schema) in schemas {
            let _ = write!(
                out,
                "<h3 id=\"schema-{0}\"><code>{0}</code></h3>",
                esc(name)
            );
            schema_block(&mut out, schema);
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn operation(out: &mut String, method: &str, op: &Value) {
    let auto = op.get("x-automatic").is_some();
    let _ = write!(
        out,
        "<div class=\"op{}\" id=\"{}\"><p><span class=\"m\">{}</span> {}</p>",
        if auto { " auto" } else { "" },
        esc(str_at(op, "operationId")),
        method,
        esc(str_at(op, "summary")),
    );
    if let Some(d) = op.get("description").and_then(Value::as_str) {
        let _ = write!(out, "<p>{}</p>", esc(d));
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        out.push_str("<p>Query parameters:</p><ul>");
        for p in params {
            let required = if p["required"] == true {
                " (required)"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<li><code>{}</code>{required} {}</li>",
                esc(str_at(p, "name")),
                esc(str_at(p, "description"))
            );
        }
        out.push_str("</ul>");
    }
    if let Some(content) = op
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
    {
        for (media, body) in content {
            let _ = write!(out, "<p>Request body (<code>{}</code>):</p>", esc(media));
            schema_block(out, &body["schema"]);
        }
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        out.push_str("<p>Responses:</p><ul>");
        for (code, r) in responses {
            let _ = write!(
                out,
                "<li><code>{}</code> {}",
                esc(code),
                esc(str_at(r, "description"))
            );
            if let Some(content) = r.get("content").and_then(Value::as_object) {
                for (media, body) in content {
                    let _ = write!(out, " (<code>{}</code>)", esc(media));
                    schema_block(out, &body["schema"]);
                }
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_document_is_escaped() {
        let doc = serde_json::json!({
            "info": { "title": "<script>alert(1)</script>", "version": "1" },
            "paths": { "/a": { "description": "x", "get": {
                "operationId": "get_a\"><b>", "summary": "a & b",
                "responses": { "200": { "description": "<i>" } },
            } } },
        });
        let page = page(&doc, "/openapi.json?a=\"b\"");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("a &amp; b"));
        assert!(!page.contains("<i>"));
        assert!(page.contains("href=\"/openapi.json?a=&quot;b&quot;\""));
    }
}
