"""Forms: read filled worksheets (PDF, DOCX, YAML) back into typed answers."""
