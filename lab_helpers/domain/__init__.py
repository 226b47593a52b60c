"""Domain functions shared by the modules (privacy, indicators, scenarios, finance)."""
