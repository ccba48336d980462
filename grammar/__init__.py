"""Turning a question (English, Hindi in Devanagari, romanized Hindi) into a core.Query."""
