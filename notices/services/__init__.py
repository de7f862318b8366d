"""Every write to notices: editing.py (drafts, attachments), flow.py (the state graph, expiry),
reading.py (已阅, 回执, reminders)."""
