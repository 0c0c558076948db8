"""Exporters: domain objects in, bytes out (pdf/, xlsx/, email/); atomic.py writes to disk."""
