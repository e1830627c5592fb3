"""sequencing's rules (pure: no I/O): series and their codes, numbers and why one is refused."""
