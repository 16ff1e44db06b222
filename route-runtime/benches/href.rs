//! Building a URL the way `href!` expands (`HrefBuilder`, values encoded as
//! they are formatted, dot and empty values checked) against the same URL
//! written by hand with `format!` and `percent-encoding`, which checks
//! nothing.
//!
//! `cargo bench -p route-runtime --bench href`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use route_runtime::__private::HrefBuilder;

/// What `href!` keeps: letters, digits and `-._~!$&'()*+,;=:@`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

fn href(c: &mut Criterion) {
    let mut group = c.benchmark_group("href");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("users_id/href", |b| {
        b.iter(|| {
            // app::href!("/users/[id]", id = 42)
            let mut h = HrefBuilder::new("", 24);
            h.push_static("/users");
            h.one("id", black_box(&42));
            h.finish()
        })
    });
    group.bench_function("users_id/format", |b| {
        b.iter(|| format!("/users/{}", black_box(&42)))
    });
    let slug = ["a", "b c", "café"];
    group.bench_function("blog_slug/href", |b| {
        b.iter(|| {
            // app::href!("/blog/[...slug]", slug = slug)
            let mut h = HrefBuilder::new("", 53);
            h.push_static("/blog");
            h.many("slug", black_box(slug), true);
            h.finish()
        })
    });
    group.bench_function("blog_slug/format", |b| {
        b.iter(|| {
            let mut s = String::from("/blog");
            for v in black_box(slug) {
                s.push('/');
                s.extend(utf8_percent_encode(v, SEGMENT));
            }
            s
        })
    });
    group.finish();
}

criterion_group!(benches, href);
criterion_main!(benches);
