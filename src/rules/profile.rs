//! The rules profile (整改规则): the 办法 as data. Every time limit of the timeline with its
//! counting convention (calendar months, calendar days, or working days with the office's
//! holiday list), the bodies the timeline names, and the round summary's issuing defaults live
//! in one [`Profile`]; every due date in the product is computed from it. The built-in profile
//! is the Guangxi 《巡视整改和成果运用办法》 of 2022, each figure with the passage it comes from,
//! and figures the 办法 does not give marked as the office's own convention. An office's
//! `rules.yaml` overrides it ([`crate::case::rules_file`] reads and prints the file).
//!
//! Every limit counts from the day after its starting event, so a limit of 15 days from a
//! report received on 2023-02-28 ends on 2023-03-15, and one of 1 month on 2023-03-28.

use super::calendar::{add_days, add_months};
use crate::case::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, LazyLock};

/// 整改规则
///
/// 巡视整改各项时限、时限的计算方法、各责任主体的名称和汇总报告的默认发文信息。未写的项沿用内置规则（广西《巡视整改和成果运用办法》，2022年）。
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "整改规则")]
pub struct Profile {
    /// 规则名称
    ///
    /// 规则依据的办法，如“中共广西壮族自治区委员会巡视整改和成果运用办法（2022年）”。
    pub name: String,
    /// 时限
    ///
    /// 每项时限写 months（个月）、days（日）或 working_days（工作日）之一，可加 basis 写明依据。
    pub limits: Limits,
    /// 工作日历
    ///
    /// 按工作日计算的时限所用的节假日和调休上班日。
    pub calendar: Calendar,
    /// 责任主体名称
    ///
    /// 状态视图、台账和公文中称呼各责任主体的名称。
    pub bodies: Bodies,
    /// 汇总报告
    ///
    /// xunshi summary 的默认发文机关和主送机关（设置文件 xunshi.yaml 的 summary 和命令行选项优先）。
    pub summary: SummaryDefaults,
}

/// 时限
///
/// 各项时限，均自起算事件的次日起计算。
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// 集中整改期
    ///
    /// 自收到巡视反馈意见之日起。
    pub centralised_period: Limit,
    /// 集中整改进展情况报告
    ///
    /// 自巡视反馈之日起，向纪委监委机关报送集中整改进展情况报告的时限。
    pub progress_report: Limit,
    /// 专项检查整改进展情况报告
    ///
    /// 自巡视反馈之日起，向组织部、宣传部、巡视办等报送专项检查整改进展情况报告的时限。
    pub special_reports: Limit,
    /// 巡视整改监督情况报告
    ///
    /// 自集中整改期结束之日起，纪委监委机关和组织部向巡视工作领导小组报送监督情况的时限。
    pub supervision_report: Limit,
    /// 再反馈期限
    ///
    /// 自巡视反馈之日起，主要负责人在此期限内调整的，应向新任主要负责人再反馈。
    pub repeat_feedback_window: Limit,
    /// 纪委监委机关审核进展情况报告
    ///
    /// 自收到集中整改进展情况报告之日起，向被巡视党组织书面反馈审核意见的时限。
    pub discipline_commission_review: Limit,
    /// 组织部协助审核进展情况报告
    ///
    /// 自收到集中整改进展情况报告之日起，将审核意见提供纪委监委机关的时限。
    pub organisation_department_review: Limit,
    /// 组织部审核选人用人专项检查整改报告
    ///
    /// 自收到报告之日起，向被巡视党组织书面反馈审核意见的时限。
    pub cadre_selection_review: Limit,
    /// 巡视组协助审核进展情况报告
    ///
    /// 自收到集中整改进展情况报告之日起，将审核意见提供纪委监委机关的时限。
    pub inspection_team_review: Limit,
    /// 整改方案审核
    ///
    /// 自收到整改方案之日起审核机关反馈审核意见的时限；不写（null）时沿用该审核机关审核进展情况报告的时限。
    #[serde(default)]
    pub plan_review: Option<Limit>,
    /// 巡视建议书回复
    ///
    /// 巡视建议书未写回复期限（reply_due）时，自建议书成文日期起的回复时限。
    pub recommendation_reply: Limit,
    /// 月报表报送日
    ///
    /// 集中整改期后的月报表在所报月份的次月几日前报送（1–31，超过当月天数时为月末）；不写（null）时为反馈日期的同一日。
    #[serde(default)]
    #[schemars(range(min = 1, max = 31))]
    pub monthly_report_day: Option<u8>,
}

/// 一项时限
///
/// months（个月）、days（日）、working_days（工作日）三者写一个。
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// 个月
    ///
    /// 按日历月计算，到期日为目标月的同一日（该月没有这一日时为月末）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 120))]
    pub months: Option<u32>,
    /// 日
    ///
    /// 按自然日计算。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 3650))]
    pub days: Option<u32>,
    /// 工作日
    ///
    /// 按工作日计算：周一至周五，除去 calendar.holidays，加上 calendar.working_weekends。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 2500))]
    pub working_days: Option<u32>,
    /// 依据
    ///
    /// 这一时限出自哪里，如办法的条文；打印规则（xunshi rules）时作为注释写出。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// A limit's length and how it is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Months(u32),
    Days(u32),
    WorkingDays(u32),
}

impl Limit {
    /// A limit with its basis.
    fn of(span: Span, basis: &str) -> Limit {
        let (months, days, working_days) = match span {
            Span::Months(n) => (Some(n), None, None),
            Span::Days(n) => (None, Some(n), None),
            Span::WorkingDays(n) => (None, None, Some(n)),
        };
        Limit {
            months,
            days,
            working_days,
            basis: Some(basis.to_owned()),
        }
    }

    /// The limit's length: its one unit, months first when a file wrongly gave several
    /// (loading refuses that, at the line).
    pub fn span(&self) -> Span {
        match (self.months, self.days, self.working_days) {
            (Some(m), _, _) => Span::Months(m),
            (None, Some(d), _) => Span::Days(d),
            (None, None, Some(w)) => Span::WorkingDays(w),
            (None, None, None) => Span::Days(0),
        }
    }

    /// How many units the limit names (a well-formed limit names one).
    pub fn units_given(&self) -> usize {
        [
            self.months.is_some(),
            self.days.is_some(),
            self.working_days.is_some(),
        ]
        .into_iter()
        .filter(|given| *given)
        .count()
    }

    /// The last day of the limit counted from `start` (its first day is the day after).
    pub fn due_from(&self, start: Date, calendar: &Calendar) -> Date {
        match self.span() {
            Span::Months(m) => add_months(start, m as i32),
            Span::Days(d) => add_days(start, d as i32),
            Span::WorkingDays(w) => calendar.add_working_days(start, w),
        }
    }

    /// The limit as a document states it: 3个月, 1年, 20日, 10个工作日.
    pub fn text_zh(&self) -> String {
        match self.span() {
            Span::Months(m) if m % 12 == 0 => format!("{}年", m / 12),
            Span::Months(m) => format!("{m}个月"),
            Span::Days(d) => format!("{d}日"),
            Span::WorkingDays(w) => format!("{w}个工作日"),
        }
    }
}

/// 工作日历
///
/// 国务院每年公布的节假日安排（含调休）无法推算，由单位自行维护。
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// 节假日
    ///
    /// 不计入工作日的日期（法定节假日及其放假调休的工作日），如 2023-10-02。
    #[serde(default)]
    pub holidays: Vec<Date>,
    /// 调休上班日
    ///
    /// 计入工作日的周六、周日，如 2023-10-07。
    #[serde(default)]
    pub working_weekends: Vec<Date>,
}

impl Calendar {
    /// Whether `day` is a working day: Monday to Friday unless a holiday, or a weekend day the
    /// office works.
    pub fn is_working_day(&self, day: Date) -> bool {
        use jiff::civil::Weekday;
        let weekend = matches!(day.0.weekday(), Weekday::Saturday | Weekday::Sunday);
        if weekend {
            self.working_weekends.contains(&day)
        } else {
            !self.holidays.contains(&day)
        }
    }

    /// The `n`-th working day after `start`.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut counted = 0;
        // A year of non-working days in a row would be a broken calendar; stop counting then.
        let mut idle = 0;
        while counted < n && idle < 366 {
            let next = add_days(day, 1);
            if next == day {
                break;
            }
            day = next;
            if self.is_working_day(day) {
                counted += 1;
                idle = 0;
            } else {
                idle += 1;
            }
        }
        day
    }
}

/// 责任主体名称
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bodies {
    /// 纪委监委机关
    ///
    /// 牵头审核进展情况报告、接收月报表和各项审核意见的纪检监察机关，如“纪委监委机关”。
    pub discipline_commission: String,
    /// 组织部
    ///
    /// 协助审核进展情况报告、审核选人用人专项检查整改的组织部门，如“党委组织部”。
    pub organisation_department: String,
    /// 宣传部
    ///
    /// 接收意识形态工作专项检查整改报告的宣传部门，如“党委宣传部”。
    pub propaganda_department: String,
    /// 巡视办
    ///
    /// 接收巡察工作专项检查整改报告、发出巡视建议书的巡视工作机构，如“党委巡视办”。
    pub inspection_office: String,
    /// 巡视组
    ///
    /// 协助审核进展情况报告、开展再反馈的巡视组，如“巡视组”。
    pub inspection_team: String,
    /// 巡视工作领导小组
    ///
    /// 接收巡视整改监督情况报告的领导小组，如“巡视工作领导小组”。
    pub leading_group: String,
    /// 被巡视党组织
    ///
    /// 各项整改责任的承担者，如“被巡视党组织”（巡察时为“被巡察党组织”）。
    pub unit: String,
}

/// 汇总报告的默认发文信息
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryDefaults {
    /// 发文机关
    ///
    /// 汇总报告的发文机关，如“自治区党委巡视工作领导小组办公室”。
    pub issuer: String,
    /// 主送机关
    ///
    /// 汇总报告的主送机关，如 [自治区党委巡视工作领导小组]。
    pub recipients: Vec<String>,
}

/// The passage of the 2022 Guangxi 办法 (as its interview states it) behind a figure.
const GX: &str = "《中共广西壮族自治区委员会巡视整改和成果运用办法》（2022年）";

impl Profile {
    /// The built-in profile: the Guangxi 办法 of 2022.
    pub fn guangxi_2022() -> Profile {
        let from = |passage: &str| format!("{GX}：{passage}");
        let convention = |what: &str| format!("本办惯例（办法未规定）：{what}");
        Profile {
            name: GX.trim_matches(['《', '》']).replace("》（", "（"),
            limits: Limits {
                centralised_period: Limit::of(
                    Span::Months(3),
                    &from("“被巡视党组织自收到巡视反馈意见之日起3个月内，组织开展集中整改”"),
                ),
                progress_report: Limit::of(
                    Span::Months(3),
                    &from("“在巡视反馈3个月内，向自治区纪委监委机关报送集中整改进展情况报告”"),
                ),
                special_reports: Limit::of(
                    Span::Months(3),
                    &from(
                        "“分别向自治区党委组织部、宣传部、巡视办等报送有关专项检查反馈意见的整改进展情况报告”（与进展情况报告同一时限）",
                    ),
                ),
                supervision_report: Limit::of(
                    Span::Months(3),
                    &from(
                        "“在集中整改期结束3个月内，向自治区党委巡视工作领导小组报送巡视整改监督情况”",
                    ),
                ),
                repeat_feedback_window: Limit::of(
                    Span::Months(12),
                    &from(
                        "“被巡视党组织主要负责人在巡视反馈1年内调整的，再次向新任主要负责人反馈巡视意见”",
                    ),
                ),
                discipline_commission_review: Limit::of(
                    Span::Months(1),
                    &from(
                        "纪委监委机关“自收到集中整改进展情况报告之日起1个月内，要向被巡视党组织书面反馈审核意见”",
                    ),
                ),
                organisation_department_review: Limit::of(
                    Span::Days(20),
                    &from("组织部“自收到报告之日起20日内，要将审核意见提供给自治区纪委监委机关”"),
                ),
                cadre_selection_review: Limit::of(
                    Span::Months(1),
                    &from(
                        "组织部审核选人用人专项检查整改进展情况报告，“自收到集中整改进展情况报告之日起1个月内，向被巡视党组织书面反馈审核意见”",
                    ),
                ),
                inspection_team_review: Limit::of(
                    Span::Days(15),
                    &from("巡视组“自收到报告之日起15日内，将审核意见提供自治区纪委监委机关”"),
                ),
                plan_review: None,
                recommendation_reply: Limit::of(
                    Span::Months(2),
                    &convention("巡视建议书未写回复期限时，自成文日期起2个月内回复"),
                ),
                monthly_report_day: None,
            },
            calendar: Calendar::default(),
            bodies: Bodies {
                discipline_commission: "纪委监委机关".into(),
                organisation_department: "党委组织部".into(),
                propaganda_department: "党委宣传部".into(),
                inspection_office: "党委巡视办".into(),
                inspection_team: "巡视组".into(),
                leading_group: "巡视工作领导小组".into(),
                unit: "被巡视党组织".into(),
            },
            summary: SummaryDefaults {
                issuer: "自治区党委巡视工作领导小组办公室".into(),
                recipients: vec!["自治区党委巡视工作领导小组".into()],
            },
        }
    }

    /// Where the figures without a passage of their own come from, as `xunshi rules` prints
    /// them: the 办法 says nothing of them.
    pub const PLAN_REVIEW_DEFAULT_ZH: &'static str =
        "本办惯例（办法只要求“及时反馈”，未定时限）：沿用该审核机关审核进展情况报告的时限";
    pub const MONTHLY_DAY_DEFAULT_ZH: &'static str =
        "本办惯例（办法只说“每月定期以报表形式报告”）：次月与反馈日期同一日";
}

/// The rules profile a case is judged by, shared by every case that one file governs.
#[derive(Clone)]
pub struct Rules(pub Arc<Profile>);

static BUILT_IN: LazyLock<Rules> = LazyLock::new(|| Rules(Arc::new(Profile::guangxi_2022())));

impl Rules {
    /// The built-in profile.
    pub fn built_in() -> Rules {
        BUILT_IN.clone()
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::built_in()
    }
}

impl std::ops::Deref for Rules {
    type Target = Profile;
    fn deref(&self) -> &Profile {
        &self.0
    }
}

impl PartialEq for Rules {
    fn eq(&self, other: &Rules) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rules({})", self.0.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn limits_count_from_the_day_after_their_event() {
        let calendar = Calendar::default();
        let received = d("2023-02-28");
        let limit = |span| Limit::of(span, "");
        assert_eq!(
            limit(Span::Months(1)).due_from(received, &calendar),
            d("2023-03-28")
        );
        assert_eq!(
            limit(Span::Days(15)).due_from(received, &calendar),
            d("2023-03-15")
        );
        assert_eq!(limit(Span::WorkingDays(10)).text_zh(), "10个工作日");
        assert_eq!(limit(Span::Months(12)).text_zh(), "1年");
        assert_eq!(limit(Span::Months(18)).text_zh(), "18个月");
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_and_count_working_weekends() {
        // 2023 National Day: 9-29 to 10-06 off, 10-07 and 10-08 (Sat, Sun) worked.
        let mut holidays = vec![d("2023-09-29")];
        holidays.extend((2..=6).map(|day| d(&format!("2023-10-0{day}"))));
        let calendar = Calendar {
            holidays,
            working_weekends: vec![d("2023-10-07"), d("2023-10-08")],
        };
        // Received Thu 9-28: 9-29 (Fri) off, 9-30/10-01 weekend, 10-02..06 off, then
        // 10-07 (Sat, worked) is the first working day, 10-08 the second, 10-09 (Mon) third.
        assert_eq!(
            calendar.add_working_days(d("2023-09-28"), 1),
            d("2023-10-07")
        );
        assert_eq!(
            calendar.add_working_days(d("2023-09-28"), 3),
            d("2023-10-09")
        );
        // Without a calendar, weekends alone: Fri 2023-03-03 + 1 working day is Mon 03-06.
        let plain = Calendar::default();
        assert_eq!(plain.add_working_days(d("2023-03-03"), 1), d("2023-03-06"));
        assert_eq!(plain.add_working_days(d("2023-03-03"), 5), d("2023-03-10"));
    }

    #[test]
    fn every_built_in_limit_names_one_unit_and_its_basis() {
        let p = Profile::guangxi_2022();
        let l = &p.limits;
        for limit in [
            &l.centralised_period,
            &l.progress_report,
            &l.special_reports,
            &l.supervision_report,
            &l.repeat_feedback_window,
            &l.discipline_commission_review,
            &l.organisation_department_review,
            &l.cadre_selection_review,
            &l.inspection_team_review,
            &l.recommendation_reply,
        ] {
            assert_eq!(limit.units_given(), 1, "{limit:?}");
            assert!(limit.basis.as_deref().is_some_and(|b| b.len() > 10));
        }
        assert_eq!(
            p.name,
            "中共广西壮族自治区委员会巡视整改和成果运用办法（2022年）"
        );
    }
}
