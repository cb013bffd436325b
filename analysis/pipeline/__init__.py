"""The jobs: build a story, run a quick list, start a new story."""
