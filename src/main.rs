use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match annex_audit::cli::Cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version on stdout with code 0, usage errors with code 2.
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    match annex_audit::run::run(
        cli,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}
