from services.renderer_mailer.app import SPEC
from services.renderer_mailer.settings import Settings
from shared.runtime.runner import main

if __name__ == "__main__":
    main(SPEC, Settings)
