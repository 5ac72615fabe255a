"""Helpers of the test suite (never shipped in the cchc package)."""
