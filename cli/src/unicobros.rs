//! `recaudo unicobros ...` (being built).

use clap::Args;

use crate::Globals;
use crate::output::{CliError, Report};

#[derive(Args)]
pub struct UnicobrosArgs {}

pub async fn run(_globals: &Globals, _args: UnicobrosArgs) -> Result<Report, CliError> {
    Err(CliError::new("unsupported", "unicobros commands are not built yet"))
}
