"""Every write to deliveries (收文). Browser views, the API and commands call these and nothing else."""
