//! The rectification timeline (整改时间表): every due date the rectification measures set,
//! computed from the case's dated events (the feedback date, the report's receipt, a change of
//! principal). The table in DOMAIN.md lives here and nowhere else; templates and the status
//! view read these values and never compute dates themselves.

use super::calendar::{add_days, add_months, months_between};
use super::profile::{Limit, Profile};
use crate::case::{
    Case, Date, FindingSource, MeasureStatus, Recommendation, Review, ReviewSubject, Reviewer,
};
use serde::Serialize;

/// The time limit the profile sets for `reviewer` reviewing `subject`: the discipline
/// commission's, the organisation department's (its own for the cadre-selection report, which
/// it reviews on its own account), the inspection team's; a plan by the profile's plan limit
/// when it sets one, else by the reviewer's.
pub fn review_limit(rules: &Profile, reviewer: Reviewer, subject: ReviewSubject) -> &Limit {
    let l = &rules.limits;
    if subject == ReviewSubject::Plan
        && let Some(plan) = &l.plan_review
    {
        return plan;
    }
    match (reviewer, subject) {
        (Reviewer::DisciplineCommission, _) => &l.discipline_commission_review,
        (Reviewer::OrganisationDepartment, ReviewSubject::CadreSelectionReport) => {
            &l.cadre_selection_review
        }
        (Reviewer::OrganisationDepartment, _) => &l.organisation_department_review,
        (Reviewer::InspectionTeam, _) => &l.inspection_team_review,
    }
}

/// A special-inspection progress report (专项检查整改进展情况报告) and who receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecialReport {
    pub source: FindingSource,
    /// The receiving department, as documents name it.
    pub recipient_zh: String,
    pub due: Date,
}

/// A review opinion's due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    pub review_id: String,
    pub reviewer: Reviewer,
    pub limit: Limit,
    pub limit_zh: String,
    pub received_on: Date,
    pub due: Date,
}

/// A change of principal and whether it triggers a repeat feedback (再反馈).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatFeedback {
    pub name: String,
    pub title: String,
    pub changed_on: Date,
    /// True when the change falls within the repeat-feedback window after the feedback date
    /// (its last day included).
    pub required: bool,
    pub done_on: Option<Date>,
}

/// One monthly report (月报表) after the centralised period: the month it covers and its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlyReport {
    /// `YYYY-MM` of the month reported on.
    pub month: String,
    pub due: Date,
}

/// Every due date of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub feedback_date: Date,
    /// 集中整改期届满: the feedback date plus the profile's centralised period.
    pub centralised_period_end: Date,
    /// 集中整改进展情况报告 to the discipline commission: the feedback date plus its limit.
    pub progress_report_due: Date,
    /// One per special inspection the case has findings from.
    pub special_reports: Vec<SpecialReport>,
    /// Due dates of the review opinions the case records.
    pub review_opinions: Vec<ReviewDue>,
    /// 巡视整改监督情况报告 to the leading group: the end of the centralised period plus its
    /// limit.
    pub supervision_report_due: Date,
    /// Last day on which a change of principal still triggers a repeat feedback.
    pub repeat_feedback_until: Date,
    pub repeat_feedbacks: Vec<RepeatFeedback>,
    /// The day every measure was closed or turned long-term, when that has happened: the
    /// final rectification report (整改报告) is then due.
    pub all_closed_on: Option<Date>,
    /// The day of the month monthly reports are due on, when the profile fixes one (else the
    /// feedback date's day).
    pub monthly_report_day: Option<u8>,
}

impl Timeline {
    pub fn of(case: &Case) -> Timeline {
        let rules = &case.rules;
        let limits = &rules.limits;
        let calendar = &rules.calendar;
        let feedback_date = case.round.feedback_date;
        let centralised_period_end = limits.centralised_period.due_from(feedback_date, calendar);
        let repeat_feedback_until = limits
            .repeat_feedback_window
            .due_from(feedback_date, calendar);
        Timeline {
            feedback_date,
            centralised_period_end,
            progress_report_due: limits.progress_report.due_from(feedback_date, calendar),
            special_reports: special_reports(
                case,
                limits.special_reports.due_from(feedback_date, calendar),
            ),
            review_opinions: case.reviews.iter().map(|r| review_due(rules, r)).collect(),
            supervision_report_due: limits
                .supervision_report
                .due_from(centralised_period_end, calendar),
            repeat_feedback_until,
            repeat_feedbacks: case
                .unit
                .principal_changes
                .iter()
                .map(|c| RepeatFeedback {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    changed_on: c.date,
                    required: c.date >= feedback_date && c.date <= repeat_feedback_until,
                    done_on: c
                        .refeedback_on
                        .or(c.refeedback_document.as_ref().map(|d| d.date)),
                })
                .collect(),
            all_closed_on: all_closed_on(case),
            monthly_report_day: limits.monthly_report_day,
        }
    }

    /// The `k`-th monthly report after the centralised period (k = 1, 2, …): it reports on the
    /// `k`-th calendar month from the day after the period ends (for a period ending on
    /// 2023-02-28, March 2023 first) and is due in the month after the one it covers, on the
    /// feedback date's day of the month, or the profile's own day (clamped): never before the
    /// month it reports on ends.
    pub fn monthly_report(&self, k: u32) -> MonthlyReport {
        let covered = self.monthly_report_month_start(k);
        let day_in_month = match self.monthly_report_day {
            Some(day) => Date(jiff::civil::date(
                covered.year(),
                covered.month(),
                (day.clamp(1, 31) as i8).min(covered.0.days_in_month()),
            )),
            None => self.feedback_date,
        };
        let due = add_months(day_in_month, months_between(day_in_month, covered) + 1);
        MonthlyReport {
            month: format!("{:04}-{:02}", covered.year(), covered.month()),
            due,
        }
    }

    /// The first day of the calendar month the `k`-th monthly report covers.
    pub fn monthly_report_month_start(&self, k: u32) -> Date {
        let after = add_days(self.centralised_period_end, 1);
        let first = Date(jiff::civil::date(after.year(), after.month(), 1));
        add_months(first, k.max(1) as i32 - 1)
    }

    /// The monthly reports due on or before `until` (none before the period ends). Each is due
    /// later than the one before; near the end of the calendar (`--on 9999-12-31`) the months
    /// saturate at its last day, and the list stops there instead of repeating it forever.
    pub fn monthly_reports_until(&self, until: Date) -> Vec<MonthlyReport> {
        let mut last: Option<Date> = None;
        (1..)
            .map(|k| self.monthly_report(k))
            .take_while(|r| {
                let later = last.is_none_or(|l| r.due > l);
                last = Some(r.due);
                later && r.due <= until
            })
            .collect()
    }
}

fn special_reports(case: &Case, due: Date) -> Vec<SpecialReport> {
    let mut sources: Vec<FindingSource> = Vec::new();
    for finding in &case.findings {
        if finding.source != FindingSource::Feedback && !sources.contains(&finding.source) {
            sources.push(finding.source);
        }
    }
    sources.sort_by_key(|s| *s as u8);
    sources
        .into_iter()
        .map(|source| SpecialReport {
            source,
            recipient_zh: report_recipient(&case.rules, source).to_owned(),
            due,
        })
        .collect()
}

/// Who receives the progress report on the findings of `source`: the discipline commission
/// for the feedback's own, the department of each special inspection for its report.
pub fn report_recipient(rules: &Profile, source: FindingSource) -> &str {
    let bodies = &rules.bodies;
    match source {
        FindingSource::Feedback => &bodies.discipline_commission,
        FindingSource::CadreSelection => &bodies.organisation_department,
        FindingSource::Ideology => &bodies.propaganda_department,
        FindingSource::InspectionWork => &bodies.inspection_office,
    }
}

fn review_due(rules: &Profile, review: &Review) -> ReviewDue {
    let limit = review_limit(rules, review.reviewer, review.subject).clone();
    ReviewDue {
        review_id: review.id.clone(),
        reviewer: review.reviewer,
        limit_zh: limit.text_zh(),
        due: limit.due_from(review.received_on, &rules.calendar),
        limit,
        received_on: review.received_on,
    }
}

/// The day a recommendation letter's recipient replies by: the letter's own `reply_due`, else
/// the profile's reply limit after the letter's date.
pub fn recommendation_reply_due(rules: &Profile, letter: &Recommendation) -> Date {
    letter.reply_due.unwrap_or_else(|| {
        rules
            .limits
            .recommendation_reply
            .due_from(letter.document.date, &rules.calendar)
    })
}

/// The due date of the duty an item of one of the case's lists carries (a review's opinion, a
/// letter's reply, a transfer's feedback, the supervision report), with the time limit behind
/// it as a document states it when the measures set one (1个月, 15日). Any document about
/// that item, built-in kind or an office's own, states this date; `None` for lists whose
/// items carry no dated duty.
pub fn item_due(case: &Case, list: &str, index: usize) -> Option<ItemDue> {
    let undated_limit = |due| ItemDue {
        due,
        limit_zh: None,
    };
    match list {
        "recommendations" => case
            .recommendations
            .get(index)
            .map(|letter| undated_limit(recommendation_reply_due(&case.rules, letter))),
        "reviews" => case.reviews.get(index).map(|review| {
            let due = review_due(&case.rules, review);
            ItemDue {
                due: due.due,
                limit_zh: Some(due.limit_zh),
            }
        }),
        "transfers" => case
            .transfers
            .get(index)
            .and_then(|t| t.feedback_due)
            .map(undated_limit),
        "supervision" => Some(undated_limit(Timeline::of(case).supervision_report_due)),
        _ => None,
    }
}

/// A list item's due date ([`item_due`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDue {
    pub due: Date,
    /// The time limit behind `due` as a document states it, when the measures set one.
    pub limit_zh: Option<String>,
}

/// The latest closure date when every measure is closed or long-term, else `None`.
fn all_closed_on(case: &Case) -> Option<Date> {
    let mut latest: Option<Date> = None;
    for measure in case.findings.iter().flat_map(|f| &f.measures) {
        match measure.status {
            MeasureStatus::LongTerm => {}
            MeasureStatus::Closed => {
                latest = latest.max(measure.closed_on.or(measure.completed_on))
            }
            _ => return None,
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn review_limits_follow_the_reviewer() {
        let rules = Profile::guangxi_2022();
        let received = d("2023-02-28");
        let due = |r, s| review_limit(&rules, r, s).due_from(received, &rules.calendar);
        assert_eq!(
            due(
                Reviewer::DisciplineCommission,
                ReviewSubject::ProgressReport
            ),
            d("2023-03-28")
        );
        assert_eq!(
            due(
                Reviewer::OrganisationDepartment,
                ReviewSubject::ProgressReport
            ),
            d("2023-03-20")
        );
        assert_eq!(
            due(
                Reviewer::OrganisationDepartment,
                ReviewSubject::CadreSelectionReport
            ),
            d("2023-03-28")
        );
        assert_eq!(
            due(Reviewer::InspectionTeam, ReviewSubject::ProgressReport),
            d("2023-03-15")
        );
        assert_eq!(
            review_limit(&rules, Reviewer::InspectionTeam, ReviewSubject::Plan).text_zh(),
            "15日"
        );
        // A profile's own limit for plans applies to every reviewer of a plan.
        let mut own = rules.clone();
        own.limits.plan_review = Some(crate::rules::profile::Limit {
            months: None,
            days: Some(10),
            working_days: None,
            basis: None,
        });
        assert_eq!(
            review_limit(&own, Reviewer::DisciplineCommission, ReviewSubject::Plan).text_zh(),
            "10日"
        );
    }

    #[test]
    fn monthly_reports_start_after_the_period_and_clamp() {
        let t = Timeline {
            feedback_date: d("2022-11-30"),
            centralised_period_end: d("2023-02-28"),
            progress_report_due: d("2023-02-28"),
            special_reports: vec![],
            review_opinions: vec![],
            supervision_report_due: d("2023-05-28"),
            repeat_feedback_until: d("2023-11-30"),
            repeat_feedbacks: vec![],
            all_closed_on: None,
            monthly_report_day: None,
        };
        assert_eq!(
            t.monthly_report(1),
            MonthlyReport {
                month: "2023-03".into(),
                due: d("2023-04-30")
            }
        );
        assert_eq!(t.monthly_report(2).due, d("2023-05-30"));
        assert_eq!(t.monthly_report(2).month, "2023-04");
        // A period ending mid-month: the rest of that month is the first one reported.
        let mid = Timeline {
            feedback_date: d("2022-11-15"),
            centralised_period_end: d("2023-02-15"),
            ..t.clone()
        };
        assert_eq!(mid.monthly_report(1).month, "2023-02");
        assert_eq!(mid.monthly_report(1).due, d("2023-03-15"));
        // Every report falls due after the last day of the month it covers.
        for tl in [&t, &mid] {
            for k in 1..=14 {
                let start = tl.monthly_report_month_start(k);
                let next_month = add_months(start, 1);
                assert!(tl.monthly_report(k).due >= next_month, "report {k}");
            }
        }
        // A profile's own day: the 5th of the month after the month covered.
        let fifth = Timeline {
            monthly_report_day: Some(5),
            ..t.clone()
        };
        assert_eq!(fifth.monthly_report(1).due, d("2023-04-05"));
        let thirty_first = Timeline {
            monthly_report_day: Some(31),
            ..t.clone()
        };
        assert_eq!(thirty_first.monthly_report(1).due, d("2023-04-30"));
        assert!(t.monthly_reports_until(d("2023-04-29")).is_empty());
        assert_eq!(t.monthly_reports_until(d("2023-05-30")).len(), 2);
    }
}
