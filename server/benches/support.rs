//! Helpers shared by the benches.

/// A valid Fujian ID number (GB 11643 check character) for `sequence`,
/// distinct for the first 336,000 sequences.
pub fn id_number(sequence: usize) -> String {
    let first17 = format!(
        "3501021990{:02}{:02}{:03}",
        1 + sequence / 28_000 % 12,
        1 + sequence / 1_000 % 28,
        sequence % 1_000
    );
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}
