"""The SRI's (Ecuador's tax authority) published reference data, defined once.

External facts only, no business rules of our own (CONVENTIONS, "Our conventions" 2):

- `shared.sri.catalogues`: FT code tables (IVA codigoPorcentaje, tax codes,
  identification types, codDoc, formaPago, ambiente, tipoEmision).
- `shared.sri.iva`: the IVA rates the law allows on an issue date, each with its legal basis.
- `shared.sri.identification`: cédula and RUC check digits (módulo 10 / módulo 11).
- `shared.sri.timezone`: mainland Ecuador time (UTC-5, no DST).
- `shared.sri.taxpayer`: the issuer's contribuyente especial, agente de retención,
  RIMPE and obligado a llevar contabilidad values as the XSDs and the law allow them.
- `shared.sri.wsdl`: the packaged reception and authorization WSDLs.

Import the submodule you need, e.g. `from shared.sri.catalogues import iva_code`.
The SRI simulator keeps its own copies on purpose: it plays the SRI.
"""
