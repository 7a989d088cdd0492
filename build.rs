//! Rebuild when a default template changes: they are embedded into the binary.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
