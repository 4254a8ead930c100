//! The benchmark's baseline: a bare csv-crate read of a file (every record
//! parsed into a `ByteRecord`, nothing else), to compare `ceping score`
//! against.
//!
//! ```text
//! cargo run --release --example bare -- FILE
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bare FILE");
        return ExitCode::from(2);
    };
    let mut rdr = match csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_path(&path)
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bare: {e}");
            return ExitCode::from(3);
        }
    };
    let mut rec = csv::ByteRecord::new();
    let (mut rows, mut fields) = (0u64, 0u64);
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                rows += 1;
                fields += rec.len() as u64;
            }
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
