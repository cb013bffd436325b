"""One story's evidence: its counts, its geographies and the published claims to check."""
