//! Writes `$OUT_DIR/tables.rs`: the Unicode properties the core needs, read from the
//! Python that the extension is built for (`PYO3_PYTHON`, set by maturin), so that its
//! tables are that Python's `unicodedata` and the project's character classes, whatever
//! Unicode version they are.
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let generator = manifest.join("gen_tables.py");
    let classes = manifest.join("../dedup/text/charclasses.py");
    let arabic = manifest.join("../dedup/text/arabic.py");
    println!("cargo:rerun-if-changed={}", generator.display());
    println!("cargo:rerun-if-changed={}", classes.display());
    println!("cargo:rerun-if-changed={}", arabic.display());
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
    let python = env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let output = Command::new(&python)
        .arg(&generator)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} to generate the Unicode tables: {e}"));
    if !output.status.success() {
        panic!(
            "{} failed:\n{}",
            generator.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("tables.rs");
    fs::write(out, output.stdout).unwrap();
}
