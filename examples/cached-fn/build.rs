fn main() {
    route_runtime::build::watch("src/app");
}
