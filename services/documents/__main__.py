from services.documents.app import SPEC
from services.documents.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
