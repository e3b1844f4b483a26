"""Federal Register notices: fetch or read one, find its dockets and numbered questions."""
