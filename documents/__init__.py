"""Official documents (公文): 发文 — drafting, approval, numbering, rendering, dispatch, archiving — in this
package; 收文 — deliveries, registration, instructions, handling, circulation, deadlines — in `incoming/`."""
