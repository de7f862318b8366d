"""Notices (通知公告) and read receipts. Reserved by the foundation; built with the notices work."""
