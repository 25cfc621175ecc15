//! `recaudo cooplan ...` (being built).

use clap::Args;

use crate::Globals;
use crate::output::{CliError, Report};

#[derive(Args)]
pub struct CooplanArgs {}

pub async fn run(_globals: &Globals, _args: CooplanArgs) -> Result<Report, CliError> {
    Err(CliError::new("unsupported", "cooplan commands are not built yet"))
}
