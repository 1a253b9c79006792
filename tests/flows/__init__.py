"""Whole flows against real local servers and files: pipeline, store, CLI, mail, scheduler, golden digests, packaging."""
