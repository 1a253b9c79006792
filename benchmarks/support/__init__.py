"""What benchmarks run against: the loopback feed farm (``farm``) and its parts."""
