use super::*;

const GET: &[&str] = &["GET"];
const GET_POST: &[&str] = &["GET", "POST"];

fn secs(n: u32) -> Caching {
    Caching::Static {
        revalidate_secs: Some(n),
    }
}

const FOREVER: Caching = Caching::Static {
    revalidate_secs: None,
};

#[test]
fn caching_follows_next() {
    let fs = Rules::new(GET).dynamic(Dynamic::ForceStatic);
    let table: &[(Rules, Caching)] = &[
        (Rules::new(GET), Caching::Dynamic),
        (fs, FOREVER),
        (
            Rules {
                methods: &["GET", "HEAD"],
                ..fs
            },
            FOREVER,
        ),
        (
            Rules {
                methods: GET_POST,
                ..fs
            },
            Caching::Dynamic,
        ),
        (
            Rules {
                methods: &["get", "options"],
                ..fs
            },
            Caching::Dynamic,
        ),
        (
            Rules {
                methods: &["POST"],
                ..fs
            },
            Caching::Dynamic,
        ),
        (Rules::new(GET).dynamic(Dynamic::Error), FOREVER),
        (
            Rules::new(GET)
                .dynamic(Dynamic::ForceDynamic)
                .revalidate(Revalidate::Seconds(5)),
            Caching::Dynamic,
        ),
        (Rules::new(GET).revalidate(Revalidate::Seconds(2)), secs(2)),
        (fs.revalidate(Revalidate::Seconds(0)), Caching::Dynamic),
        (fs.revalidate(Revalidate::Seconds(9)), secs(9)),
        (
            Rules::new(GET).revalidate(Revalidate::Never),
            Caching::Dynamic,
        ),
        (Rules::new(GET).static_params(true), FOREVER),
        (Rules::new(GET_POST).static_params(true), Caching::Dynamic),
        (
            Rules::new(GET)
                .static_params(true)
                .dynamic(Dynamic::ForceDynamic),
            Caching::Dynamic,
        ),
    ];
    for (rules, want) in table {
        assert_eq!(rules.caching(), *want, "{rules:?}");
        assert_eq!(rules.is_static(), *want != Caching::Dynamic, "{rules:?}");
    }
}

#[test]
fn methods_turn_off_only_what_the_config_asked_for() {
    let asks = [
        Rules::new(GET_POST).dynamic(Dynamic::ForceStatic),
        Rules::new(GET_POST).dynamic(Dynamic::Error),
        Rules::new(GET_POST).revalidate(Revalidate::Seconds(3)),
        Rules::new(GET_POST).static_params(true),
        Rules::new(&["PATCH"]).revalidate(Revalidate::Seconds(3)),
    ];
    for rules in asks {
        assert!(rules.ignored_by_methods(), "{rules:?}");
    }
    let not = [
        Rules::new(GET_POST),
        Rules::new(GET).dynamic(Dynamic::ForceStatic),
        // dynamic anyway: the methods change nothing
        Rules::new(GET_POST)
            .dynamic(Dynamic::ForceDynamic)
            .revalidate(Revalidate::Seconds(60)),
        Rules::new(GET_POST)
            .dynamic(Dynamic::ForceStatic)
            .revalidate(Revalidate::Seconds(0)),
    ];
    for rules in not {
        assert!(!rules.ignored_by_methods(), "{rules:?}");
    }
    assert_eq!(
        Rules::new(&["DELETE", "GET", "PUT"]).mutating_methods(),
        ["DELETE", "PUT"]
    );
}

#[test]
fn dynamic_params_false_restricts_static_and_dynamic_routes() {
    let listed = Rules::new(GET).static_params(true).dynamic_params(false);
    assert!(listed.is_static() && listed.restricts_params() && listed.wraps_get());
    let with_post = Rules::new(GET_POST)
        .static_params(true)
        .dynamic_params(false);
    assert!(!with_post.is_static() && with_post.restricts_params() && with_post.wraps_get());
    let forced_dynamic = listed.dynamic(Dynamic::ForceDynamic);
    assert!(!forced_dynamic.is_static() && forced_dynamic.wraps_get());
    assert!(!Rules::new(GET).restricts_params());
    assert!(!Rules::new(GET).wraps_get());
    assert!(!Rules::new(&["POST"]).dynamic_params(false).wraps_get());
}

#[test]
fn forced_static_strips_the_request_even_when_dynamic() {
    let fs = Rules::new(GET_POST).dynamic(Dynamic::ForceStatic);
    assert!(fs.strips_request() && !fs.is_static() && fs.wraps_get());
    assert!(Rules::new(GET).dynamic(Dynamic::Error).strips_request());
    assert!(!Rules::new(GET)
        .revalidate(Revalidate::Seconds(5))
        .strips_request());
}

#[test]
fn dynamic_names_round_trip() {
    for (name, d) in Dynamic::ALL {
        assert_eq!(Dynamic::from_name(name), Some(d));
    }
    assert_eq!(Dynamic::from_name("Static"), None);
}
