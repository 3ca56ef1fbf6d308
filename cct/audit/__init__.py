"""The audit log: who changed what, when, from → to — written from the `audited` signal that operations send."""
