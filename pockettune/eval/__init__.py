"""Measuring pockettune: machine/version stamps for results, and later ROUGE and the bench."""
