//! The monthly report table (巡视整改情况月报表): after the centralised period, every month until
//! every measure is closed, the inspected organisation reports each measure not yet closed: what
//! moved this month, where it stands at the month's end, and whether it keeps to its deadline.
//! A measure's standing at a past month's end is the case as it stood that day ([`case_as_of`]),
//! so the table for March says the same thing whether it is made in April or in June. A month's
//! progress is its dated updates plus what its dates say happened in it: an approved deadline
//! change, the completion, the closure.

use super::as_of::case_as_of;
use super::as_of::deadline_on;
use super::calendar::{add_days, add_months, months_between};
use super::statistics::{overdue_days, status_zh};
use super::timeline::Timeline;
use crate::case::{Case, Date, Deadline, Measure, MeasureStatus, ProgressUpdate};
use crate::compose::dates::deadline_zh;
use serde::Serialize;

/// One month's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyTable {
    /// 1 for the first report after the centralised period.
    pub number: u32,
    /// `2023-03`.
    pub month: String,
    /// `2023年3月`.
    pub month_zh: String,
    pub first_day: Date,
    pub last_day: Date,
    /// The day the report is due (报送时限).
    pub due: Date,
    pub rows: Vec<MonthlyRow>,
    /// Rows whose measure is behind its deadline at the month's end.
    pub behind: usize,
    /// Rows closed during the month.
    pub closed_this_month: usize,
}

/// One measure in the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyRow {
    pub finding_id: String,
    pub finding_title: String,
    pub area: String,
    pub measure_id: String,
    pub action: String,
    pub leader: String,
    pub units: Vec<String>,
    /// The deadline in force at the month's end.
    pub deadline: Deadline,
    /// The original deadline, when an approved change replaced it.
    pub deadline_was: Option<Deadline>,
    /// The measure's status at the month's end, as the ledger names it.
    pub status_zh: String,
    /// Progress entries dated within the month, oldest first: the updates, and the month's
    /// deadline changes, completion and closure as entries of their own.
    pub progress_this_month: Vec<ProgressUpdate>,
    /// True when the measure keeps to its deadline at the month's end (long-term measures and
    /// measures done by then always do).
    pub on_schedule: bool,
    /// Days past the deadline at the month's end, when behind.
    pub days_behind: Option<i32>,
}

/// Why a monthly table cannot be made for a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthError {
    /// Not `YYYY-MM`.
    Malformed,
    /// The month ends before the centralised period does: the progress report covers it.
    BeforePeriodEnd { period_end: Date },
}

impl MonthError {
    pub fn message_zh(&self, month: &str) -> String {
        match self {
            MonthError::Malformed => {
                format!(
                    "月份 “{month}” 格式不对，应为 YYYY-MM，如 2023-01（month must be YYYY-MM）"
                )
            }
            MonthError::BeforePeriodEnd { period_end } => format!(
                "{month} 在集中整改期内（集中整改期至 {period_end} 届满），月报表自集中整改期结束后按月报送（monthly reports start after the centralised period）"
            ),
        }
    }
}

/// The number `k` of the monthly report that covers `month` (`YYYY-MM`).
pub fn report_number(timeline: &Timeline, month: &str) -> Result<u32, MonthError> {
    let (year, mon) = month.split_once('-').ok_or(MonthError::Malformed)?;
    let (Ok(year), Ok(mon)) = (year.parse::<i32>(), mon.parse::<i32>()) else {
        return Err(MonthError::Malformed);
    };
    if year.to_string().len() != 4 || !(1..=12).contains(&mon) || month.len() != 7 {
        return Err(MonthError::Malformed);
    }
    let asked =
        jiff::civil::Date::new(year as i16, mon as i8, 1).map_err(|_| MonthError::Malformed)?;
    let k = months_between(timeline.monthly_report_month_start(1), Date(asked)) + 1;
    u32::try_from(k)
        .ok()
        .filter(|k| *k >= 1)
        .ok_or(MonthError::BeforePeriodEnd {
            period_end: timeline.centralised_period_end,
        })
}

/// The monthly reports a case can make by `until`: one for each month after the centralised
/// period that has ended by then (its last day on or before `until`), so a table is made as
/// soon as its month is over and before it falls due, while any measure was still open at the
/// start of the month covered.
pub fn reports_made_by(case: &Case, timeline: &Timeline, until: Date) -> Vec<u32> {
    if case.findings.is_empty() {
        return Vec::new();
    }
    (1..)
        .take_while(|&k| last_day(timeline, k) <= until)
        .filter(|&k| {
            let first = first_day(timeline, k);
            timeline.all_closed_on.is_none_or(|closed| closed >= first)
        })
        .collect()
}

fn first_day(timeline: &Timeline, k: u32) -> Date {
    timeline.monthly_report_month_start(k)
}

/// The last day of the month the `k`-th report covers.
fn last_day(timeline: &Timeline, k: u32) -> Date {
    add_days(add_months(first_day(timeline, k), 1), -1)
}

impl MonthlyTable {
    /// The `k`-th monthly table of `case`: each measure as it stood at the month's end
    /// ([`case_as_of`]), less those closed before the month began.
    pub fn of(case: &Case, timeline: &Timeline, k: u32) -> MonthlyTable {
        let report = timeline.monthly_report(k);
        let first = first_day(timeline, k);
        let last = last_day(timeline, k);
        let at_month_end = case_as_of(case, last);
        let mut rows = Vec::new();
        for finding in &at_month_end.findings {
            for m in &finding.measures {
                if closed_before(m, first) {
                    continue;
                }
                let deadline = deadline_on(m, last);
                let days_behind = overdue_days(m, last);
                rows.push(MonthlyRow {
                    finding_id: finding.id.clone(),
                    finding_title: finding.title.clone(),
                    area: finding.area.clone(),
                    measure_id: m.id.clone(),
                    action: m.action.clone(),
                    leader: m.leader.clone(),
                    units: m.units.clone(),
                    deadline,
                    deadline_was: (deadline != m.deadline).then_some(m.deadline),
                    status_zh: status_zh(m.status).to_owned(),
                    progress_this_month: progress_within(m, first, last),
                    on_schedule: days_behind.is_none(),
                    days_behind,
                });
            }
        }
        MonthlyTable {
            number: k,
            month: report.month.clone(),
            month_zh: format!("{}年{}月", first.year(), first.month()),
            first_day: first,
            last_day: last,
            due: report.due,
            behind: rows.iter().filter(|r| !r.on_schedule).count(),
            closed_this_month: rows.iter().filter(|r| r.status_zh == "已销号").count(),
            rows,
        }
    }
}

/// A measure closed before `first` (an undated closure counts as closed long before).
fn closed_before(m: &Measure, first: Date) -> bool {
    m.status == MeasureStatus::Closed && m.closed_on.or(m.completed_on).is_none_or(|c| c < first)
}

/// What moved in the month, oldest first: the dated updates, and the month's approved deadline
/// changes, completion and closure in words of their own ("2023年3月20日，整改完成。"), except
/// on a day an update already speaks for. `m` is as of the month's end.
fn progress_within(m: &Measure, first: Date, last: Date) -> Vec<ProgressUpdate> {
    let within = |d: Date| d >= first && d <= last;
    let mut entries: Vec<ProgressUpdate> =
        m.updates.iter().filter(|u| within(u.on)).cloned().collect();
    let mut events = Vec::new();
    let mut from = m.deadline;
    let mut changes: Vec<_> = m.deadline_changes.iter().collect();
    changes.sort_by_key(|c| c.approved_on);
    for c in changes {
        if within(c.approved_on) {
            events.push((c.approved_on, deadline_change_zh(from, c.to, &c.reason)));
        }
        from = c.to;
    }
    if let Some(done) = m.completed_on.filter(|d| within(*d)) {
        events.push((done, "整改完成。".to_owned()));
    }
    if let Some(closed) = m.closed_on.filter(|d| within(*d)) {
        events.push((closed, "经审核同意销号。".to_owned()));
    }
    for (on, text) in events {
        if !m.updates.iter().any(|u| u.on == on) {
            entries.push(ProgressUpdate { on, text });
        }
    }
    // A stable sort: on one day, the updates first, then the events in the order above.
    entries.sort_by_key(|u| u.on);
    entries
}

/// "经审批，完成时限由2023年4月30日调整为2023年6月30日（理由）。"
fn deadline_change_zh(from: Deadline, to: Deadline, reason: &str) -> String {
    let reason = reason.trim();
    let reason = if reason.is_empty() {
        String::new()
    } else {
        format!("（{reason}）")
    };
    format!(
        "经审批，完成时限由{}调整为{}{reason}。",
        deadline_zh(from),
        deadline_zh(to)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn case(measures: serde_json::Value) -> Case {
        serde_json::from_value(serde_json::json!({
            "version": 1,
            "round": {"name": "r", "team": "t", "feedback_date": "2022-11-30"},
            "unit": {"name": "u", "short_name": "u", "principal": {"name": "p", "title": "t"}},
            "findings": [{"id": "1", "area": "a", "title": "t", "measures": measures}],
        }))
        .unwrap()
    }

    #[test]
    fn months_number_from_the_end_of_the_centralised_period() {
        let c = case(
            serde_json::json!([{"id": "1.1", "action": "a", "leader": "p",
            "units": ["u"], "deadline": "2023-01-31"}]),
        );
        let t = Timeline::of(&c);
        assert_eq!(t.centralised_period_end, d("2023-02-28"));
        assert_eq!(report_number(&t, "2023-03"), Ok(1));
        assert_eq!(report_number(&t, "2024-03"), Ok(13));
        assert_eq!(
            report_number(&t, "2023-02"),
            Err(MonthError::BeforePeriodEnd {
                period_end: d("2023-02-28")
            })
        );
        for bad in ["2023-13", "2023-1", "23-01", "2023/01", "x", "2023-00"] {
            assert_eq!(report_number(&t, bad), Err(MonthError::Malformed), "{bad}");
        }
    }

    #[test]
    fn a_row_reads_its_standing_at_the_month_end_from_its_dates() {
        let c = case(serde_json::json!([
            {"id": "1.1", "action": "a", "leader": "p", "units": ["u"], "deadline": "2023-02-28",
             "status": "closed", "closure_standard": "s", "evidence": ["e"],
             "completed_on": "2023-04-10", "closed_on": "2023-05-05",
             "updates": [{"on": "2023-04-10", "text": "完成"}, {"on": "2023-03-20", "text": "起草"}]},
            {"id": "1.2", "action": "b", "leader": "p", "units": ["u"], "deadline": "2023-02-28",
             "status": "closed", "closure_standard": "s", "evidence": ["e"],
             "completed_on": "2023-02-20", "closed_on": "2023-03-27"},
            {"id": "1.3", "action": "c", "leader": "p", "units": ["u"], "deadline": "long_term",
             "status": "long_term"}
        ]));
        let t = Timeline::of(&c);
        // March 2023: 1.1 behind (deadline Feb 28, done Apr 10), 1.2 closed on Mar 27.
        let mar = MonthlyTable::of(&c, &t, 1);
        assert_eq!(mar.month_zh, "2023年3月");
        assert_eq!(
            (mar.first_day, mar.last_day),
            (d("2023-03-01"), d("2023-03-31"))
        );
        assert_eq!(mar.due, d("2023-04-30"));
        assert_eq!(mar.rows.len(), 3);
        assert_eq!(mar.rows[0].status_zh, "推进中");
        assert_eq!(mar.rows[0].days_behind, Some(31));
        assert_eq!(mar.rows[0].progress_this_month.len(), 1);
        assert_eq!(mar.rows[0].progress_this_month[0].text, "起草");
        assert_eq!(mar.rows[1].status_zh, "已销号");
        assert!(mar.rows[2].on_schedule);
        assert_eq!((mar.behind, mar.closed_this_month), (1, 1));
        // April: 1.2 is gone (closed before April), 1.1 completed on Apr 10.
        let apr = MonthlyTable::of(&c, &t, 2);
        let ids: Vec<&str> = apr.rows.iter().map(|r| r.measure_id.as_str()).collect();
        assert_eq!(ids, ["1.1", "1.3"]);
        assert_eq!(apr.rows[0].status_zh, "已完成");
        assert!(apr.rows[0].on_schedule);
        assert_eq!(apr.rows[0].progress_this_month[0].text, "完成");
    }

    #[test]
    fn a_completion_a_closure_or_a_deadline_change_in_the_month_is_its_progress() {
        let c = case(serde_json::json!([
            {"id": "1.1", "action": "a", "leader": "p", "units": ["u"], "deadline": "2023-03-31",
             "status": "closed", "closure_standard": "s", "evidence": ["e"],
             "completed_on": "2023-03-20", "closed_on": "2023-04-12"},
            {"id": "1.2", "action": "b", "leader": "p", "units": ["u"], "deadline": "2023-03-15",
             "status": "in_progress",
             "deadline_changes": [{"approved_on": "2023-03-10", "to": "2023-06-30", "reason": "项目审批顺延"}],
             "updates": [{"on": "2023-03-25", "text": "完成初稿"}]},
            {"id": "1.3", "action": "c", "leader": "p", "units": ["u"], "deadline": "2023-03-31",
             "status": "completed", "completed_on": "2023-03-28",
             "updates": [{"on": "2023-03-28", "text": "制度已印发"}]}
        ]));
        let t = Timeline::of(&c);
        let texts = |table: &MonthlyTable, row: usize| -> Vec<(String, String)> {
            table.rows[row]
                .progress_this_month
                .iter()
                .map(|u| (u.on.to_string(), u.text.clone()))
                .collect()
        };
        let mar = MonthlyTable::of(&c, &t, 1);
        assert_eq!(texts(&mar, 0), [("2023-03-20".into(), "整改完成。".into())]);
        assert_eq!(mar.rows[0].status_zh, "已完成");
        assert_eq!(
            texts(&mar, 1),
            [
                (
                    "2023-03-10".into(),
                    "经审批，完成时限由2023年3月15日调整为2023年6月30日（项目审批顺延）。".into()
                ),
                ("2023-03-25".into(), "完成初稿".into()),
            ]
        );
        // The office's own words on the day of completion speak for it.
        assert_eq!(texts(&mar, 2), [("2023-03-28".into(), "制度已印发".into())]);
        let apr = MonthlyTable::of(&c, &t, 2);
        assert_eq!(
            texts(&apr, 0),
            [("2023-04-12".into(), "经审核同意销号。".into())]
        );
        assert_eq!(apr.rows[0].status_zh, "已销号");
        assert!(
            apr.rows[1].progress_this_month.is_empty(),
            "nothing moved in April"
        );
    }

    #[test]
    fn reports_stop_after_the_month_everything_closed() {
        let c = case(serde_json::json!([
            {"id": "1.1", "action": "a", "leader": "p", "units": ["u"], "deadline": "2023-02-28",
             "status": "closed", "closure_standard": "s", "evidence": ["e"],
             "completed_on": "2023-04-10", "closed_on": "2023-05-05"}
        ]));
        let t = Timeline::of(&c);
        // March, April, May are reported (closed during May); June is not.
        assert_eq!(reports_made_by(&c, &t, d("2023-12-31")), vec![1, 2, 3]);
        // March's table can be made from its last day on, before it falls due (April 30).
        assert_eq!(reports_made_by(&c, &t, d("2023-04-29")), vec![1]);
        assert_eq!(reports_made_by(&c, &t, d("2023-03-31")), vec![1]);
        assert!(reports_made_by(&c, &t, d("2023-03-30")).is_empty());
    }
}
