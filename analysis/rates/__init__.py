"""Per-capita rates: population by definition, rates, noncitizen rates, results read back."""
