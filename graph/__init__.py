"""The knowledge graph: data model, JSON export, and the stores that answer Cypher."""
