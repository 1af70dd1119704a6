//! A round's summary (巡视整改情况汇总): the cases of one inspection round side by side on one
//! day: per organisation the counts by status and the measures overdue, the totals, the overdue
//! measures by name, and the problems the round found most often, by area. The inspection
//! office reports these to the committee; every count is made here, once, on each case as it
//! stood on the day ([`case_as_of`]).

use super::as_of::case_as_of;
use super::as_of::deadline_on;
use super::statistics::{Statistics, overdue_days, status_zh};
use super::status::{CaseStatus, Glance};
use crate::case::{Case, Date, Deadline, Finding};
use serde::Serialize;

/// One organisation's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationLine {
    pub name: String,
    pub short_name: String,
    pub stats: Statistics,
    /// Measures past their deadline on the day.
    pub overdue: usize,
    /// Measures completed or closed, as a whole percentage of all measures (`85`).
    pub done_percent: u32,
    /// The organisation's duties at a glance, as `xunshi status` counts them on the day.
    pub glance: Glance,
    /// Its late duties besides the measures, as a document states them ([`Glance::duties_zh`]).
    pub duties_zh: Vec<String>,
}

/// A measure past its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueMeasure {
    pub organisation: String,
    pub measure_id: String,
    pub action: String,
    pub leader: String,
    pub deadline: Date,
    pub days: i32,
    pub status_zh: String,
}

/// An area of problems and how widely the round found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommonArea {
    pub area: String,
    pub findings: usize,
    pub organisations: usize,
    /// The problems themselves, organisation by organisation in case order.
    pub problems: Vec<AreaProblems>,
}

/// One organisation's problems (反馈问题) in an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaProblems {
    /// The organisation's name (short names such as 厅党组 are not unique across a round).
    pub organisation: String,
    /// The problems' titles, in case order.
    pub titles: Vec<String>,
}

/// The summary of one round on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundSummary {
    pub round: String,
    pub on: Date,
    pub organisations: Vec<OrganisationLine>,
    /// Sums over the organisations.
    pub totals: OrganisationLine,
    /// Every overdue measure, most overdue first.
    pub overdue: Vec<OverdueMeasure>,
    /// Areas found in more than one organisation, or the most common ones, most findings first.
    pub common_areas: Vec<CommonArea>,
    /// Each organisation with late duties besides its measures, as a document states it
    /// (“涉及中共××区委的规定动作逾期2项，待再反馈1次”: some are other bodies' duties about
    /// it, a review owed by the discipline commission), in case order.
    pub late_duties: Vec<String>,
}

impl RoundSummary {
    /// The summary of `cases` (all of round `round`) on `on`.
    pub fn of(round: &str, cases: &[&Case], on: Date) -> RoundSummary {
        let mut organisations = Vec::new();
        let mut overdue = Vec::new();
        // Each area as it is being counted, with the index of the case that added its last
        // organisation's problems.
        let mut areas: Vec<(CommonArea, usize)> = Vec::new();
        for (index, case) in cases.iter().enumerate() {
            let glance = CaseStatus::of(case, on).glance();
            let case = &case_as_of(case, on);
            let stats = Statistics::of(case);
            let mut late = 0;
            for finding in &case.findings {
                count_in_area(&mut areas, index, &case.unit.name, finding);
                for m in &finding.measures {
                    if let (Some(days), Deadline::On(deadline)) =
                        (overdue_days(m, on), deadline_on(m, on))
                    {
                        late += 1;
                        overdue.push(OverdueMeasure {
                            organisation: case.unit.name.clone(),
                            measure_id: m.id.clone(),
                            action: m.action.clone(),
                            leader: m.leader.clone(),
                            deadline,
                            days,
                            status_zh: status_zh(m.status).to_owned(),
                        });
                    }
                }
            }
            organisations.push(line(
                &case.unit.name,
                &case.unit.short_name,
                stats,
                late,
                glance,
            ));
        }
        let totals = totals(&organisations);
        let late_duties = organisations
            .iter()
            .filter(|o| !o.duties_zh.is_empty())
            .map(|o| format!("涉及{}的{}", o.name, o.duties_zh.join("，")))
            .collect();
        overdue.sort_by_key(|o| std::cmp::Reverse(o.days));
        let mut common_areas: Vec<CommonArea> = areas.into_iter().map(|(a, _)| a).collect();
        common_areas.sort_by_key(|a| std::cmp::Reverse((a.organisations, a.findings)));
        RoundSummary {
            round: round.to_owned(),
            on,
            organisations,
            totals,
            overdue,
            common_areas,
            late_duties,
        }
    }
}

/// Counts `finding` of the case at `index` (organisation `name`) in its area.
fn count_in_area(
    areas: &mut Vec<(CommonArea, usize)>,
    index: usize,
    name: &str,
    finding: &Finding,
) {
    let at = match areas.iter().position(|(a, _)| a.area == finding.area) {
        Some(at) => at,
        None => {
            let area = CommonArea {
                area: finding.area.clone(),
                findings: 0,
                organisations: 0,
                problems: Vec::new(),
            };
            areas.push((area, index));
            areas.len() - 1
        }
    };
    let (area, last_case) = &mut areas[at];
    area.findings += 1;
    match area.problems.last_mut() {
        Some(problems) if *last_case == index => problems.titles.push(finding.title.clone()),
        _ => {
            area.organisations += 1;
            area.problems.push(AreaProblems {
                organisation: name.to_owned(),
                titles: vec![finding.title.clone()],
            });
            *last_case = index;
        }
    }
}

fn line(
    name: &str,
    short_name: &str,
    stats: Statistics,
    overdue: usize,
    glance: Glance,
) -> OrganisationLine {
    let done = stats.measures_completed + stats.measures_closed;
    let done_percent = (done * 100 + stats.measures / 2)
        .checked_div(stats.measures)
        .unwrap_or(0) as u32;
    OrganisationLine {
        name: name.to_owned(),
        short_name: short_name.to_owned(),
        stats,
        overdue,
        done_percent,
        duties_zh: glance.duties_zh(),
        glance,
    }
}

fn totals(lines: &[OrganisationLine]) -> OrganisationLine {
    let mut s = Statistics::default();
    let mut overdue = 0;
    let mut glance = Glance::default();
    for l in lines {
        glance.add(&l.glance);
        let t = &l.stats;
        s.findings += t.findings;
        s.findings_completed += t.findings_completed;
        s.findings_mostly_completed += t.findings_mostly_completed;
        s.findings_long_term += t.findings_long_term;
        s.findings_in_progress += t.findings_in_progress;
        s.measures += t.measures;
        s.measures_not_started += t.measures_not_started;
        s.measures_in_progress += t.measures_in_progress;
        s.measures_completed += t.measures_completed;
        s.measures_closed += t.measures_closed;
        s.measures_long_term += t.measures_long_term;
        overdue += l.overdue;
    }
    s.sentence = s.compose_sentence();
    line("合计", "合计", s, overdue, glance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, area: &str, status: &str, deadline: &str) -> Case {
        serde_json::from_value(serde_json::json!({
            "version": 1,
            "round": {"name": "r", "team": "t", "feedback_date": "2022-11-30"},
            "unit": {"name": name, "short_name": name, "principal": {"name": "p", "title": "t"}},
            "findings": [
                {"id": "1", "area": area, "title": "t", "measures": [
                    {"id": "1.1", "action": "a", "leader": "p", "units": ["u"],
                     "deadline": deadline, "status": status},
                    {"id": "1.2", "action": "b", "leader": "p", "units": ["u"],
                     "deadline": "2023-01-31", "status": "completed", "completed_on": "2023-01-20"}
                ]},
                {"id": "2", "area": "共同方面", "title": "t", "measures": [
                    {"id": "2.1", "action": "c", "leader": "p", "units": ["u"],
                     "deadline": "long_term", "status": "long_term"}
                ]}
            ],
        }))
        .unwrap()
    }

    #[test]
    fn totals_sum_the_organisations_and_overdue_is_judged_on_the_day() {
        let a = case("甲", "甲方面", "in_progress", "2023-03-01");
        let b = case("乙", "乙方面", "closed", "2023-03-01");
        let on = Date::parse("2023-03-11").unwrap();
        let s = RoundSummary::of("r", &[&a, &b], on);
        assert_eq!(s.organisations[0].overdue, 1);
        assert_eq!(s.organisations[1].overdue, 0);
        assert_eq!(s.totals.overdue, 1);
        assert_eq!(s.totals.stats.measures, 6);
        assert_eq!(s.totals.stats.measures_long_term, 2);
        // 甲: 1 of 3 done (33%), 乙: 2 of 3 (67%).
        assert_eq!(
            (
                s.organisations[0].done_percent,
                s.organisations[1].done_percent
            ),
            (33, 67)
        );
        assert_eq!(s.overdue[0].days, 10);
        assert_eq!(s.overdue[0].organisation, "甲");
        // The area both organisations share comes first.
        assert_eq!(s.common_areas[0].area, "共同方面");
        assert_eq!(s.common_areas[0].organisations, 2);
        // It names each organisation's problems in it, in case order.
        let problems = &s.common_areas[0].problems;
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].organisation, a.unit.name);
        assert_eq!(problems[1].organisation, b.unit.name);
        assert_eq!(problems[0].titles, ["t"]);
        // The due day itself is not overdue.
        let due_day = RoundSummary::of("r", &[&a], Date::parse("2023-03-01").unwrap());
        assert_eq!(due_day.totals.overdue, 0);
    }

    #[test]
    fn work_done_after_the_day_counts_as_not_done_and_overdue_on_it() {
        // 乙's 1.1 closed 2023-03-05 (deadline 2023-03-01); 1.2 completed 2023-01-20.
        let mut b = case("乙", "乙方面", "closed", "2023-03-01");
        let m = &mut b.findings[0].measures[0];
        m.completed_on = Some(Date::parse("2023-03-05").unwrap());
        m.closed_on = Some(Date::parse("2023-03-05").unwrap());
        let before = RoundSummary::of("r", &[&b], Date::parse("2023-03-03").unwrap());
        let line = &before.organisations[0];
        assert_eq!(
            (line.stats.measures_closed, line.stats.measures_in_progress),
            (0, 1)
        );
        assert_eq!(line.overdue, 1);
        assert_eq!(before.overdue[0].status_zh, "推进中");
        assert_eq!(before.overdue[0].days, 2);
        assert_eq!(line.done_percent, 33);
        let after = RoundSummary::of("r", &[&b], Date::parse("2023-03-05").unwrap());
        assert_eq!(after.organisations[0].stats.measures_closed, 1);
        assert_eq!(after.organisations[0].overdue, 0);
    }
}
