//! Least-cost assignment: the Hungarian method (Kuhn 1955, Munkres 1957)
//! with row and column potentials, O(n³) for n rows.

/// The column of each row in an assignment of least total cost of the
/// square matrix `cost` (`cost[i][j]`: row `i` to column `j`; a pair that
/// must not be chosen costs more than any whole assignment that avoids
/// it). With `[[4, 1], [2, 3]]`: rows to columns 1 and 0, cost 3.
pub(super) fn assign(cost: &[Vec<i64>]) -> Vec<usize> {
    let n = cost.len();
    let inf = i64::MAX / 4;
    // 1-based: column 0 is a sentinel. `row[j]`: the row on column j.
    let (mut u, mut v) = (vec![0i64; n + 1], vec![0i64; n + 1]);
    let mut row = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        row[0] = i;
        let mut j0 = 0;
        let mut least = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        while row[j0] != 0 {
            used[j0] = true;
            let i0 = row[j0];
            let (mut delta, mut j1) = (inf, 0);
            for j in 1..=n {
                if used[j] {
                    continue;
                }
                let reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                if reduced < least[j] {
                    least[j] = reduced;
                    way[j] = j0;
                }
                if least[j] < delta {
                    delta = least[j];
                    j1 = j;
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[row[j]] += delta;
                    v[j] -= delta;
                } else {
                    least[j] -= delta;
                }
            }
            j0 = j1;
        }
        while j0 != 0 {
            let j1 = way[j0];
            row[j0] = row[j1];
            j0 = j1;
        }
    }
    let mut column = vec![0; n];
    for j in 1..=n {
        column[row[j] - 1] = j - 1;
    }
    column
}
