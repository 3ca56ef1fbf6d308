"""Telephony: Twilio voice and SMS webhooks, IVR, call records, outbound SMS."""
