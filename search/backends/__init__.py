"""Search backends: embedded (tantivy) and Elasticsearch, behind one interface."""
