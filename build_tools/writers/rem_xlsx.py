"""REM-<dispositif>.xlsx (placeholder until the REM writer lands)."""
