"""Operating-system integration: MPRIS, screensaver inhibit."""
