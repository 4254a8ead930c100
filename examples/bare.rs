//! The benchmark's baselines: a bare csv-crate read of a file, every record
//! parsed into a `ByteRecord` (bytes, nothing else), or with `--text` into a
//! `StringRecord` (the crate's text API: each record checked as UTF-8, as any
//! program that uses the values as text must), to compare `ceping score`
//! against.
//!
//! ```text
//! cargo run --release --example bare -- [--text] FILE
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = args.iter().any(|a| a == "--text");
    let Some(path) = args.iter().find(|a| *a != "--text") else {
        eprintln!("usage: bare [--text] FILE");
        return ExitCode::from(2);
    };
    let mut rdr = match csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_path(path)
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bare: {e}");
            return ExitCode::from(3);
        }
    };
    let mut rec = csv::ByteRecord::new();
    let mut text_rec = csv::StringRecord::new();
    let (mut rows, mut fields) = (0u64, 0u64);
    loop {
        let read = if text {
            rdr.read_record(&mut text_rec).inspect(|_| {
                fields += text_rec.len() as u64;
            })
        } else {
            rdr.read_byte_record(&mut rec).inspect(|_| {
                fields += rec.len() as u64;
            })
        };
        match read {
            Ok(true) => rows += 1,
            Ok(false) => break,
            Err(e) => {
                eprintln!("bare: {e}");
                return ExitCode::from(3);
            }
        }
    }
    println!("{rows} rows, {fields} fields");
    ExitCode::SUCCESS
}
