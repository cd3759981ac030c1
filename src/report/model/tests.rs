use std::collections::BTreeMap;

use super::lp_text;
use crate::scenario::Scenario;
use crate::shifts::Caps;

/// Read the rows of an LP file this module wrote: (name, terms, sense,
/// rhs), the objective with sense "obj". A small reader of the format's
/// subset used here, written from the format's definition.
/// A row: its name, its terms (coefficient, variable), its sense
/// (`>=`, `<=`, `=`, or `obj`) and right-hand side.
type Row = (String, Vec<(f64, String)>, String, f64);

fn rows(text: &str) -> Vec<Row> {
    let mut out = Vec::new();
    let mut section = "";
    let mut current: Option<String> = None;
    for line in text.lines() {
        match line {
            "Minimize" | "Subject To" | "General" | "Binary" | "End" => {
                section = line;
                continue;
            }
            _ if line.starts_with('\\') || matches!(section, "General" | "Binary") => continue,
            _ => {}
        }
        let body = match line.trim_start().split_once(": ") {
            Some((name, rest)) if line.starts_with(' ') && !line.starts_with("  ") => {
                if let Some(done) = current.take() {
                    out.push(done);
                }
                format!("{name}: {rest}")
            }
            _ => format!("{} {}", current.take().unwrap_or_default(), line.trim()),
        };
        current = Some(body);
    }
    out.extend(current);
    out.iter()
        .map(|row| {
            let (name, rest) = row.split_once(": ").unwrap();
            let tokens: Vec<&str> = rest.split_whitespace().collect();
            let (terms, sense, rhs) =
                match tokens.iter().position(|t| matches!(*t, ">=" | "<=" | "=")) {
                    Some(i) => (
                        &tokens[..i],
                        tokens[i].to_string(),
                        tokens[i + 1].parse().unwrap(),
                    ),
                    None => (&tokens[..], "obj".to_string(), 0.0),
                };
            let mut parsed = Vec::new();
            let mut sign = 1.0;
            let mut coefficient = 1.0;
            for t in terms {
                match *t {
                    "+" => sign = 1.0,
                    "-" => sign = -1.0,
                    _ => match t.parse::<f64>() {
                        Ok(c) => coefficient = c,
                        Err(_) => {
                            parsed.push((sign * coefficient, t.to_string()));
                            sign = 1.0;
                            coefficient = 1.0;
                        }
                    },
                }
            }
            (name.to_string(), parsed, sense, rhs)
        })
        .collect()
}

#[test]
fn staffplans_own_plan_is_feasible_in_the_exported_model_at_its_cost() {
    // The quick start as shipped, and with a part-time template of its
    // own week capped at a share of the pool (the share rows).
    let part_time = crate::yaml::Override {
        path: "shifts.templates.+".into(),
        value: "{name: part, paid: 5h, length: 5h, starts: \"12:00-18:00/1h\", week: {work_days: 4, days_off: any}, max_share: 30%}".into(),
        origin: "test".into(),
    };
    for overrides in [vec![], vec![part_time]] {
        let with_shares = !overrides.is_empty();
        let text = exported_and_plan_checked(&overrides);
        assert_eq!(text.contains("maxshare1_0:"), with_shares);
    }
}

#[test]
fn a_window_plan_is_feasible_in_the_exported_window_problem() {
    // The quick start measured daily with a floor: the export is the
    // window problem (net and window rows, binary steps), and the plan
    // meets it with its own agents after shrinkage as the steps.
    let daily = crate::yaml::Override {
        path: "queues.*.service_level".into(),
        value: "{target: 80/20, over: day, floor: 50/20}".into(),
        origin: "test".into(),
    };
    let text = exported_and_plan_checked(&[daily]);
    assert!(text.lines().any(|l| l.starts_with(" net")), "net rows");
    assert!(text.contains(" window0:") && text.contains("\nBinary\n"));
}

/// Plan the quick start with `overrides`, export each pool's model, and
/// check the plan meets every exported row at its cost; the last pool's
/// model text.
fn exported_and_plan_checked(overrides: &[crate::yaml::Override]) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quick-start.yaml");
    let scenario = Scenario::load(&path, overrides).unwrap();
    let planned = crate::pipeline::plan(scenario, 600.0).unwrap();
    let sc = &planned.staffed.scenario;
    let mut last = String::new();
    for (p, pp) in planned.plan.pools.iter().enumerate() {
        let window = crate::shifts::window_model(&planned.staffed, p).unwrap();
        let m = window.as_ref().unwrap_or(&pp.model);
        let text = lp_text(m, Caps::of(&sc.shifts), &sc.shifts.templates, "test");
        // The plan as values of the exported variables.
        let mut value: BTreeMap<String, f64> = BTreeMap::new();
        for (j, n) in pp.tours.iter().enumerate() {
            value.insert(format!("x{j}"), f64::from(*n));
        }
        for a in &pp.assigned {
            for (b, slots) in a.breaks.iter().enumerate() {
                for (i, n) in slots.iter().enumerate() {
                    value.insert(format!("y{}_{b}_{i}", a.shift), f64::from(*n));
                }
            }
        }
        for t in 0..m.required.len() {
            value.insert(format!("s{t}"), (m.required[t] - pp.on_floor[t]).max(0.0));
        }
        if let Some(w) = &m.window {
            // The k-th step is taken when the floor holds base + k agents.
            for t in 0..m.required.len() {
                let net = (pp.on_floor[t] * (1.0 - w.shrinkage) + 1e-9).floor() as u32;
                for k in 1..=w.steps[t].min(net.saturating_sub(w.base[t])) {
                    value.insert(format!("z{t}_{k}"), 1.0);
                }
            }
        }
        let rows = rows(&text);
        assert!(
            rows.len() > m.required.len(),
            "a cover row per interval and more"
        );
        for (name, terms, sense, rhs) in rows {
            let lhs: f64 = terms
                .iter()
                .map(|(c, v)| c * value.get(v).copied().unwrap_or(0.0))
                .sum();
            let ok = match sense.as_str() {
                ">=" => lhs >= rhs - 1e-6,
                "<=" => lhs <= rhs + 1e-6,
                "=" => (lhs - rhs).abs() < 1e-6,
                _ => (lhs - (pp.cost + pp.shortfall_cost)).abs() < 1e-6,
            };
            assert!(ok, "{name}: {lhs} {sense} {rhs}");
        }
        last = text;
    }
    last
}

#[test]
fn shifts_no_tour_works_get_no_rows() {
    // Every tour of a 6-night template breaks a 5-night rule in a repeating
    // week, so it has shifts but no tours (a template that could never make
    // a tour, like Mon/Wed/Fri under a 5-day week, is refused at load): its
    // min_agents must not become `0 >= 2`.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quick-start.yaml");
    let set = |path: &str, value: &str| crate::yaml::Override {
        path: path.into(),
        value: value.into(),
        origin: "test".into(),
    };
    let odd = set(
        "shifts.templates.+",
        "{name: odd, paid: 8h, length: 8h, starts: \"22:00\", min_agents: 2, week: {work_days: 6}}",
    );
    let rules = set("rules", "{max_consecutive_nights: 5}");
    let scenario = Scenario::load(&path, &[odd, rules]).unwrap();
    let staffed = crate::pipeline::staff(scenario).unwrap();
    let sc = &staffed.scenario;
    let m = crate::shifts::model(&staffed, 0);
    let odd_shifts = m.shifts.iter().filter(|s| s.template == 1).count();
    assert!(odd_shifts > 0, "the odd template has shifts");
    assert!(m
        .tours
        .iter()
        .all(|t| t.shifts.iter().all(|&k| m.shifts[k].template == 0)));
    let caps = Caps {
        starts: Some(40),
        ends: None,
    };
    let text = lp_text(&m, caps, &sc.shifts.templates, "test");
    assert!(
        !text.contains(" min1_"),
        "no min row for a template no tour uses"
    );
    for (name, terms, _, _) in rows(&text) {
        assert!(!terms.is_empty(), "{name} has terms");
    }
}
