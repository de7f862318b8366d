"""双轨试运行 pages: the programme, the rules, paper worklists, reconciliation, paper-only items and
the usage reports. Thin: forms validate, services act, selectors read."""
