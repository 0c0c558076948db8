"""Bureau mode (区教体局汇总): the school register, the import pipeline, completeness and consolidation."""
