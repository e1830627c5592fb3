"""The gateway's endpoints (aiohttp views); routes.py maps paths to them."""
