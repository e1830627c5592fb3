from services.sequencing.app import SPEC
from services.sequencing.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
