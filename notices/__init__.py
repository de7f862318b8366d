"""Notices (通知公告): drafting, approval by the publishing department's leaders, audiences, read receipts, expiry."""
