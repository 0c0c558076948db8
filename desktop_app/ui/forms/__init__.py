"""The generic form engine: any category of the pack rendered from its declaration."""
