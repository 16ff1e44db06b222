fn main() {
    route_runtime::build::watch_all(&["src/app", "src/public"]);
}
