"""The command line (school-report): one module per group of subcommands."""
