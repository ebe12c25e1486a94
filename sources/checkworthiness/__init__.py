"""Check-worthiness: rank news sentences for the fact-checkers' review queue.

The public entry point is :func:`sources.checkworthiness.scoring.get_scorer`.
"""
