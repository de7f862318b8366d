"""Every write to documents. Browser views, the API and commands call these and nothing else."""
