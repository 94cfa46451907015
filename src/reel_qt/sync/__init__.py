"""Sync manager, source coordinator, credentials and the offline write queue."""
