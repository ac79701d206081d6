"""A third-party plugin that claims names other distributions use too."""
