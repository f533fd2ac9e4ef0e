"""Message contracts (JSON Schema 2020-12) shipped as package data: see the *.schema.json files."""
