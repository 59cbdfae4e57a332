"""Results in other systems' formats: FHIR R4 resources (fhir.py) for api/ and counsel/'s exports,
and a result as a PDF (pdf.py, pdf.css) for keep/ and counsel/'s client copy."""
