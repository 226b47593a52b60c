"""Tools for module authors: ``python -m lab_helpers.authoring new 04 service-integration ...``.

See docs/AUTHORING.md for the whole way from a plan to a finished module.
"""
