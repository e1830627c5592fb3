from services.sri_submitter.app import SPEC
from services.sri_submitter.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
