//! The case file's JSON Schema: generated from the model types (draft-07, for editors), and
//! used to validate a parsed document, each error turned into a diagnostic of our own wording
//! (Chinese and English), placed by the position index.

use super::diagnostic::{Diagnostic, Source};
use super::model::Case;
use super::yaml::{PositionIndex, child_index, child_key};
use jsonschema::error::ValidationErrorKind;
use schemars::generate::SchemaSettings;
use serde_json::Value;
use std::sync::OnceLock;

/// A file's JSON Schema and its validator: the case file's ([`case`]) and the rules
/// profile's ([`crate::rules::profile`]), generated from their model types and validated alike.
pub struct FileSchema {
    value: Value,
    validator: jsonschema::Validator,
    /// What the file is called in a message about its top level (案卷, 规则文件).
    top_zh: &'static str,
}

impl FileSchema {
    /// The schema generated from `T`, polished for editors.
    pub fn of<T: schemars::JsonSchema>(top_zh: &'static str) -> FileSchema {
        Self::from_generated::<T>(top_zh, |_| {})
    }

    /// The schema generated from `T`, changed by `adjust` before it is polished.
    pub fn from_generated<T: schemars::JsonSchema>(
        top_zh: &'static str,
        adjust: impl FnOnce(&mut Value),
    ) -> FileSchema {
        let generator = SchemaSettings::draft07().into_generator();
        let mut value = generator.into_root_schema_for::<T>().to_value();
        adjust(&mut value);
        polish(&mut value);
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&value)
            .expect("the generated schema is valid");
        FileSchema {
            value,
            validator,
            top_zh,
        }
    }

    /// The schema as a JSON value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The schema as pretty JSON with a final newline, as checked in under `schemas/`.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.value).expect("a schema serialises");
        text.push('\n');
        text
    }
}

/// The case file's schema (generated once).
pub fn case() -> &'static FileSchema {
    static SCHEMA: OnceLock<FileSchema> = OnceLock::new();
    SCHEMA.get_or_init(|| FileSchema::of::<Case>("案卷"))
}

/// The schema of a case file, as the pretty JSON checked in at `schemas/case.schema.json`.
pub fn schema_json() -> String {
    case().json()
}

/// The schema of a case file as a JSON value.
pub fn schema_value() -> &'static Value {
    case().value()
}

/// Editors' conventions on top of what schemars writes: the first paragraph of each doc
/// comment becomes the `title`, the rest the `description`; an enum of documented constants
/// becomes `enum` plus `enumDescriptions` (shown by the VS Code YAML extension).
fn polish(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description").cloned()
                && let Some((title, rest)) = text.split_once("\n\n")
            {
                map.entry("title")
                    .or_insert_with(|| Value::String(title.trim().to_owned()));
                map.insert("description".into(), Value::String(rest.trim().to_owned()));
            }
            if let Some(Value::Array(branches)) = map.get("oneOf")
                && !branches.is_empty()
                && branches
                    .iter()
                    .all(|b| b.get("const").is_some_and(Value::is_string))
            {
                let values: Vec<Value> = branches.iter().map(|b| b["const"].clone()).collect();
                let descriptions: Vec<Value> = branches
                    .iter()
                    .map(|b| {
                        b.get("description")
                            .cloned()
                            .unwrap_or(Value::String(String::new()))
                    })
                    .collect();
                // The Chinese name of each code is a value too (推进中 for in_progress), listed so
                // editors complete it; loading turns it into its code ([`accept_chinese_values`]).
                let (mut values, mut descriptions) = (values, descriptions);
                for (code, description) in values.clone().iter().zip(descriptions.clone()) {
                    let (Some(code), Some(description)) = (code.as_str(), description.as_str())
                    else {
                        continue;
                    };
                    let name = chinese_name(description);
                    if code.is_ascii() && !name.is_empty() {
                        values.push(Value::String(name.to_owned()));
                        descriptions.push(Value::String(format!("{description}（即 {code}）")));
                    }
                }
                map.remove("oneOf");
                map.insert("type".into(), "string".into());
                map.insert("enum".into(), Value::Array(values));
                map.insert("enumDescriptions".into(), Value::Array(descriptions));
            }
            for child in map.values_mut() {
                polish(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(polish),
        _ => {}
    }
}

/// The Chinese name a code's description gives it: the description up to a bracket
/// (已完成（待销号） → 已完成).
fn chinese_name(description: &str) -> &str {
    description.split(['（', '(']).next().unwrap_or("").trim()
}

/// Turns a value written in Chinese where the schema expects a code into that code: the code's
/// Chinese name (推进中 → in_progress, 长期坚持 → long_term), or a beginning or end of it that
/// names one code only (组织部 → organisation_department, 长期 → long_term). Runs before
/// validation, so a Chinese value is read as if the code had been written.
pub fn accept_chinese_values(file: &'static FileSchema, value: &mut Value) {
    fn walk(file: &'static FileSchema, value: &mut Value, steps: &mut Vec<Step>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    steps.push(Step::Key(key.clone()));
                    walk(file, child, steps);
                    steps.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    steps.push(Step::Index(i));
                    walk(file, child, steps);
                    steps.pop();
                }
            }
            Value::String(written) if !written.is_ascii() => {
                if let Some(code) =
                    property_schema(file, steps).and_then(|s| code_for(file, s, written))
                {
                    *value = Value::String(code);
                }
            }
            _ => {}
        }
    }
    walk(file, value, &mut Vec::new());
}

/// The code of the choices of `schema` that `written` names in Chinese.
fn code_for(file: &'static FileSchema, schema: &Value, written: &str) -> Option<String> {
    let written = written.trim();
    let choices = coded_choices(file, schema);
    if let Some((code, _)) = choices
        .iter()
        .find(|(_, d)| d == written || chinese_name(d) == written)
    {
        return Some(code.clone());
    }
    // A part of a name (组织部, 长期) names a code only when it is long enough to mean one.
    if written.chars().count() < 2 {
        return None;
    }
    let mut partial = choices.iter().filter(|(_, d)| {
        let name = chinese_name(d);
        name.starts_with(written) || name.ends_with(written)
    });
    let (code, _) = partial.next()?;
    partial.next().is_none().then(|| code.clone())
}

/// The (code, Chinese description) choices a schema offers, through `$ref`s, `anyOf`/`oneOf`
/// branches (an optional enum, a date or `long_term`) and enums described for editors.
fn coded_choices(file: &'static FileSchema, schema: &Value) -> Vec<(String, String)> {
    let root = &file.value;
    let mut schema = schema;
    for _ in 0..16 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => match root.pointer(r.trim_start_matches('#')) {
                Some(s) => schema = s,
                None => return Vec::new(),
            },
            None => break,
        }
    }
    let mut out = Vec::new();
    if let (Some(Value::Array(codes)), Some(Value::Array(descriptions))) =
        (schema.get("enum"), schema.get("enumDescriptions"))
    {
        for (code, description) in codes.iter().zip(descriptions) {
            if let (Some(c), Some(d)) = (code.as_str(), description.as_str())
                && c.is_ascii()
            {
                out.push((c.to_owned(), d.to_owned()));
            }
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match (
                branch.get("const").and_then(Value::as_str),
                branch.get("description"),
            ) {
                (Some(c), Some(Value::String(d))) => out.push((c.to_owned(), d.clone())),
                _ => out.extend(coded_choices(file, branch)),
            }
        }
    }
    out
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Follows `$ref`, a single-entry `allOf`, and the non-null branch of an `anyOf` until the
/// schema that actually describes the value.
fn resolve<'v>(file: &'static FileSchema, schema: &'v Value) -> &'v Value {
    let root = &file.value;
    let mut current = schema;
    for _ in 0..16 {
        if let Some(Value::String(r)) = current.get("$ref") {
            let pointer = r.trim_start_matches('#');
            match root.pointer(pointer) {
                Some(s) => current = s,
                None => return current,
            }
        } else if let Some(Value::Array(all)) = current.get("allOf")
            && all.len() == 1
        {
            current = &all[0];
        } else if let Some(Value::Array(any)) = current.get("anyOf")
            && let Some(branch) = non_null_branch(any)
        {
            current = branch;
        } else {
            return current;
        }
    }
    current
}

fn non_null_branch(branches: &[Value]) -> Option<&Value> {
    let others: Vec<&Value> = branches
        .iter()
        .filter(|b| b.get("type") != Some(&Value::String("null".into())))
        .collect();
    (others.len() == 1 && branches.len() == 2).then(|| others[0])
}

/// The (resolved) schema of the value at `steps`, if the schema describes one there.
pub fn subschema_at(file: &'static FileSchema, steps: &[Step]) -> Option<&'static Value> {
    let mut current = resolve(file, &file.value);
    for step in steps {
        current = match step {
            Step::Key(k) => resolve(file, current.get("properties")?.get(k)?),
            Step::Index(_) => resolve(file, current.get("items")?),
        };
    }
    Some(current)
}

/// The property schema (unresolved, so with its own title) of the field at `steps`.
fn property_schema(file: &'static FileSchema, steps: &[Step]) -> Option<&'static Value> {
    let (last, parent) = steps.split_last()?;
    let parent = subschema_at(file, parent)?;
    match last {
        Step::Key(k) => parent.get("properties")?.get(k),
        Step::Index(_) => parent.get("items"),
    }
}

/// The description of the field at `steps` (what a comment about it says), if it has one.
pub fn description_at(file: &'static FileSchema, steps: &[Step]) -> Option<&'static str> {
    let schema = property_schema(file, steps)?;
    schema
        .get("description")
        .or_else(|| resolve(file, schema).get("description"))
        .and_then(Value::as_str)
}

/// The Chinese title of the field at `steps` (`责任领导`), if it has one.
pub fn title_at(file: &'static FileSchema, steps: &[Step]) -> Option<&'static str> {
    let schema = property_schema(file, steps)?;
    schema
        .get("title")
        .or_else(|| resolve(file, schema).get("title"))
        .and_then(Value::as_str)
}

fn field_path(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        path = match step {
            Step::Key(k) => child_key(&path, k),
            Step::Index(i) => child_index(&path, *i),
        };
    }
    path
}

/// JSON pointer to steps, using the instance to tell array indices from numeric keys.
fn steps_of(pointer: &str, instance: &Value) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut current = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        match current {
            Some(Value::Array(items)) => {
                let i: usize = segment.parse().unwrap_or(0);
                current = items.get(i);
                steps.push(Step::Index(i));
            }
            Some(Value::Object(map)) => {
                current = map.get(&segment);
                steps.push(Step::Key(segment));
            }
            _ => {
                current = None;
                steps.push(Step::Key(segment));
            }
        }
    }
    steps
}

/// Turns numbers and booleans written where the schema expects text back into the text the
/// user wrote: `id: 1.1` is the id “1.1”, not a type error.
pub fn coerce_text_fields(file: &'static FileSchema, value: &mut Value, index: &PositionIndex) {
    let mut paths: Vec<(&String, &String)> = index.raw.iter().collect();
    paths.sort();
    for (path, raw) in paths {
        let steps = parse_field_path(path);
        let Some(schema) = subschema_at(file, &steps) else {
            continue;
        };
        if !wants_text(schema) {
            continue;
        }
        if let Some(slot) = value_at_mut(value, &steps) {
            *slot = Value::String(raw.clone());
        }
    }
}

fn wants_text(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => {
            ts.iter().any(|t| t == "string")
                && !ts
                    .iter()
                    .any(|t| t == "integer" || t == "number" || t == "boolean")
        }
        None => schema.get("anyOf").is_some_and(|any| {
            any.as_array()
                .is_some_and(|bs| bs.iter().any(|b| b.get("type") == Some(&"string".into())))
        }),
        _ => false,
    }
}

/// `unit.leaders[2].name` to steps.
pub fn parse_field_path(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                steps.push(Step::Key(rest[..open].to_owned()));
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']').unwrap_or(stripped.len());
                steps.push(Step::Index(stripped[..close].parse().unwrap_or(0)));
                rest = stripped.get(close + 1..).unwrap_or("");
            }
        } else {
            steps.push(Step::Key(rest.to_owned()));
        }
    }
    steps
}

fn value_at_mut<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut current = value;
    for step in steps {
        current = match step {
            Step::Key(k) => current.as_object_mut()?.get_mut(k)?,
            Step::Index(i) => current.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(current)
}

/// Validates the parsed document against the schema; every problem, in our words.
pub fn validate(
    file: &'static FileSchema,
    value: &Value,
    index: &PositionIndex,
    source: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let at_file = Described {
        file,
        root: value,
        index,
        source,
    };
    for error in file.validator.iter_errors(value) {
        let steps = steps_of(error.instance_path().as_str(), value);
        describe(&at_file, error.kind(), error.instance(), &steps, &mut out);
    }
    out.sort_by_key(|d| (d.line, d.column));
    out.dedup_by(|a, b| a.field == b.field && a.message_zh == b.message_zh);
    // A missing field whose misspelling was just pointed out needs no second complaint.
    let misspelt: Vec<String> = out
        .iter()
        .filter_map(|d| {
            let (_, rest) = d.message_en.split_once("did you mean `")?;
            let name = rest.split('`').next()?;
            Some(child_key(super::yaml::parent(&d.field), name))
        })
        .collect();
    out.retain(|d| {
        !(d.message_en.starts_with("missing required field `")
            && misspelt.iter().any(|m| {
                d.message_en
                    .split('`')
                    .nth(1)
                    .is_some_and(|name| *m == child_key(&d.field, name))
            }))
    });
    out
}

/// Where the value being described sits: its file's schema and positions, and the whole
/// document (for errors inside `anyOf` branches, whose paths start at the root).
struct Described<'a> {
    file: &'static FileSchema,
    root: &'a Value,
    index: &'a PositionIndex,
    source: &'a Source<'a>,
}

fn describe(
    at_file: &Described<'_>,
    kind: &ValidationErrorKind,
    instance: &Value,
    steps: &[Step],
    out: &mut Vec<Diagnostic>,
) {
    let Described {
        file,
        root,
        index,
        source,
    } = *at_file;
    let field = field_path(steps);
    let name = field_label(file, steps);
    let at = index.locate(&field);
    let shown = show(instance);
    let is_date_field =
        subschema_at(file, steps).is_some_and(|s| s.get("format") == Some(&"date".into()));
    let last_key = steps.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    });

    let (zh, en): (String, String) = match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<String> = subschema_at(file, steps)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            for key in unexpected {
                let key_path = child_key(&field, key);
                // `months：2` or `centralised_period：{ months: 2 }`: a full-width colon made
                // the name and the value one key.
                if let Some((name, value)) = key.split_once('：')
                    && allowed.iter().any(|a| a == name.trim())
                {
                    let name = name.trim();
                    let value = value.trim();
                    out.push(source.error(
                        index.locate_key(&key_path),
                        &key_path,
                        format!(
                            "“{name}”后面是全角冒号“：”：名称和值之间须用半角冒号加一个空格，请写作 {name}: {value}"
                        ),
                        format!("a full-width colon after `{name}`; write `{name}: {value}`"),
                    ));
                    continue;
                }
                let suggestion =
                    by_title(file, steps, key, &allowed).or_else(|| did_you_mean(key, &allowed));
                let (hint_zh, hint_en) = match &suggestion {
                    Some(s) => {
                        let mut with = steps.to_vec();
                        with.push(Step::Key(s.clone()));
                        let title = title_at(file, &with)
                            .map(|t| format!("（{t}）"))
                            .unwrap_or_default();
                        (
                            format!("您是不是想写 {s}{title}？"),
                            format!("did you mean `{s}`?"),
                        )
                    }
                    None => (
                        format!("此处可用的字段：{}", allowed.join("、")),
                        format!("allowed here: {}", allowed.join(", ")),
                    ),
                };
                out.push(source.error(
                    index.locate_key(&key_path),
                    &key_path,
                    format!("未知字段“{key}”。{hint_zh}"),
                    format!("unknown field `{key}`; {hint_en}"),
                ));
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let mut with = steps.to_vec();
            with.push(Step::Key(property.to_owned()));
            let title = title_at(file, &with)
                .map(|t| format!("（{t}）"))
                .unwrap_or_default();
            let place = if field.is_empty() {
                format!("{}顶层", file.top_zh)
            } else {
                format!("“{field}”")
            };
            (
                format!("{place}缺少必填字段 {property}{title}"),
                format!("missing required field `{property}`"),
            )
        }
        ValidationErrorKind::Type { .. } => {
            let expected = subschema_at(file, steps)
                .map(expected_type)
                .unwrap_or(("正确类型", "the right type"));
            let (hint_zh, hint_en) = type_hint(expected.0, instance);
            (
                format!("{name}应为{}，实际写的是{shown}。{hint_zh}", expected.0),
                format!(
                    "`{field}` must be {}, found {instance}. {hint_en}",
                    expected.1
                ),
            )
        }
        ValidationErrorKind::Format { format } if format == "date" => {
            date_message(&name, &field, instance)
        }
        ValidationErrorKind::Pattern { .. } if is_date_field => {
            date_message(&name, &field, instance)
        }
        ValidationErrorKind::AnyOf { .. } if last_key == Some("deadline") => {
            let text = instance.as_str().unwrap_or_default();
            let hint = chinese_date_hint(text)
                .map(|h| format!("请写作 {h}。"))
                .unwrap_or_default();
            (
                format!(
                    "{name}“{}”无效：应为 YYYY-MM-DD 形式的真实日期（如 2022-09-30），或 long_term 表示长期坚持。{hint}",
                    plain(instance)
                ),
                format!("`{field}`: {instance} is not a YYYY-MM-DD date nor long_term"),
            )
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // An optional value (`X or null`) of the wrong shape: explain against X.
            let relevant: Vec<_> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().any(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path().as_str() == steps_pointer(steps)
                            && subschema_type_is_null(file, e.schema_path().as_str())
                    })
                })
                .collect();
            if let Some(branch) = relevant.first() {
                for e in branch.iter() {
                    let inner = steps_of(e.instance_path().as_str(), root);
                    describe(at_file, e.kind(), e.instance(), &inner, out);
                }
                return;
            }
            (
                format!("{name}的写法不对（{shown}），请对照字段说明填写"),
                format!("`{field}` does not match any allowed form"),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            // A value written in Chinese (已销号) names its code by the Chinese the schema
            // gives each value (enumDescriptions), before any spelling guess.
            let described = subschema_at(file, steps)
                .and_then(|s| s.get("enumDescriptions"))
                .and_then(Value::as_array)
                .and_then(|zh| {
                    let written = instance.as_str()?.trim();
                    let at = zh.iter().position(|d| {
                        d.as_str().is_some_and(|d| {
                            !written.is_empty() && (d == written || d.starts_with(written))
                        })
                    })?;
                    choices.get(at).cloned()
                });
            let suggestion =
                described.or_else(|| instance.as_str().and_then(|s| did_you_mean(s, &choices)));
            let (hint_zh, hint_en) = match suggestion {
                Some(s) => (
                    format!("您是不是想写 {s}？"),
                    format!(" Did you mean `{s}`?"),
                ),
                None => (String::new(), String::new()),
            };
            (
                format!(
                    "{name}的值{shown}不是可选值之一，可选：{}。{hint_zh}",
                    choices.join("、")
                ),
                format!(
                    "`{field}`: {instance} is not one of {}.{hint_en}",
                    choices.join(", ")
                ),
            )
        }
        ValidationErrorKind::Constant { expected_value } => (
            format!("{name}只能是 {expected_value}，实际写的是{shown}"),
            format!("`{field}` must be {expected_value}, found {instance}"),
        ),
        ValidationErrorKind::MinLength { .. } => (
            format!("{name}不能为空"),
            format!("`{field}` must not be empty"),
        ),
        ValidationErrorKind::MinItems { limit } => (
            format!("{name}至少要填写 {limit} 项"),
            format!("`{field}` needs at least {limit} item(s)"),
        ),
        ValidationErrorKind::Minimum { limit } => (
            format!("{name}不能小于 {limit}，实际写的是{shown}"),
            format!("`{field}` must be at least {limit}, found {instance}"),
        ),
        ValidationErrorKind::Maximum { limit } => (
            format!("{name}不能大于 {limit}，实际写的是{shown}"),
            format!("`{field}` must be at most {limit}, found {instance}"),
        ),
        ValidationErrorKind::Pattern { pattern } if pattern.contains("{6}") => (
            format!("{name}应为 6 位阿拉伯数字（如 000001），实际写的是{shown}"),
            format!("`{field}` must be six digits such as 000001, found {instance}"),
        ),
        other => {
            let en = format!("{other:?}");
            (
                format!("{name}不符合要求（{shown}）"),
                format!("`{field}` is invalid: {en}"),
            )
        }
    };
    out.push(source.error(at, &field, zh, en));
}

fn steps_pointer(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        s.push('/');
        match step {
            Step::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

fn subschema_type_is_null(file: &'static FileSchema, schema_pointer: &str) -> bool {
    schema_pointer.ends_with("/type")
        && file
            .value
            .pointer(schema_pointer)
            .is_some_and(|t| t == "null")
}

fn expected_type(schema: &Value) -> (&'static str, &'static str) {
    let t = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => "",
    };
    match t {
        "string" => ("文字", "text"),
        "integer" => ("整数", "an integer"),
        "number" => ("数字", "a number"),
        "boolean" => (" true 或 false", "true or false"),
        "array" => ("列表（每项一行，以“- ”开头）", "a list"),
        "object" => ("映射（下一级的“键: 值”）", "a mapping"),
        _ => ("正确类型", "the right type"),
    }
}

fn type_hint(expected: &str, instance: &Value) -> (String, String) {
    match (expected, instance) {
        (" true 或 false", Value::String(s))
            if ["yes", "no", "on", "off", "y", "n", "是", "否"]
                .contains(&s.to_lowercase().as_str()) =>
        {
            (
                format!("“{s}”按文字处理，不会被当作是/否，请写 true 或 false。"),
                format!("`{s}` is text, not a boolean: write true or false."),
            )
        }
        ("文字", Value::Object(_)) => (
            "若文字中含有“: ”，请把整段文字用引号括起来。".to_owned(),
            "text containing `: ` must be quoted.".to_owned(),
        ),
        ("文字", Value::Null) => (
            "此项不能留空。".to_owned(),
            "it must not be empty.".to_owned(),
        ),
        (e, Value::String(_)) if e.starts_with("列表") => (
            "请写成列表，每项单独一行并以“- ”开头。".to_owned(),
            "write a list, one `- item` per line.".to_owned(),
        ),
        _ => (String::new(), String::new()),
    }
}

fn date_message(name: &str, field: &str, instance: &Value) -> (String, String) {
    let text = instance.as_str().unwrap_or_default();
    match chinese_date_hint(text) {
        Some(fixed) => (
            format!("{name}“{text}”的写法不对：日期应写作 YYYY-MM-DD，请写作 {fixed}"),
            format!("`{field}`: `{text}` must be written YYYY-MM-DD, i.e. {fixed}"),
        ),
        None => (
            format!("{name}“{text}”不是有效日期：应写作 YYYY-MM-DD 形式的真实日期，如 2022-07-15"),
            format!("`{field}`: `{text}` is not a valid YYYY-MM-DD date such as 2022-07-15"),
        ),
    }
}

/// `2022年7月1日`, `2022/7/1`, `2022.7.1`, `2022-7-1` to `2022-07-01`, when it is a real day.
pub fn chinese_date_hint(text: &str) -> Option<String> {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    if numbers.len() != 3 || numbers[0].len() != 4 {
        return None;
    }
    let candidate = format!("{}-{:0>2}-{:0>2}", numbers[0], numbers[1], numbers[2]);
    (candidate != text && super::values::Date::parse(&candidate).is_some()).then_some(candidate)
}

/// `字段“责任领导”（findings[0].measures[0].leader）` style label, short.
fn field_label(file: &'static FileSchema, steps: &[Step]) -> String {
    match title_at(file, steps) {
        Some(title) => format!("{title}（{}）", last_name(steps)),
        None if steps.is_empty() => file.top_zh.to_owned(),
        None => last_name(steps),
    }
}

fn last_name(steps: &[Step]) -> String {
    match steps.last() {
        Some(Step::Key(k)) => k.clone(),
        Some(Step::Index(i)) => format!("第 {} 项", i + 1),
        None => String::new(),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "空值".to_owned(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(30).collect();
            let more = if s.chars().count() > 30 { "…" } else { "" };
            format!("“{short}{more}”")
        }
        Value::Array(_) => "列表".to_owned(),
        Value::Object(_) => "映射".to_owned(),
    }
}

/// The allowed key whose Chinese title is `written` (`完成时限` for `deadline`): keys are
/// written in English, and a user who wrote the Chinese name needs only to be told which.
fn by_title(
    file: &'static FileSchema,
    steps: &[Step],
    written: &str,
    allowed: &[String],
) -> Option<String> {
    let written = written.trim();
    let title_of = |name: &String| {
        let mut with = steps.to_vec();
        with.push(Step::Key(name.clone()));
        title_at(file, &with)
    };
    allowed
        .iter()
        .find(|name| title_of(name) == Some(written))
        .or_else(|| {
            // The words offices use in their 台账 for a field of another title.
            let field = KEY_SYNONYMS
                .iter()
                .find(|(words, _)| words.contains(&written))
                .map(|(_, field)| *field)?;
            allowed.iter().find(|name| name.as_str() == field)
        })
        .or_else(|| {
            // One character off a Chinese title (问题描叙 for 问题描述).
            let mut near = allowed.iter().filter(|name| {
                title_of(name).is_some_and(|t| {
                    t.chars().count() >= 3 && strsim::damerau_levenshtein(t, written) == 1
                })
            });
            let first = near.next()?;
            near.next().is_none().then_some(first)
        })
        .cloned()
}

/// Chinese words an office writes as a key for a field whose title is another: (words, field).
/// Asked only where the field is allowed, so 状态 names a measure's `status` only in a measure.
const KEY_SYNONYMS: &[(&[&str], &str)] = &[
    (&["完成标准", "整改标准", "销号要求"], "closure_standard"),
    (&["整改时限", "完成期限", "时限"], "deadline"),
    (&["牵头领导", "分管领导"], "leader"),
    (&["牵头单位", "责任部门", "牵头部门"], "units"),
    (&["措施", "具体措施"], "action"),
    (&["状态", "整改进度"], "status"),
    (&["进展", "整改进展", "落实情况"], "progress"),
    (&["佐证资料", "证明材料", "支撑材料"], "evidence"),
    (&["问题", "反馈问题", "问题描述"], "title"),
    (&["问题所属方面", "方面", "类别"], "area"),
];

/// The closest allowed name, when it is close enough to be a typo.
pub fn did_you_mean(written: &str, allowed: &[String]) -> Option<String> {
    let lower = written.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(&lower, a), a))
        .filter(|(d, a)| *d <= 2.max(a.chars().count() / 4) && *d < a.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}
