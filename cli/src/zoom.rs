//! `recaudo zoom ...` (being built).

use clap::Args;

use crate::Globals;
use crate::output::{CliError, Report};

#[derive(Args)]
pub struct ZoomArgs {}

pub async fn run(_globals: &Globals, _args: ZoomArgs) -> Result<Report, CliError> {
    Err(CliError::new("unsupported", "zoom commands are not built yet"))
}
