"""The SRI's SOAP web services (reception, authorization), as a client."""
