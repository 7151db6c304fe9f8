//! Deploying the Worker with wrangler: `cargo xtask deploy` for real, and the offline dry run
//! by which `cargo xtask test` proves the production bundle deploys.

use crate::process::run;
use crate::tools::{ensure_build_tools, wrangler};
use crate::{Result, root, scratch};

/// The D1 id `wrangler.toml` ships with; a deployment needs the id of a real database.
const PLACEHOLDER_DATABASE_ID: &str = "00000000-0000-0000-0000-000000000000";

/// `cargo xtask deploy`: `wrangler deploy` of the production configuration (`wrangler.toml`
/// without `--env`), which runs `cargo xtask build` first. Cloudflare credentials come from
/// `cargo xtask wrangler login` or `CLOUDFLARE_API_TOKEN`; the secrets were set beforehand.
pub fn deploy() -> Result {
    ensure_build_tools()?;
    let config = std::fs::read_to_string(root().join("wrangler.toml"))
        .map_err(|error| format!("cannot read wrangler.toml: {error}"))?;
    if production_database_id(&config) == Some(PLACEHOLDER_DATABASE_ID) {
        return Err(
            "wrangler.toml's [[d1_databases]] still has the placeholder database_id: create the \
             database with `cargo xtask wrangler d1 create sendready` and put its id there"
                .to_owned(),
        );
    }
    run(wrangler().arg("deploy"))
}

/// `wrangler deploy --dry-run`: builds, bundles and checks the production configuration as a
/// deployment would, without uploading, offline and with no Cloudflare account; the bundle is
/// written to `.sendready/deploy-dry-run/`.
pub fn dry_run() -> Result {
    let outdir = scratch().join("deploy-dry-run");
    let _ = std::fs::remove_dir_all(&outdir);
    run(wrangler()
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(&outdir)
        .env("XDG_CONFIG_HOME", scratch().join("config"))
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env_remove("CLOUDFLARE_API_TOKEN"))?;
    let bundle = outdir.join("index.js");
    if bundle.exists() {
        Ok(())
    } else {
        Err(format!(
            "wrangler's dry run wrote no {}; see its output above",
            bundle.display()
        ))
    }
}

/// `cargo xtask wrangler ARGS`: wrangler itself under Node 22, for the one-time steps before
/// the first deployment (`login`, `d1 create`, `secret put`).
pub fn wrangler_with(args: &[String]) -> Result {
    run(wrangler().args(args))
}

/// The `database_id` of the top-level `[[d1_databases]]` table (the one `deploy` uses).
fn production_database_id(config: &str) -> Option<&str> {
    let table = config.split("\n[[d1_databases]]").nth(1)?;
    let table = table.split("\n[").next()?;
    table.lines().find_map(|line| {
        let value = line.trim().strip_prefix("database_id")?.trim_start();
        Some(value.strip_prefix('=')?.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_production_database_id_is_read_from_the_top_level_table() {
        let config = "name = \"x\"\n\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"abc\"\n\n\
                      [[env.dev.d1_databases]]\ndatabase_id = \"dev\"\n";
        assert_eq!(production_database_id(config), Some("abc"));
        assert_eq!(production_database_id("name = \"x\"\n"), None);
    }
}
