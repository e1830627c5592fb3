from services.payments.app import SPEC
from services.payments.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
