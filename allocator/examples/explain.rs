//! Prints a few placements of a generated day with their explanations:
//! `cargo run -p allocator --example explain`.

use allocator::generate::{Tier, instance};
use allocator::{Config, allocate};

fn main() -> Result<(), allocator::AllocError> {
    let problem = instance(&Tier::M, 7);
    let allocation = allocate(&problem, &Config::default())?;
    for p in allocation.placements.iter().take(12) {
        println!("{} ({:?}, {:?})", p.person, p.slot, p.lang);
        println!("  de: {}", p.explanation.de);
        println!("  en: {}", p.explanation.en);
    }
    println!("penalty: {:?}", allocation.penalty);
    Ok(())
}
