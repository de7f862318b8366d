"""Official documents (公文): drafting, approval, numbering, rendering, dispatch, receipt, handling.

The models, state machines and pages arrive with the outgoing (发文) and incoming (收文) work;
the foundation only reserves the app so every later feature has its home.
"""
