"""Mediated reply drafts: language, intent, trigger and template drafts, offline and pure."""
