"""What the tests build on: real local servers (HTTP, SMTP), feed builders, one way to run the CLI and the pipeline."""
