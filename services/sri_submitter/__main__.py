"""`python -m services.sri_submitter [migrate | install-demo-certificate --company-id N --ruc R]`.

Without a command it runs the service (RPC, the submit_document consumer, the SRI worker).
"""
import sys

from services.sri_submitter.app import SPEC
from services.sri_submitter.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["install-demo-certificate"]:
        from services.sri_submitter.certificates.demo import main as install_demo_certificate

        install_demo_certificate(sys.argv[2:])
    else:
        main(SPEC, Settings)
