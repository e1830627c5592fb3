"""SRI simulator: a stand-in for the tax authority's offline SOAP web services (dev/test only)."""
