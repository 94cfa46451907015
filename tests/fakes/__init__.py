"""fakes tests."""
