from services.inventory.app import SPEC
from services.inventory.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
