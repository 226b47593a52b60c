"""The exercises of each module, one file per module (m00.py, m01.py, ...)."""
