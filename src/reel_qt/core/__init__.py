"""Domain records, errors, the event bus, the task registry, paths and settings."""
