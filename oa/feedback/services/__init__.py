"""Every write on feedback tickets: reporting (reporting.py), the state graph and comments
(flow.py), deadlines and auto-confirmation (watch.py), publishing to the portal FAQ (faq.py)."""
