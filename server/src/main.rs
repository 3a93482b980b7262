use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    skillpass_server::cli::main().await
}
