"""The app's pages, one module per page (each names the role it needs), and what they share."""
