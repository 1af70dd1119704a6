//! `xunshi schema`: print the case file's JSON Schema (draft-07), as checked in at
//! `schemas/case.schema.json`.

use super::error::CliError;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), CliError> {
    print!("{}", crate::case::schema::schema_json());
    Ok(())
}
