"""Typed certificate errors; each carries a stable code and a Spanish message for the user."""
from __future__ import annotations

from datetime import datetime


def _day(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y")


class CertificateError(ValueError):
    code = "certificate_error"

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class WrongPassword(CertificateError):
    code = "certificate_wrong_password"

    def __init__(self) -> None:
        super().__init__("La contraseña del certificado es incorrecta o el archivo no es un .p12 válido.")


class NoSigningCertificate(CertificateError):
    code = "certificate_not_for_signing"

    def __init__(self) -> None:
        super().__init__("El archivo no contiene un certificado RSA de firma digital con su clave privada "
                         "(el certificado de cifrado no sirve para firmar comprobantes).")


class CertificateExpired(CertificateError):
    code = "certificate_expired"

    def __init__(self, valid_to: datetime) -> None:
        super().__init__(f"El certificado de firma electrónica venció el {_day(valid_to)}; cargue uno vigente.")


class CertificateNotYetValid(CertificateError):
    code = "certificate_not_yet_valid"

    def __init__(self, valid_from: datetime) -> None:
        super().__init__(f"El certificado de firma electrónica será válido recién desde el {_day(valid_from)}.")


class RucMismatch(CertificateError):
    code = "certificate_ruc_mismatch"

    def __init__(self, expected: str, found: str | None) -> None:
        self.expected, self.found = expected, found
        if found is None:
            message = f"El certificado no indica un RUC; se esperaba el RUC {expected} de la empresa."
        else:
            message = f"El certificado pertenece al RUC {found}, no al RUC {expected} de la empresa."
        super().__init__(message)


class SealError(CertificateError):
    code = "certificate_unreadable"

    def __init__(self) -> None:
        super().__init__("No se pudo descifrar el certificado almacenado (la clave SECRETS_KEY cambió "
                         "o los datos fueron alterados); vuelva a cargar el certificado.")


class CertificateMissing(CertificateError):
    code = "certificate_missing"

    def __init__(self) -> None:
        super().__init__("La empresa no tiene certificado de firma electrónica; cárguelo en "
                         "Configuración (PUT /settings/certificate) y reintente el envío.")
