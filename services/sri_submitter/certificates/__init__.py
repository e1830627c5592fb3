"""Company signing certificates: reading a .p12 (several key pairs, the signing one picked),
its metadata and checks, sealing at rest, the store and cache, uploads and the demo certificate."""
