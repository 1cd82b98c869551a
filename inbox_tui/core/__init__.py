"""The pure core: models and policies. No I/O, no Textual."""
