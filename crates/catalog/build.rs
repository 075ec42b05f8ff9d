//! Embeds every content file in the binary: generates a table of `include_str!`s so that the
//! catalog never reads from disk at run time, and cargo rebuilds when any file changes.

use std::{env, fs, path::Path};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let content = Path::new(&manifest).join("../../content");
    let content = content.canonicalize().expect("content/ beside the crates");
    println!("cargo:rerun-if-changed={}", content.display());

    let mut out = String::new();
    for (table, dir) in [
        ("CODE_FILES", "codes"),
        ("CATEGORY_FILES", "categories"),
        ("COMPARE_FILES", "compare"),
        ("QUIZ_FILES", "quiz"),
    ] {
        let dir = content.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        out.push_str(&format!(
            "/// Embedded `content/{dir}` files: (file name, text).\npub static {table}: &[(&str, &str)] = &[\n",
            dir = dir.file_name().unwrap().to_string_lossy()
        ));
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            out.push_str(&format!(
                "    ({name:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    for (item, file) in [
        ("IANA_CSV", "iana-http-status-codes.csv"),
        ("SITE_TOML", "site.toml"),
        ("CHEAT_TOML", "cheat-sheet.toml"),
    ] {
        let f = content.join(file);
        println!("cargo:rerun-if-changed={}", f.display());
        out.push_str(&format!(
            "/// Embedded `content/{file}`.\npub static {item}: &str = include_str!({:?});\n",
            f.display().to_string()
        ));
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
