"""sequencing's entry points, thin: read the request or message once, call the use case,
shape the reply. One module per message family; app.py maps RPC methods and queues to them."""
