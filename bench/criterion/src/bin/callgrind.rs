//! Sends one kind of request N times through one twin, for instruction
//! counting under callgrind (run it with N and 2N requests and take the
//! difference: what is left is the per-request cost, startup excluded).
//!
//! `callgrind <generated|axum> <case> <n>`, cases as in `route_bench::CASES`.

use route_bench::{send, Twin, CASES};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: callgrind <generated|axum> <case> <n>";
    let [_, twin, case, n] = args.as_slice() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let twin = match twin.as_str() {
        "generated" => Twin::Generated,
        "axum" => Twin::Axum,
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let Some(case) = CASES.iter().find(|c| c.name == case) else {
        let names: Vec<_> = CASES.iter().map(|c| c.name).collect();
        eprintln!("unknown case {case}; one of {names:?}");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let router = twin.router();
    rt.block_on(async {
        for _ in 0..n {
            let (status, _) = send(&router, case).await;
            assert_eq!(status.as_u16(), case.status);
        }
    });
}
