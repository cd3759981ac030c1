//! A small seeded random number generator, the same on every platform.
//!
//! xoshiro256++ (Blackman & Vigna 2018) seeded through SplitMix64, and the
//! exponential distribution by inversion, `−ln(1 − U)`, with a logarithm
//! written here from IEEE basic operations (which every platform rounds the
//! same) rather than the platform's libm (which may differ in the last bit):
//! the same seed gives the same numbers everywhere.

/// SplitMix64 (Steele, Lea & Flood 2014): one step of the sequence from `state`.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of one independent stream: the user's seed and the stream's
/// coordinates (run, pool) mixed by SplitMix64.
pub fn derive(seed: u64, coordinates: &[u64]) -> u64 {
    let mut state = seed;
    let mut out = splitmix64(&mut state);
    for &c in coordinates {
        state ^= out ^ c.wrapping_mul(0xD1B5_4A32_D192_ED03);
        out = splitmix64(&mut state);
    }
    out
}

/// xoshiro256++ generator.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose state is filled from `seed` by SplitMix64.
    pub fn new(seed: u64) -> Rng {
        let mut state = seed;
        Rng {
            s: [
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
            ],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponential with mean 1: `−ln(1 − U)`, U uniform in [0, 1).
    pub fn exp1(&mut self) -> f64 {
        -ln(1.0 - self.uniform())
    }
}

/// Natural logarithm of a positive finite `x` from basic IEEE operations:
/// `x = m·2^e` with `m` in [√½, √2), `ln x = e·ln 2 + 2·atanh(s)`,
/// `s = (m − 1)/(m + 1)`, `|s| ≤ 0.172`, the series summed to `s^23`
/// (relative error below 1e-16). Returns −∞ at 0 and NaN below.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut x, mut e) = (x, 0i64);
    if x < f64::MIN_POSITIVE {
        x *= (1u64 << 54) as f64;
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // 2·(s + s³/3 + s⁵/5 + … + s²³/23), Horner from the top.
    let mut sum = 0.0;
    let mut k = 23.0;
    while k > 1.0 {
        sum = (sum + 1.0 / k) * s2;
        k -= 2.0;
    }
    2.0 * s * (1.0 + sum) + e as f64 * std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_the_platform_to_the_last_bits() {
        let mut rng = Rng::new(7);
        for _ in 0..100_000 {
            let x = rng.uniform() * 10f64.powi((rng.uniform() * 40.0) as i32 - 20) + 1e-300;
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 4e-16 * b.abs().max(1.0),
                "ln({x}) = {a}, std {b}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert!((ln(std::f64::consts::E) - 1.0).abs() < 1e-16);
        assert!((ln(5e-324) - (5e-324f64).ln()).abs() < 1e-12);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
    }

    #[test]
    fn the_first_outputs_are_those_of_the_reference_generator() {
        // splitmix64 from 0: the published first output 0xE220A8397B1DCDAF.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        // xoshiro256++ from state [1, 2, 3, 4]: first outputs of the reference C code.
        let mut rng = Rng { s: [1, 2, 3, 4] };
        assert_eq!(rng.next_u64(), 41_943_041);
        assert_eq!(rng.next_u64(), 58_720_359);
        assert_eq!(rng.next_u64(), 3_588_806_011_781_223);
    }

    #[test]
    fn exponential_draws_have_mean_one() {
        let mut rng = Rng::new(1);
        let n = 200_000;
        let mean = (0..n).map(|_| rng.exp1()).sum::<f64>() / n as f64;
        // Standard error 1/√n ≈ 0.0022.
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
    }
}
