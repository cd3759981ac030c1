use super::*;

fn auto(min: f64, max: f64, step: f64) -> AutoShare {
    AutoShare {
        min,
        max,
        step,
        start: None,
    }
}

#[test]
fn two_parts_on_a_5_percent_grid_are_21_points_first_share_rising() {
    let g = split_grid(&[auto(0.0, 1.0, 0.05), auto(0.0, 1.0, 0.05)]);
    assert_eq!(g.len(), 21);
    assert_eq!(g[0], vec![0.0, 1.0]);
    assert_eq!(g[1], vec![0.05, 0.95]);
    assert_eq!(g[20], vec![1.0, 0.0]);
}

#[test]
fn three_parts_count_the_compositions_of_the_steps() {
    // Levels (a, b, c) ≥ 0 with a + b + c = 20: C(22, 2) = 231.
    let g = split_grid(&[auto(0.0, 1.0, 0.05); 3]);
    assert_eq!(g.len(), 231);
    // At least 10 % and at most 50 % each, on a 10 % grid: a + b + c = 10
    // with 1 ≤ each ≤ 5: C(9, 2) = 36 compositions into positive parts,
    // less 3 × C(4, 2) = 18 with one part ≥ 6 (two cannot be), = 18.
    let g = split_grid(&[auto(0.1, 0.5, 0.1); 3]);
    assert_eq!(g.len(), 18);
    assert!(g.iter().all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-9));
}

#[test]
fn bounds_that_leave_no_point_give_an_empty_grid() {
    assert!(split_grid(&[auto(0.6, 1.0, 0.05), auto(0.5, 1.0, 0.05)]).is_empty());
}
