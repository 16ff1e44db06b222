// a #[cache] fn takes concrete argument types, never `&mut` or generics
use route_runtime::cache;

#[cache]
async fn generic<T: serde::Serialize>(value: T) -> u32 {
    let _ = value;
    1
}

#[cache]
async fn by_mut_ref(list: &mut Vec<u32>) -> u32 {
    list.len() as u32
}

#[cache]
async fn impl_trait(value: impl serde::Serialize) -> u32 {
    let _ = value;
    1
}

fn main() {}
