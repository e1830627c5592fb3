"""Response shapes of inventory: decimals as strings (price 4, quantity 3, rate 4 decimals)."""
