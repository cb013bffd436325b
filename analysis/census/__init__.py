"""Census Bureau data: national files, population products and vintages, the Census API, ACS."""
