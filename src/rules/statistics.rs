//! Rectification statistics (整改统计): counts of findings and measures by status, and the
//! sentence progress reports quote ("反馈问题N个，已完成整改X个……"). A finding's standing is
//! derived from its measures here, once, so every document and view counts the same way.

use super::as_of::{deadline_on, status_on};
use super::calendar::days_between;
use crate::case::{Case, Date, Deadline, Finding, Measure, MeasureStatus};
use serde::Serialize;

/// Where a finding stands, derived from its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingStanding {
    /// 已完成整改: every measure completed or closed.
    Completed,
    /// 需长期坚持: every measure done except long-term ones.
    LongTerm,
    /// 基本完成: at least half of its measures done, the rest still under way.
    MostlyCompleted,
    /// 正在推进: the rest.
    InProgress,
}

impl FindingStanding {
    pub fn of(finding: &Finding) -> Self {
        let total = finding.measures.len();
        let done = finding.measures.iter().filter(|m| is_done(m)).count();
        let long_term = finding
            .measures
            .iter()
            .filter(|m| m.status == MeasureStatus::LongTerm)
            .count();
        if done == total {
            FindingStanding::Completed
        } else if done + long_term == total {
            FindingStanding::LongTerm
        } else if total > 0 && done * 2 >= total {
            FindingStanding::MostlyCompleted
        } else {
            FindingStanding::InProgress
        }
    }

    pub fn text_zh(self) -> &'static str {
        match self {
            FindingStanding::Completed => "已完成整改",
            FindingStanding::LongTerm => "需长期坚持",
            FindingStanding::MostlyCompleted => "基本完成",
            FindingStanding::InProgress => "正在推进",
        }
    }
}

/// A measure whose work is finished: completed (awaiting closure) or closed.
pub fn is_done(measure: &Measure) -> bool {
    matches!(
        measure.status,
        MeasureStatus::Completed | MeasureStatus::Closed
    )
}

/// Days a measure is past the deadline in force on `on` (1 on the day after it), when its work
/// is not done by `on` and it is not long-term then; `None` otherwise. The one overdue rule:
/// the status view, the ledger, the monthly table and the round summary all ask it. Judged as
/// of `on` ([`status_on`]): work done after `on` was still overdue then.
pub fn overdue_days(measure: &Measure, on: Date) -> Option<i32> {
    let open = matches!(
        status_on(measure, on),
        MeasureStatus::NotStarted | MeasureStatus::InProgress
    );
    match deadline_on(measure, on) {
        Deadline::On(deadline) if open && deadline < on => Some(days_between(deadline, on)),
        _ => None,
    }
}

/// A measure past the deadline in force on `on` and not done by then ([`overdue_days`]).
pub fn is_overdue(measure: &Measure, on: Date) -> bool {
    overdue_days(measure, on).is_some()
}

/// The Chinese name of a measure status as ledgers print it.
pub fn status_zh(status: MeasureStatus) -> &'static str {
    match status {
        MeasureStatus::NotStarted => "未启动",
        MeasureStatus::InProgress => "推进中",
        MeasureStatus::Completed => "已完成",
        MeasureStatus::Closed => "已销号",
        MeasureStatus::LongTerm => "长期坚持",
    }
}

/// Counts by status for one case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Statistics {
    pub findings: usize,
    pub findings_completed: usize,
    pub findings_mostly_completed: usize,
    pub findings_long_term: usize,
    pub findings_in_progress: usize,
    pub measures: usize,
    pub measures_not_started: usize,
    pub measures_in_progress: usize,
    pub measures_completed: usize,
    pub measures_closed: usize,
    pub measures_long_term: usize,
    /// The sentence a progress report quotes.
    pub sentence: String,
}

impl Statistics {
    pub fn of(case: &Case) -> Statistics {
        let mut s = Statistics {
            findings: case.findings.len(),
            ..Statistics::default()
        };
        for finding in &case.findings {
            match FindingStanding::of(finding) {
                FindingStanding::Completed => s.findings_completed += 1,
                FindingStanding::MostlyCompleted => s.findings_mostly_completed += 1,
                FindingStanding::LongTerm => s.findings_long_term += 1,
                FindingStanding::InProgress => s.findings_in_progress += 1,
            }
            for measure in &finding.measures {
                s.measures += 1;
                *match measure.status {
                    MeasureStatus::NotStarted => &mut s.measures_not_started,
                    MeasureStatus::InProgress => &mut s.measures_in_progress,
                    MeasureStatus::Completed => &mut s.measures_completed,
                    MeasureStatus::Closed => &mut s.measures_closed,
                    MeasureStatus::LongTerm => &mut s.measures_long_term,
                } += 1;
            }
        }
        s.sentence = s.compose_sentence();
        s
    }

    /// "巡视反馈问题23个，已完成整改15个，基本完成5个，需长期坚持2个，正在推进1个；制定整改
    /// 措施61项，已完成52项。" Parts with a zero count are left out, except the total.
    pub(crate) fn compose_sentence(&self) -> String {
        let mut parts = vec![format!("巡视反馈问题{}个", self.findings)];
        for (count, label) in [
            (self.findings_completed, "已完成整改"),
            (self.findings_mostly_completed, "基本完成"),
            (self.findings_long_term, "需长期坚持"),
            (self.findings_in_progress, "正在推进"),
        ] {
            if count > 0 {
                parts.push(format!("{label}{count}个"));
            }
        }
        let done = self.measures_completed + self.measures_closed;
        let mut sentence = parts.join("，");
        sentence.push_str(&format!(
            "；制定整改措施{}项，已完成{}项",
            self.measures, done
        ));
        if self.measures_long_term > 0 {
            sentence.push_str(&format!("，长期坚持{}项", self.measures_long_term));
        }
        sentence.push('。');
        sentence
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn measure(status: &str, deadline: &str) -> serde_json::Value {
        json!({"id": "m", "action": "a", "leader": "l", "units": ["u"],
               "deadline": deadline, "status": status})
    }

    fn finding(statuses: &[&str]) -> Finding {
        let measures: Vec<_> = statuses
            .iter()
            .map(|s| {
                measure(
                    s,
                    if *s == "long_term" {
                        "long_term"
                    } else {
                        "2022-09-30"
                    },
                )
            })
            .collect();
        serde_json::from_value(json!({"id": "1", "area": "a", "title": "t", "measures": measures}))
            .unwrap()
    }

    #[test]
    fn a_finding_stands_where_its_measures_put_it() {
        use FindingStanding::*;
        assert_eq!(
            FindingStanding::of(&finding(&["closed", "completed"])),
            Completed
        );
        assert_eq!(
            FindingStanding::of(&finding(&["closed", "long_term"])),
            LongTerm
        );
        assert_eq!(
            FindingStanding::of(&finding(&["closed", "in_progress"])),
            MostlyCompleted
        );
        assert_eq!(
            FindingStanding::of(&finding(&["closed", "in_progress", "not_started"])),
            InProgress
        );
        assert_eq!(FindingStanding::of(&finding(&["long_term"])), LongTerm);
    }

    #[test]
    fn overdue_needs_a_past_dated_deadline_and_unfinished_work() {
        let f = finding(&["in_progress", "completed", "long_term"]);
        let on = Date::parse("2022-10-01").unwrap();
        let eve = Date::parse("2022-09-30").unwrap();
        assert!(is_overdue(&f.measures[0], on));
        assert!(
            !is_overdue(&f.measures[0], eve),
            "the due day itself is not overdue"
        );
        assert!(!is_overdue(&f.measures[1], on));
        assert!(!is_overdue(&f.measures[2], on));
        assert_eq!(overdue_days(&f.measures[0], on), Some(1));
    }

    #[test]
    fn work_done_after_the_day_was_overdue_on_it() {
        let m: Measure = serde_json::from_value(json!({
            "id": "m", "action": "a", "leader": "l", "units": ["u"],
            "deadline": "2022-09-30", "status": "closed", "closure_standard": "s",
            "evidence": ["e"], "completed_on": "2022-10-10", "closed_on": "2022-10-20"
        }))
        .unwrap();
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(overdue_days(&m, d("2022-10-05")), Some(5));
        assert_eq!(overdue_days(&m, d("2022-10-09")), Some(9));
        assert_eq!(overdue_days(&m, d("2022-10-10")), None, "done that day");
    }

    #[test]
    fn an_approved_deadline_change_counts_from_its_approval() {
        let mut m: Measure = serde_json::from_value(json!({
            "id": "m", "action": "a", "leader": "l", "units": ["u"],
            "deadline": "2023-01-31", "status": "in_progress",
            "deadline_changes": [
                {"approved_on": "2023-03-15", "to": "2023-05-31", "reason": "r"},
                {"approved_on": "2023-05-20", "to": "long_term", "reason": "r"}
            ]
        }))
        .unwrap();
        let d = |s| Date::parse(s).unwrap();
        // Before the approval the old deadline stands, and the measure is overdue by it.
        assert_eq!(
            deadline_on(&m, d("2023-03-14")),
            Deadline::On(d("2023-01-31"))
        );
        assert!(is_overdue(&m, d("2023-03-14")));
        // From the approval day the new one does.
        assert_eq!(
            deadline_on(&m, d("2023-03-15")),
            Deadline::On(d("2023-05-31"))
        );
        assert!(!is_overdue(&m, d("2023-03-15")));
        assert!(!is_overdue(&m, d("2023-05-31")));
        assert_eq!(deadline_on(&m, d("2023-06-01")), Deadline::LongTerm);
        assert!(!is_overdue(&m, d("2023-06-01")));
        m.deadline_changes.pop();
        assert!(is_overdue(&m, d("2023-06-01")));
    }

    #[test]
    fn the_sentence_counts_and_leaves_out_zero_parts() {
        let mut s = Statistics {
            findings: 3,
            findings_completed: 2,
            findings_long_term: 1,
            measures: 7,
            measures_closed: 5,
            measures_completed: 1,
            measures_long_term: 1,
            ..Statistics::default()
        };
        s.sentence = s.compose_sentence();
        assert_eq!(
            s.sentence,
            "巡视反馈问题3个，已完成整改2个，需长期坚持1个；制定整改措施7项，已完成6项，长期坚持1项。"
        );
    }
}
