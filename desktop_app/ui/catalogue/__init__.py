"""The parts of the UI's one string catalogue, by the windows that own them; ui/i18n.py joins them."""
