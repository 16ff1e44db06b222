//! Parsing a request's `Cookie` header: one header of distinct names against
//! one of the same size that repeats a single name, at 35, 71, 100 and
//! 109 KB (the sizes issue 9 measured), and a typical two-cookie header.
//!
//! The work must grow with the header's length only: a header of distinct
//! names should cost about what a repeated one of the same size costs.
//!
//! `cargo bench -p route-runtime --bench cookies`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};
use route_runtime::cookies::RequestCookies;

/// `c0=v; c1=v; …`, as many pairs as fit in `bytes`.
fn distinct(bytes: usize) -> String {
    fill(bytes, |i| format!("c{i}=v"))
}

/// `c=v; c=v; …`, the same length as [`distinct`] gives.
fn repeated(bytes: usize) -> String {
    fill(bytes, |_| "c=v".to_owned())
}

fn fill(bytes: usize, pair: impl Fn(usize) -> String) -> String {
    let mut header = String::with_capacity(bytes + 16);
    for i in 0.. {
        if header.len() >= bytes {
            break;
        }
        if !header.is_empty() {
            header.push_str("; ");
        }
        header.push_str(&pair(i));
    }
    header
}

fn headers(cookie: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert(COOKIE, HeaderValue::from_str(cookie).expect("ASCII header"));
    map
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("cookie_header");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let typical = headers("token=abc123; theme=dark");
    group.bench_function("typical_2_cookies", |b| {
        b.iter(|| RequestCookies::from_headers(black_box(&typical)).len())
    });
    for kb in [35, 71, 100, 109] {
        let cases = [
            ("distinct", distinct(kb * 1000)),
            ("repeated", repeated(kb * 1000)),
        ];
        for (kind, header) in cases {
            let map = headers(&header);
            let names = RequestCookies::from_headers(&map).len();
            group.throughput(Throughput::Bytes(header.len() as u64));
            let id = BenchmarkId::new(kind, format!("{kb}KB_{names}_names"));
            group.bench_with_input(id, &map, |b, map| {
                b.iter(|| RequestCookies::from_headers(black_box(map)).len())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
