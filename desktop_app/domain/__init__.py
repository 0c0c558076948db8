"""Domain core: form packs, values, validation, periods, submissions. Plain Python only."""
