"""Writers: Markdown to Word, plain text and PDF."""
