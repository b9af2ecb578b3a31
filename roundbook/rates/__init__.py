"""The currency-rate table: made from the European Central Bank's reference-rate history, and
read to convert figures to US dollars (conversion.py: which rate, and why there is none).

`roundbook rates update` reads the ECB's eurofxref-hist file (downloaded, or a saved copy),
turns its daily euro rates into monthly rates to the US dollar (ecb_history.py), and rewrites
content/reference/currency-rates.yml (table_text.py). The same input always gives the same
bytes, so a reviewer can regenerate the table and compare.
"""
