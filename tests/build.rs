fn main() {
    route_runtime::build::watch_all(&["fixtures"]);
}
