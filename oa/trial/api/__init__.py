"""/api/v1/trials/ — programmes, rules, paper records and confirmations, reconciliation, paper-only
items and usage reports; the same services and permission checks as the pages."""
