"""Adversarial tests: one small site per hostile input (issue 6)."""
