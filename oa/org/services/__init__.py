"""Every write to organisation data: role grants, tokens, imports, second-factor resets."""
