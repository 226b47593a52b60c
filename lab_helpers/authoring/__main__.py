"""Run the authors' tools: ``python -m lab_helpers.authoring new --help``."""

from .new_module import main

raise SystemExit(main())
